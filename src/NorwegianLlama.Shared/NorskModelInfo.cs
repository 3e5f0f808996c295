using System.Collections.Specialized;

namespace NorwegianLlama;

/// <summary>What a GGUF model file says about itself, read without loading its weights.</summary>
public sealed class NorskModelInfo
{
    public string Name { get; init; } = "";
    public string Path { get; init; } = "";
    public long SizeBytes { get; init; }
    public string? Architecture { get; init; }
    public long ParameterCount { get; init; }
    public string? FileType { get; init; }
    public long? ContextLength { get; init; }
    public long? EmbeddingLength { get; init; }
    public long? BlockCount { get; init; }
    public long? FeedForwardLength { get; init; }
    public long? HeadCount { get; init; }
    public long? HeadCountKv { get; init; }
    public long? VocabularySize { get; init; }
    public string? TokenizerModel { get; init; }
    public long? BosTokenId { get; init; }
    public long? EosTokenId { get; init; }
    public string? ChatTemplate { get; init; }
    public uint GgufVersion { get; init; }
    public long TensorCount { get; init; }

    /// <summary>Every metadata key in file order; arrays longer than a few items are summarised.</summary>
    public OrderedDictionary Metadata { get; init; } = new();

    /// <summary>Whether the weights were in the module's cache when this object was made.</summary>
    public bool IsLoaded { get; init; }

    /// <summary>
    /// For a cache entry (Get-NorskModelInfo -Loaded, Import-NorskModel -PassThru): the LoRA adapters it applies,
    /// in path order; empty for the entry without adapters and for a model file.
    /// </summary>
    public string[] LoraPath { get; init; } = [];

    /// <summary>The scale of each adapter in <see cref="LoraPath"/>.</summary>
    public float[] LoraScale { get; init; } = [];

    /// <summary>
    /// For a cache entry: the KV cache types of calls that do not choose their own, keys/values as llama.cpp names
    /// them ("q8_0/q4_0"); null for a model file.
    /// </summary>
    public string? KvCacheType { get; init; }

    /// <summary>
    /// For a cache entry: whether llama.cpp repacked its weights for the CPU (Import-NorskModel without -NoRepack);
    /// false for a model file.
    /// </summary>
    public bool Repacked { get; init; }

    /// <summary>
    /// For a cache entry: how many of its layers llama.cpp runs on the GPU, 0 where they all run on the CPU (always,
    /// on a machine without a GPU backend); more than <see cref="BlockCount"/> includes the output layer. Null for a
    /// model file.
    /// </summary>
    public int? GpuLayers { get; init; }

    public override string ToString() => Path;
}
