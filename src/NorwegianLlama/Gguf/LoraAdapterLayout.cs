using System.Collections.Generic;
using System.Linq;

namespace NorwegianLlama.Gguf;

/// <summary>One adapted weight: the base tensor it targets and its two low-rank factors.</summary>
/// <param name="Rank">r, the dimension lora_a and lora_b share.</param>
internal sealed record LoraPair(string BaseTensor, GgufTensorInfo A, GgufTensorInfo B, long Rank)
{
    /// <summary>
    /// llama.cpp looks the embedding's rows up by token id, so its factors are stored the other way round:
    /// lora_a [r, vocab] and lora_b [r, embd] instead of lora_a [in, r] and lora_b [r, out].
    /// </summary>
    public bool IsTokenEmbedding => BaseTensor.EndsWith("token_embd.weight", System.StringComparison.Ordinal);

    /// <summary>The base tensor's [ne0, ne1] these factors fit.</summary>
    public (long In, long Out) FitsBase => IsTokenEmbedding ? (B.Dimensions[1], A.Dimensions[1]) : (A.Dimensions[0], B.Dimensions[1]);
}

/// <summary>What a well-formed LoRA adapter file holds, as llama.cpp's adapter loader reads it.</summary>
/// <param name="Alpha">adapter.lora.alpha; null when absent, which llama.cpp treats as "scale by 1, not alpha / rank".</param>
internal sealed record LoraAdapterLayout(string Architecture, float? Alpha, IReadOnlyList<LoraPair> Pairs)
{
    /// <summary>The rank every pair shares, or null when they differ.</summary>
    public long? Rank => Pairs.Select(p => p.Rank).Distinct().Count() == 1 ? Pairs[0].Rank : null;

    /// <summary>
    /// The kinds of weight adapted, without the layer (blk.7.attn_q.weight → attn_q), as PEFT's target_modules
    /// name them.
    /// </summary>
    public IReadOnlyList<string> TargetModules => Pairs.Select(p => ModuleOf(p.BaseTensor)).Distinct().Order(System.StringComparer.Ordinal).ToList();

    internal static string ModuleOf(string tensor)
    {
        string name = tensor.EndsWith(".weight", System.StringComparison.Ordinal) ? tensor[..^".weight".Length] : tensor;
        if (name.StartsWith("blk.", System.StringComparison.Ordinal))
        {
            int afterLayer = name.IndexOf('.', "blk.".Length);
            if (afterLayer > 0)
            {
                name = name[(afterLayer + 1)..];
            }
        }

        return name;
    }
}
