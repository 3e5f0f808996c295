using System;
using System.Collections.Generic;
using System.Linq;
using NorwegianLlama.TestModels;

namespace NorwegianLlama.Fuzz;

/// <summary>
/// Adapters that are well-formed GGUF but wrong as LoRA adapters: missing, mistyped and odd keys (what
/// llama.cpp's gguf_get_val_* asserts on), half pairs, factors of the wrong shape, rank or type, targets the
/// model lacks, and files that are no adapter at all (a model, a PEFT safetensors file, random bytes).
/// </summary>
internal static class AdapterMutations
{
    public static string AdapterKey(GgufBuilder builder, AdapterBase adapter, Random random, int round)
    {
        switch (round % 22)
        {
            case 0: builder.Remove("general.type"); return "without general.type";
            case 1: builder.Set("general.type", GgufValueType.String, "model"); return "general.type = model";
            case 2: builder.Set("general.type", GgufValueType.String, ""); return "general.type empty";
            case 3: builder.Set("general.type", GgufValueType.UInt32, 7u); return "general.type as u32";
            case 4: builder.Remove("adapter.type"); return "without adapter.type";
            case 5: builder.Set("adapter.type", GgufValueType.String, "control_vector"); return "adapter.type = control_vector";
            case 6: builder.Set("adapter.type", GgufValueType.String, "LoRA"); return "adapter.type = LoRA";
            case 7: builder.SetArray("adapter.type", GgufValueType.String, new object[] { "lora" }); return "adapter.type as an array of strings";
            case 8: builder.Remove("general.architecture"); return "without general.architecture";
            case 9: builder.Set("general.architecture", GgufValueType.String, "qwen2"); return "general.architecture = qwen2";
            case 10: builder.Set("general.architecture", GgufValueType.String, ""); return "general.architecture empty";
            case 11: builder.Set("general.architecture", GgufValueType.Int32, 1); return "general.architecture as i32";
            case 12: builder.Set("adapter.lora.alpha", GgufValueType.UInt32, 8u); return "adapter.lora.alpha as u32";
            case 13: builder.Set("adapter.lora.alpha", GgufValueType.Float64, 8.0); return "adapter.lora.alpha as f64";
            case 14: builder.Set("adapter.lora.alpha", GgufValueType.String, "8"); return "adapter.lora.alpha as a string";
            case 15:
            case 16:
            case 17:
                float alpha = AbsurdValues.Float32[random.Next(AbsurdValues.Float32.Length)];
                builder.Set("adapter.lora.alpha", GgufValueType.Float32, alpha);
                return $"adapter.lora.alpha = {alpha}";
            case 18: builder.SetArray("adapter.alora.invocation_tokens", GgufValueType.UInt32, new object[] { 1u, 2u }); return "an activated LoRA (adapter.alora.invocation_tokens)";
            case 19: builder.Set("adapter.type", GgufValueType.String, "lora\0x"); return "adapter.type with a NUL inside";
            case 20:
                uint lie = AbsurdValues.UInt32[random.Next(AbsurdValues.UInt32.Length)];
                builder.Set("general.alignment", GgufValueType.UInt32, lie);
                return $"general.alignment = {lie} while laid out at 32";
            default:
                builder.Set("general.architecture", GgufValueType.String, "llama\u00e6\u00f8\u00e5 \uD83D\uDC4D");
                return "general.architecture with æøå and an emoji";
        }
    }

    public static string FactorSet(GgufBuilder builder, AdapterBase adapter, Random random, int round)
    {
        var factors = Factors(adapter);
        var (name, shape, type) = factors[random.Next(factors.Count)];
        string target = name[..name.LastIndexOf('.')];
        switch (round % 9)
        {
            case 0:
                builder.RemoveTensor(target + ".lora_a");
                return $"without {target}.lora_a";
            case 1:
                builder.RemoveTensor(target + ".lora_b");
                return $"without {target}.lora_b";
            case 2:
                foreach (var factor in factors)
                {
                    builder.RemoveTensor(factor.Name);
                }

                return "with no tensors at all";
            case 3:
                builder.AddTensor("blk.0.attn_q.weight", [32, 32], 0, new byte[32 * 32 * 4]);
                return "with a plain weight tensor among the factors";
            case 4:
                builder.AddTensor("blk.0.attn_norm.weight", [BaseModels.Spec(adapter.Which).Embedding], 0, new byte[BaseModels.Spec(adapter.Which).Embedding * 4]);
                return "with a norm vector (llama.cpp skips those)";
            case 5:
                Rename(builder, factors, target, "blk.9." + ModuleOf(target) + ".weight");
                return $"{target} moved to layer 9, which the model lacks";
            case 6:
                Rename(builder, factors, target, target.Replace(".weight", ".bias"));
                return $"{target} renamed to a bias the model lacks";
            case 7:
                Rename(builder, factors, target, "");
                return $"{target} factors named only .lora_a/.lora_b";
            default:
                builder.AddTensor(new string('t', 4096) + ".lora_a", [8, 1], 0, new byte[32]);
                return "with a lora_a whose name is 4,096 characters";
        }
    }

