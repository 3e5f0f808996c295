using System;
using System.Collections.Generic;
using System.Linq;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Gguf;

/// <summary>
/// Checks a LoRA adapter the way llama.cpp's llama_adapter_lora_init reads it, before llama.cpp sees it. Some
/// of its failures only log an error, but others abort the whole process: gguf_get_val_str and
/// gguf_get_val_f32 assert the key's type, and the embedding's rank is never compared, so a mismatch reaches
/// ggml_mul_mat's shape assertion.
/// </summary>
internal static class LoraAdapterCheck
{
    private const string LoraA = ".lora_a";
    private const string LoraB = ".lora_b";

    // What convert_lora_to_gguf.py writes (--outtype f32, f16, bf16, q8_0).
    private static readonly HashSet<string> FactorTypes = new(StringComparer.Ordinal) { "F32", "F16", "BF16", "Q8_0" };

    public static bool IsAdapter(GgufFile file) => file.FindString("general.type") == "adapter";

    /// <summary>The adapter's layout, or null with the problem that makes the file unusable on its own.</summary>
    public static LoraAdapterLayout? Read(GgufFile file, out LoraProblem? problem)
    {
        problem = FindFileProblem(file);
        return problem is null ? Layout(file, out problem) : null;
    }

    /// <summary>Whether the adapter fits <paramref name="model"/>: same architecture, every target present and shaped alike.</summary>
    public static LoraProblem? FindMismatch(LoraAdapterLayout adapter, GgufFile model)
    {
        string? modelArchitecture = model.FindString("general.architecture");
        if (!string.Equals(adapter.Architecture, modelArchitecture, StringComparison.Ordinal))
        {
            return new(LoraProblemKind.ArchitectureMismatch,
                LoraFileMessages.ArchitectureMismatch(adapter.Architecture, modelArchitecture));
        }

        var tensors = model.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (LoraPair pair in adapter.Pairs)
        {
            // llama.cpp finds an adapter's factors by tensor name, and a model without output.weight multiplies
            // by token_embd.weight instead: the embedding's factors, shaped for the row lookup, then meet the
            // output's matrix product, whose shape assertion aborts the process.
            if (pair.IsTokenEmbedding && !tensors.ContainsKey("output.weight"))
            {
                return new(LoraProblemKind.TensorMismatch, LoraFileMessages.TiedEmbedding());
            }

            if (!tensors.TryGetValue(pair.BaseTensor, out GgufTensorInfo? target))
            {
                return new(LoraProblemKind.TensorMismatch, LoraFileMessages.TargetMissing(pair.BaseTensor));
            }

            (long fitsIn, long fitsOut) = pair.FitsBase;
            if (target.Dimensions.Count != 2 || target.Dimensions[0] != fitsIn || target.Dimensions[1] != fitsOut)
            {
                return new(LoraProblemKind.TensorMismatch,
                    LoraFileMessages.TargetShapeMismatch(pair.BaseTensor, fitsIn, fitsOut, string.Join(", ", target.Dimensions)));
            }
        }

        return null;
    }

    private static LoraProblem? FindFileProblem(GgufFile file)
    {
        GgufValue? generalType = file.Find("general.type");
        if (generalType is null || (generalType.AsString() is { } type && type != "adapter"))
        {
            return new(LoraProblemKind.NotAnAdapter, generalType?.AsString() is { } declared
                ? LoraFileMessages.NotAnAdapterDeclared(declared)
                : LoraFileMessages.NotAnAdapterUndeclared());
        }

        foreach (string key in new[] { "general.type", "general.architecture", "adapter.type" })
        {
            GgufValue? value = file.Find(key);
            if (value is null)
            {
                return new(LoraProblemKind.Malformed, LoraFileMessages.KeyMissing(key));
            }

            if (value.Type != GgufValueType.String)
            {
                return new(LoraProblemKind.Malformed, LoraFileMessages.KeyNotString(key, value.Type.ToString()));
            }
        }

        string adapterType = file.FindString("adapter.type")!;
        if (adapterType != "lora")
        {
            return new(LoraProblemKind.UnsupportedAdapterType, LoraFileMessages.AdapterTypeUnsupported(adapterType));
        }

        if (file.Find("adapter.lora.alpha") is { } alpha && alpha.Type != GgufValueType.Float32)
        {
            return new(LoraProblemKind.Malformed, LoraFileMessages.AlphaNotFloat(alpha.Type.ToString()));
        }

        if (file.Find("adapter.alora.invocation_tokens") is not null)
        {
            return new(LoraProblemKind.UnsupportedAdapterType, LoraFileMessages.ActivatedLora());
        }

        return null;
    }

