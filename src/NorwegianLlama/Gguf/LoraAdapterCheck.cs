using System;
using System.Collections.Generic;
using System.Linq;

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
                $"The adapter is for the '{adapter.Architecture}' architecture but the model is '{modelArchitecture}'");
        }

        var tensors = model.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (LoraPair pair in adapter.Pairs)
        {
            // llama.cpp finds an adapter's factors by tensor name, and a model without output.weight multiplies
            // by token_embd.weight instead: the embedding's factors, shaped for the row lookup, then meet the
            // output's matrix product, whose shape assertion aborts the process.
            if (pair.IsTokenEmbedding && !tensors.ContainsKey("output.weight"))
            {
                return new(LoraProblemKind.TensorMismatch,
                    "The adapter changes token_embd.weight, which this model also uses as its output (it has no output.weight); "
                    + "llama.cpp cannot apply an embedding adapter to a model with a tied output");
            }

            if (!tensors.TryGetValue(pair.BaseTensor, out GgufTensorInfo? target))
            {
                return new(LoraProblemKind.TensorMismatch,
                    $"The adapter changes {pair.BaseTensor}, which the model does not have (an adapter for another base model?)");
            }

            (long fitsIn, long fitsOut) = pair.FitsBase;
            if (target.Dimensions.Count != 2 || target.Dimensions[0] != fitsIn || target.Dimensions[1] != fitsOut)
            {
                return new(LoraProblemKind.TensorMismatch,
                    $"The adapter's factors for {pair.BaseTensor} make a [{fitsIn}, {fitsOut}] matrix but the model's tensor is "
                    + $"[{string.Join(", ", target.Dimensions)}] (an adapter for another base model?)");
            }
        }

        return null;
    }

    private static LoraProblem? FindFileProblem(GgufFile file)
    {
        GgufValue? generalType = file.Find("general.type");
        if (generalType is null || (generalType.AsString() is { } type && type != "adapter"))
        {
            string what = generalType?.AsString() is { } declared ? $"general.type is '{declared}'" : "it has no general.type key";
            return new(LoraProblemKind.NotAnAdapter,
                $"The file is not a LoRA adapter ({what}; an adapter says 'adapter'). A model goes in -ModelPath");
        }

        foreach (string key in new[] { "general.type", "general.architecture", "adapter.type" })
        {
            GgufValue? value = file.Find(key);
            if (value is null)
            {
                return new(LoraProblemKind.Malformed, $"The adapter lacks the key {key}");
            }

            if (value.Type != GgufValueType.String)
            {
                return new(LoraProblemKind.Malformed, $"The key {key} is stored as {value.Type}; llama.cpp needs a string");
            }
        }

        string adapterType = file.FindString("adapter.type")!;
        if (adapterType != "lora")
        {
            return new(LoraProblemKind.UnsupportedAdapterType, $"The adapter is of type '{adapterType}'; only 'lora' adapters can be applied");
        }

        if (file.Find("adapter.lora.alpha") is { } alpha && alpha.Type != GgufValueType.Float32)
        {
            return new(LoraProblemKind.Malformed, $"The key adapter.lora.alpha is stored as {alpha.Type}; llama.cpp needs a 32-bit float");
        }

        if (file.Find("adapter.alora.invocation_tokens") is not null)
        {
            return new(LoraProblemKind.UnsupportedAdapterType,
                "The adapter is an activated LoRA (adapter.alora.invocation_tokens), which this module cannot apply");
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
                problem = new(LoraProblemKind.Malformed, $"The tensor {tensor.Name} is neither a .lora_a nor a .lora_b factor");
                return null;
            }
        }

        if (halves.Count == 0)
        {
            problem = new(LoraProblemKind.Malformed, "The adapter holds no .lora_a/.lora_b tensor pairs");
            return null;
        }

        var pairs = new List<LoraPair>(halves.Count);
        foreach (var (target, (a, b)) in halves)
        {
            if (a is null || b is null)
            {
                problem = new(LoraProblemKind.Malformed, $"The adapter has {target}{(a is null ? LoraB : LoraA)} without {target}{(a is null ? LoraA : LoraB)}");
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
                problem = new(LoraProblemKind.Malformed,
                    $"The factors of {target} disagree on the rank: lora_a is [{string.Join(", ", a.Dimensions)}], lora_b [{string.Join(", ", b.Dimensions)}]"
                    + (pair.IsTokenEmbedding ? "" : " (lora_a must be [in, rank] and lora_b [rank, out], ne0 first)"));
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
            return $"The tensor {factor.Name} has shape [{string.Join(", ", factor.Dimensions)}]; a LoRA factor is a matrix";
        }

        if (!FactorTypes.Contains(factor.TypeName))
        {
            return $"The tensor {factor.Name} is stored as {factor.TypeName}; LoRA factors must be F32, F16, BF16 or Q8_0";
        }

        // A quantised row must hold whole blocks, or ggml's matrix product asserts.
        if (GgmlType.TryGet(factor.TypeId, out GgmlType type) && factor.Dimensions[0] % type.BlockSize != 0)
        {
            return $"The tensor {factor.Name} is {type.Name} with rows of {factor.Dimensions[0]}, not a multiple of its block size {type.BlockSize}";
        }

        return null;
    }
}
