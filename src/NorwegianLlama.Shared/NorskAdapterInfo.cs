using System.Collections.Specialized;

namespace NorwegianLlama;

/// <summary>What a GGUF LoRA adapter file says about itself (Get-NorskModelInfo on an adapter), read without loading it.</summary>
public sealed class NorskAdapterInfo
{
    public string Name { get; init; } = "";
    public string Path { get; init; } = "";
    public long SizeBytes { get; init; }

    /// <summary>adapter.type: "lora" for the adapters -LoraPath takes.</summary>
    public string? AdapterType { get; init; }

    /// <summary>The architecture of the base model the adapter was made for (general.architecture).</summary>
    public string? BaseArchitecture { get; init; }

    /// <summary>The base model's name when the converter recorded it (general.base_model.0.name).</summary>
    public string? BaseModelName { get; init; }

    /// <summary>adapter.lora.alpha; llama.cpp multiplies each change by scale × alpha / rank (by scale alone without alpha).</summary>
    public float? Alpha { get; init; }

    /// <summary>The rank r of the low-rank factors; null when the pairs differ.</summary>
    public long? Rank { get; init; }

    /// <summary>The kinds of weight changed, as PEFT's target_modules: attn_q, attn_v, ffn_down, …</summary>
    public string[] TargetModules { get; init; } = [];

    /// <summary>The base model tensors the adapter changes (blk.0.attn_q.weight, …).</summary>
    public string[] TargetTensors { get; init; } = [];

    public int TargetTensorCount { get; init; }

    /// <summary>The storage type of the factors (F16, F32, BF16, Q8_0).</summary>
    public string? TensorType { get; init; }

    public long ParameterCount { get; init; }
    public uint GgufVersion { get; init; }
    public long TensorCount { get; init; }

    /// <summary>Every metadata key in file order; arrays longer than a few items are summarised.</summary>
    public OrderedDictionary Metadata { get; init; } = new();

    /// <summary>Why the adapter cannot be applied on its own (not a LoRA, malformed factors); null when it can.</summary>
    public string? Problem { get; init; }

    public override string ToString() => Path;
}