    public static string FactorShape(GgufBuilder builder, AdapterBase adapter, Random random, int round)
    {
        var factors = Factors(adapter);
        var (name, shape, type) = factors[random.Next(factors.Count)];
        long rank = adapter.Spec.Rank;
        long[][] shapes =
        [
            [.. shape.Reverse()], [shape[0] + 1, shape[1]], [shape[0], shape[1] + 1], [shape[0], shape[1], 2],
            [shape[0] * shape[1]], [shape[0], shape[1], 1, 1], [1, 1], [shape[0] * 2, shape[1] * 2], [shape[0], 256],
        ];
        long[] wrong = shapes[round % shapes.Length];
        Replace(builder, name, wrong, type);
        return $"{name} shaped [{string.Join(", ", wrong)}] instead of [{string.Join(", ", shape)}] (rank {rank})";
    }

    public static string FactorType(GgufBuilder builder, AdapterBase adapter, Random random, int round)
    {
        var factors = Factors(adapter);
        var (name, shape, type) = factors[random.Next(factors.Count)];
        long elements = shape.Aggregate(1L, (a, b) => a * b);
        (uint ggmlType, long length, string what)[] choices =
        [
            (8, (elements + 31) / 32 * 34, "Q8_0"), (2, (elements + 31) / 32 * 18, "Q4_0"), (30, elements * 2, "BF16"),
            (1, elements * 2, "F16"), (0, elements * 4, "F32"), (26, elements * 4, "I32"),
            (12, (elements + 255) / 256 * 144, "Q4_K"), (39, elements, "an unassigned type"), (uint.MaxValue, elements, "type 2^32-1"),
        ];
        (uint ggmlType, long length, string what) = choices[round % choices.Length];
        builder.RemoveTensor(name);
        builder.AddTensor(name, shape, ggmlType, new byte[Math.Max(0, length)]);
        return $"{name} declared as {what} ({ggmlType}) with {length} bytes";
    }

    public static (string, byte[]) NotAnAdapter(AdapterBase adapter, Random random, int round)
    {
        int other = 1 - adapter.Which;
        switch (round % 8)
        {
            case 0:
                return ("the base model itself given as the adapter", BaseModels.Bytes(adapter.Which));
            case 1:
                return ("the other base model given as the adapter", BaseModels.Bytes(other));
            case 2:
                // The adapter a PEFT run writes, before convert_lora_to_gguf.py.
                return ("a PEFT adapter_model.safetensors", ForeignFiles.Safetensors(["base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", "base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight"]));
            case 3:
                var spec = BaseModels.Spec(other);
                string[] targets = spec.TiedOutput ? adapter.Spec.Targets.Where(t => t != "output").DefaultIfEmpty("attn_q").ToArray() : [.. adapter.Spec.Targets];
                var forOther = new TestAdapterSpec { Rank = adapter.Spec.Rank, Alpha = adapter.Spec.Alpha, Targets = targets, Seed = adapter.Spec.Seed };
                return ($"an adapter for the other base model ({spec.Name})", TestAdapterWriter.CreateBuilder(spec, forOther).ToArray());
            case 4:
                byte[] noise = new byte[1 + random.Next(4096)];
                random.NextBytes(noise);
                return ($"{noise.Length} random bytes", noise);
            case 5:
                return ("an empty file", []);
            case 6:
                return ("a GGUF header with no keys or tensors", [.. "GGUF"u8, 3, 0, 0, 0, .. new byte[16]]);
            default:
                var (description, bytes) = ForeignFormats.Create(random.Next(ForeignFormats.Count), random);
                return ($"not GGUF: {description}", bytes);
        }
    }

    private static List<(string Name, long[] Shape, uint Type)> Factors(AdapterBase adapter) =>
        GgufLayout.Parse(adapter.Bytes()).Tensors.ToList();

    private static string ModuleOf(string target)
    {
        string[] parts = target.Split('.');
        return parts.Length >= 3 ? parts[^2] : parts[0];
    }

    private static void Rename(GgufBuilder builder, List<(string Name, long[] Shape, uint Type)> factors, string from, string to)
    {
        foreach (var (name, shape, type) in factors.Where(f => f.Name.StartsWith(from + ".lora_", StringComparison.Ordinal)))
        {
            builder.RemoveTensor(name);
            string suffix = name[from.Length..];
            Add(builder, to + suffix, shape, type);
        }
    }

    private static void Replace(GgufBuilder builder, string name, long[] shape, uint type)
    {
        builder.RemoveTensor(name);
        Add(builder, name, shape, type);
    }

    private static void Add(GgufBuilder builder, string name, long[] shape, uint type)
    {
        long elements = shape.Aggregate(1L, (a, b) => a * b);
        byte[] data = new byte[elements * (type == 1 ? 2 : 4)];
        // Small non-zero values, so an adapter that loads also changes something.
        for (int i = 0; i < data.Length; i += 4)
        {
            data[i + 1] = 0x3c;
        }

        builder.AddTensor(name, shape, type, data);
    }
}
