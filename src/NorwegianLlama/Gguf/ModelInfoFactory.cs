using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Linq;

namespace NorwegianLlama.Gguf;

/// <summary>Turns a parsed GGUF header into the facts a person asks about a model.</summary>
internal static class ModelInfoFactory
{
    /// <param name="loras">The adapters of the cache entry this describes; none for a model file.</param>
    /// <param name="kvCache">The KV cache types of the entry's calls; none for a model file.</param>
    /// <param name="repacked">Whether the cache entry's weights were repacked for the CPU; false for a model file.</param>
    /// <param name="gpuLayers">The cache entry's layers on the GPU; null for a model file.</param>
    public static NorskModelInfo Create(
        GgufFile file, string path, bool isLoaded, Inference.LoraSet? loras = null, Inference.KvCacheTypes? kvCache = null, bool repacked = false,
        int? gpuLayers = null)
    {
        string? architecture = file.FindString("general.architecture");
        long? Hyper(string name) => architecture is null ? null : file.FindInteger($"{architecture}.{name}");

        return new NorskModelInfo
        {
            Name = file.FindString("general.name") ?? Path.GetFileNameWithoutExtension(path),
            Path = path,
            SizeBytes = file.FileSize,
            Architecture = architecture,
            ParameterCount = file.Tensors.Sum(t => t.ElementCount),
            FileType = DescribeFileType(file),
            ContextLength = Hyper("context_length"),
            EmbeddingLength = Hyper("embedding_length"),
            BlockCount = Hyper("block_count"),
            FeedForwardLength = Hyper("feed_forward_length"),
            HeadCount = Hyper("attention.head_count"),
            // llama.cpp falls back to the head count when a model has no grouped-query attention.
            HeadCountKv = Hyper("attention.head_count_kv") ?? Hyper("attention.head_count"),
            VocabularySize = file.Find("tokenizer.ggml.tokens")?.Array?.Count,
            TokenizerModel = file.FindString("tokenizer.ggml.model"),
            BosTokenId = file.FindInteger("tokenizer.ggml.bos_token_id"),
            EosTokenId = file.FindInteger("tokenizer.ggml.eos_token_id"),
            ChatTemplate = file.FindString("tokenizer.chat_template"),
            GgufVersion = file.Version,
            TensorCount = file.Tensors.Count,
            Metadata = Summarise(file.Metadata),
            IsLoaded = isLoaded,
            LoraPath = loras?.Adapters.Select(a => a.Path).ToArray() ?? [],
            LoraScale = loras?.Adapters.Select(a => a.Scale).ToArray() ?? [],
            KvCacheType = kvCache?.ToString(),
            Repacked = repacked,
            GpuLayers = gpuLayers,
        };
    }

    private static string? DescribeFileType(GgufFile file)
    {
        if (file.FindInteger("general.file_type") is long declared && declared is >= 0 and <= uint.MaxValue)
        {
            return LlamaFileType.NameOf((uint)declared);
        }

        // Without the key, the type holding most weights is the honest answer.
        return file.Tensors
            .Where(t => t.Dimensions.Count >= 2)
            .GroupBy(t => t.TypeName)
            .OrderByDescending(g => g.Sum(t => t.ElementCount))
            .Select(g => g.Key)
            .FirstOrDefault();
    }

    internal static OrderedDictionary Summarise(IReadOnlyList<KeyValuePair<string, GgufValue>> metadata)
    {
        var summary = new OrderedDictionary(metadata.Count);
        foreach (var pair in metadata)
        {
            summary[pair.Key] = Present(pair.Value);
        }

        return summary;
    }

    private static object? Present(object? value) => value switch
    {
        GgufValue { Array: { } array } => array.Items is null
            ? $"[{array.Count} × {array.ElementType}]"
            : array.Items.Select(Present).ToArray(),
        GgufValue scalar => scalar.Scalar,
        _ => value,
    };
}