    private static LoraAdapterLayout? Layout(GgufFile file, out LoraProblem? problem)
    {
        problem = null;
        var halves = new SortedDictionary<string, (GgufTensorInfo? A, GgufTensorInfo? B)>(StringComparer.Ordinal);
        foreach (GgufTensorInfo tensor in file.Tensors)
        {
            if (tensor.Name.EndsWith(LoraA, StringComparison.Ordinal))
            {
                string target = tensor.Name[..^LoraA.Length];
                halves[target] = (tensor, halves.GetValueOrDefault(target).B);
            }
            else if (tensor.Name.EndsWith(LoraB, StringComparison.Ordinal))
            {
                string target = tensor.Name[..^LoraB.Length];
                halves[target] = (halves.GetValueOrDefault(target).A, tensor);
            }
            else if (!tensor.Name.EndsWith("_norm.weight", StringComparison.Ordinal))
            {
                // llama.cpp skips norm vectors and refuses anything else.
                problem = new(LoraProblemKind.Malformed, LoraFileMessages.TensorNotFactor(tensor.Name));
                return null;
            }
        }

        if (halves.Count == 0)
        {
            problem = new(LoraProblemKind.Malformed, LoraFileMessages.NoFactorPairs());
            return null;
        }

        var pairs = new List<LoraPair>(halves.Count);
        foreach (var (target, (a, b)) in halves)
        {
            if (a is null || b is null)
            {
                problem = new(LoraProblemKind.Malformed, LoraFileMessages.FactorWithoutPartner(target + (a is null ? LoraB : LoraA), target + (a is null ? LoraA : LoraB)));
                return null;
            }

            if ((FindFactorProblem(a) ?? FindFactorProblem(b)) is { } factorProblem)
            {
                problem = new(LoraProblemKind.Malformed, factorProblem);
                return null;
            }

            var pair = new LoraPair(target, a, b, 0);
            // The rank is the dimension the factors share: a's ne1 and b's ne0, or both ne0 for the embedding.
            long rankOfA = pair.IsTokenEmbedding ? a.Dimensions[0] : a.Dimensions[1];
            if (rankOfA != b.Dimensions[0])
            {
                string shapeOfA = string.Join(", ", a.Dimensions), shapeOfB = string.Join(", ", b.Dimensions);
                problem = new(LoraProblemKind.Malformed, pair.IsTokenEmbedding
                    ? LoraFileMessages.RankMismatch(target, shapeOfA, shapeOfB)
                    : LoraFileMessages.RankMismatchOrder(target, shapeOfA, shapeOfB));
                return null;
            }

            pairs.Add(pair with { Rank = rankOfA });
        }

        float? alpha = file.Find("adapter.lora.alpha")?.Scalar is float value ? value : null;
        return new LoraAdapterLayout(file.FindString("general.architecture")!, alpha, pairs);
    }

    private static string? FindFactorProblem(GgufTensorInfo factor)
    {
        if (factor.Dimensions.Count < 2 || factor.Dimensions.Skip(2).Any(d => d != 1))
        {
            return LoraFileMessages.FactorNotMatrix(factor.Name, string.Join(", ", factor.Dimensions));
        }

        if (!FactorTypes.Contains(factor.TypeName))
        {
            return LoraFileMessages.FactorTypeUnsupported(factor.Name, factor.TypeName);
        }

        // A quantised row must hold whole blocks, or ggml's matrix product asserts.
        if (GgmlType.TryGet(factor.TypeId, out GgmlType type) && factor.Dimensions[0] % type.BlockSize != 0)
        {
            return LoraFileMessages.FactorRowsPartialBlocks(factor.Name, type.Name, factor.Dimensions[0], type.BlockSize);
        }

        return null;
    }
}
