using System;
using System.Collections.Generic;
using System.Linq;
using NorwegianLlama.TestModels;

namespace NorwegianLlama.Fuzz;

/// <summary>
/// Files that are well-formed GGUF but wrong as llama models: absurd or mistyped hyperparameters, missing keys,
/// wrong tensor shapes and types, short or broken vocabularies, special token ids out of range.
/// </summary>
internal static class StructuralMutations
{
    private static readonly string[] UInt32Keys =
    [
        "llama.context_length", "llama.embedding_length", "llama.block_count", "llama.feed_forward_length",
        "llama.attention.head_count", "llama.attention.head_count_kv", "llama.rope.dimension_count",
        "general.alignment", "general.file_type", "tokenizer.ggml.bos_token_id", "tokenizer.ggml.eos_token_id",
        "tokenizer.ggml.unknown_token_id",
    ];

    private static readonly string[] Float32Keys = ["llama.rope.freq_base", "llama.attention.layer_norm_rms_epsilon"];

    private static readonly string[] RequiredKeys =
    [
        .. UInt32Keys, .. Float32Keys, "general.architecture", "tokenizer.ggml.model", "tokenizer.ggml.tokens",
        "tokenizer.ggml.scores", "tokenizer.ggml.token_type",
    ];

    private static readonly string[] SpecialIdKeys =
    [
        "tokenizer.ggml.bos_token_id", "tokenizer.ggml.eos_token_id", "tokenizer.ggml.unknown_token_id",
        "tokenizer.ggml.padding_token_id", "tokenizer.ggml.seperator_token_id", "tokenizer.ggml.eot_token_id",
        "tokenizer.ggml.eom_token_id", "tokenizer.ggml.fim_pre_token_id",
    ];

    private static readonly GgufValueType[] ScalarTypes =
    [
        GgufValueType.UInt8, GgufValueType.Int8, GgufValueType.UInt16, GgufValueType.Int16, GgufValueType.Int32,
        GgufValueType.Float32, GgufValueType.Bool, GgufValueType.String, GgufValueType.UInt64, GgufValueType.Int64,
        GgufValueType.Float64,
    ];

    public static string AbsurdHyperparameter(GgufBuilder builder, int which, Random random, int round)
    {
        if (round % 4 == 3)
        {
            string floatKey = Float32Keys[random.Next(Float32Keys.Length)];
            float value = AbsurdValues.Float32[random.Next(AbsurdValues.Float32.Length)];
            builder.Set(floatKey, GgufValueType.Float32, value);
            return $"{floatKey} = {value}";
        }

        string key = UInt32Keys[round % UInt32Keys.Length];
        uint number = AbsurdValues.UInt32[random.Next(AbsurdValues.UInt32.Length)];
        builder.Set(key, GgufValueType.UInt32, number);
        return $"{key} = {number}";
    }

    public static string WrongKeyType(GgufBuilder builder, int which, Random random, int round)
    {
        string[] keys = [.. UInt32Keys, .. Float32Keys, "general.architecture", "tokenizer.ggml.model", "tokenizer.ggml.add_bos_token"];
        string key = keys[round % keys.Length];
        int choice = random.Next(ScalarTypes.Length + 2);
        if (choice == ScalarTypes.Length)
        {
            builder.SetArray(key, GgufValueType.UInt32, new object[] { 1u, 2u });
            return $"{key} as an array of u32";
        }

        if (choice == ScalarTypes.Length + 1)
        {
            builder.SetArray(key, GgufValueType.String, Array.Empty<object>());
            return $"{key} as an empty array";
        }

        GgufValueType type = ScalarTypes[choice];
        builder.Set(key, type, SampleValue(type, random));
        return $"{key} as {type}";
    }

    public static string MissingKey(GgufBuilder builder, int which, Random random, int round)
    {
        string key = RequiredKeys[round % RequiredKeys.Length];
        builder.Remove(key);
        return $"without {key}";
    }

    public static string IncoherentShape(GgufBuilder builder, int which, Random random, int round)
    {
        TestModelSpec spec = BaseModels.Spec(which);
        (string key, uint value)[] lies =
        [
            ("llama.attention.head_count", 3), ("llama.attention.head_count", (uint)spec.Heads * 2),
            ("llama.attention.head_count_kv", (uint)spec.Heads + 1), ("llama.attention.head_count_kv", 3),
            ("llama.rope.dimension_count", 1), ("llama.rope.dimension_count", (uint)spec.Embedding * 4),
            ("llama.block_count", (uint)spec.Layers + 1), ("llama.block_count", (uint)spec.Layers - 1),
            ("llama.embedding_length", (uint)spec.Embedding * 2), ("llama.embedding_length", (uint)spec.Embedding / 2),
            ("llama.feed_forward_length", (uint)spec.FeedForward + 1), ("llama.context_length", 1),
            ("llama.expert_count", 8), ("llama.expert_used_count", 2), ("llama.vocab_size", 10),
            ("llama.attention.key_length", 7), ("llama.attention.value_length", 1 << 20),
        ];
        (string lieKey, uint lieValue) = lies[round % lies.Length];
        builder.Set(lieKey, GgufValueType.UInt32, lieValue);
        return $"{lieKey} = {lieValue} (inconsistent with the tensors)";
    }

    public static string WrongTensorShape(GgufBuilder builder, int which, Random random, int round)
    {
        // Matrices only: a norm vector reversed or reshaped to itself would be no change at all.
        var matrices = BaseModels.Layout(which).Tensors.Where(t => t.Shape.Length == 2).ToList();
        (string name, long[] shape, uint type) = matrices[random.Next(matrices.Count)];
        long[][] shapes =
        [
            [.. shape.Reverse()], [shape[0] + 1, .. shape[1..]], [shape[0] * 2, .. shape[1..]], [.. shape, 1], [.. shape, 2],
            [shape.Aggregate(1L, (a, b) => a * b)], [1], [shape[0], 1, 1, 1], [32, 32],
        ];
        long[] wrong = shapes[round % shapes.Length];
        builder.RemoveTensor(name);
        builder.AddTensor(name, wrong, 0, new byte[wrong.Aggregate(4L, (a, b) => a * b)]);
        return $"{name} shaped [{string.Join(", ", wrong)}] instead of [{string.Join(", ", shape)}]";
    }

    public static string WrongTensorType(GgufBuilder builder, int which, Random random, int round)
    {
        (string name, long[] shape, uint type) = PickTensor(which, random);
        long elements = shape.Aggregate(1L, (a, b) => a * b);
        // Quantised block types with a consistent length, with one byte too few, and types with no layout at all.
        (uint ggmlType, long length, string what)[] choices =
        [
            (2, elements / 32 * 18, "Q4_0"), (2, elements / 32 * 18 - 1, "Q4_0 one byte short"),
            (8, elements / 32 * 34, "Q8_0"), (12, elements / 256 * 144, "Q4_K (rows too short for its blocks)"),
            (30, elements * 2, "BF16"), (26, elements * 4, "I32"), (24, elements, "I8"), (4, elements, "the retired Q4_2"),
            (39, elements, "an unassigned type"), (uint.MaxValue, elements, "type 2^32-1"),
        ];
        (uint ggmlType, long length, string what) = choices[round % choices.Length];
        builder.RemoveTensor(name);
        builder.AddTensor(name, shape, ggmlType, new byte[Math.Max(0, length)]);
        return $"{name} declared as {what} ({ggmlType}) with {length} bytes";
    }

    public static string TensorSet(GgufBuilder builder, int which, Random random, int round)
    {
        (string name, long[] shape, uint type) = PickTensor(which, random);
        switch (round % 5)
        {
            case 0:
                builder.RemoveTensor(name);
                return $"without {name}";
            case 1:
                builder.AddTensor("blk.0.ffn_gate_exps.weight", [32, 32, 8], 0, new byte[32 * 32 * 8 * 4]);
                return "with an unexpected expert tensor";
            case 2:
                builder.AddTensor("blk.99.attn_q.weight", shape, 0, new byte[shape.Aggregate(4L, (a, b) => a * b)]);
                return "with a tensor for a layer that does not exist";
            case 3:
                builder.RemoveTensor(name);
                builder.AddTensor(name + "x", shape, 0, new byte[shape.Aggregate(4L, (a, b) => a * b)]);
                return $"{name} renamed";
            default:
                builder.AddTensor("token_embd.weight.copy", [64], 0, new byte[256]);
                builder.AddTensor(new string('t', 4096), [8], 0, new byte[32]);
                return "with a tensor whose name is 4,096 characters";
        }
    }

    public static string BrokenVocabulary(GgufBuilder builder, int which, Random random, int round)
    {
        List<string> pieces = [.. TestModelWriter.Vocabulary];
        int size = pieces.Count;
        switch (round % 12)
        {
            case 0:
                {
                    int[] keep = [0, 1, 3, 200, 258, 259, 300, size - 1];
                    int count = keep[random.Next(keep.Length)];
                    builder.SetArray("tokenizer.ggml.tokens", GgufValueType.String, pieces.Take(count).ToArray());
                    return $"only the first {count} of {size} tokens";
                }
            case 1:
                {
                    int byteToken = 3 + random.Next(256);
                    pieces[byteToken] = "x" + byteToken;
                    builder.SetArray("tokenizer.ggml.tokens", GgufValueType.String, pieces.ToArray());
                    return $"byte token {pieces[byteToken]} replaced by a plain piece";
                }
            case 2:
                builder.SetArray("tokenizer.ggml.scores", GgufValueType.Float32, new float[size - 1 - random.Next(size - 1)].Cast<object>().ToArray());
                return "fewer scores than tokens";
            case 3:
                builder.SetArray("tokenizer.ggml.token_type", GgufValueType.Int32, new object[] { 1, 1, 1 });
                return "three token types for the whole vocabulary";
            case 4:
                {
                    int[] absurd = [-1, 0, 5, 7, 99, int.MinValue, int.MaxValue];
                    object[] types = Enumerable.Repeat<object>(absurd[random.Next(absurd.Length)], size).ToArray();
                    builder.SetArray("tokenizer.ggml.token_type", GgufValueType.Int32, types);
                    return $"every token type {types[0]}";
                }
            case 5:
                for (int i = 0; i < 1 + random.Next(20); i++)
                {
                    pieces[random.Next(size)] = "";
                }

                builder.SetArray("tokenizer.ggml.tokens", GgufValueType.String, pieces.ToArray());
                return "some tokens empty";
            case 6:
                pieces[259 + random.Next(size - 259)] = pieces[1];
                builder.SetArray("tokenizer.ggml.tokens", GgufValueType.String, pieces.ToArray());
                return "a piece duplicating <s>";
            case 7:
                {
                    string[] models = ["gpt2", "bert", "t5", "rwkv", "none", "", "LLAMA", "llama\0", "ugm", "plamo2"];
                    string model = models[random.Next(models.Length)];
                    builder.Set("tokenizer.ggml.model", GgufValueType.String, model);
                    return $"tokenizer.ggml.model = '{model.Replace("\0", "\\0")}'";
                }
            case 8:
                pieces[259 + random.Next(size - 259)] = new string('ø', 1 << 16);
                builder.SetArray("tokenizer.ggml.tokens", GgufValueType.String, pieces.ToArray());
                return "a 64 K-character token";
            case 9:
                builder.SetArray("tokenizer.ggml.tokens", GgufValueType.Int32, Enumerable.Range(0, size).Cast<object>().ToArray());
                return "tokens stored as integers";
            case 10:
                builder.SetArray("tokenizer.ggml.merges", GgufValueType.String, new object[] { "a b", "\u0000 \uFFFF" });
                return "SPM model with BPE merges";
            default:
                pieces.Add("<extra>");
                builder.SetArray("tokenizer.ggml.tokens", GgufValueType.String, pieces.ToArray());
                return "one token more than scores and types";
        }
    }

    public static string SpecialIdOutOfRange(GgufBuilder builder, int which, Random random, int round)
    {
        string key = SpecialIdKeys[round % SpecialIdKeys.Length];
        int size = BaseModels.VocabularySize;
        long[] ids = [size, size + 1, 1L << 20, int.MaxValue, uint.MaxValue, -1, int.MinValue];
        long id = ids[random.Next(ids.Length)];
        if (id < 0)
        {
            builder.Set(key, GgufValueType.Int32, (int)id);
        }
        else
        {
            builder.Set(key, GgufValueType.UInt32, (uint)id);
        }

        return $"{key} = {id} (vocabulary {size})";
    }

    public static string AlignmentLie(GgufBuilder builder, int which, Random random, int round)
    {
        uint[] lies = [0, 1, 3, 8, 16, 48, 64, 4096, 1U << 30, uint.MaxValue];
        uint lie = lies[round % lies.Length];
        if (round % 3 == 2 && lie is > 0 and <= 4096 && (lie & (lie - 1)) == 0)
        {
            // Consistent: the layout really uses this alignment.
            builder.Alignment = (int)lie;
            return $"laid out and declared with alignment {lie}";
        }

        builder.Set("general.alignment", GgufValueType.UInt32, lie);
        return $"general.alignment = {lie} while laid out at 32";
    }

    private static (string Name, long[] Shape, uint Type) PickTensor(int which, Random random)
    {
        var tensors = BaseModels.Layout(which).Tensors;
        return tensors[random.Next(tensors.Count)];
    }

    private static object SampleValue(GgufValueType type, Random random) => type switch
    {
        GgufValueType.UInt8 => (byte)random.Next(256),
        GgufValueType.Int8 => (sbyte)random.Next(-128, 128),
        GgufValueType.UInt16 => (ushort)random.Next(65536),
        GgufValueType.Int16 => (short)random.Next(-32768, 32768),
        GgufValueType.Int32 => random.Next(2) == 0 ? -1 : random.Next(),
        GgufValueType.Float32 => AbsurdValues.Float32[random.Next(AbsurdValues.Float32.Length)],
        GgufValueType.Bool => random.Next(2) == 0,
        GgufValueType.String => random.Next(2) == 0 ? "" : "32",
        GgufValueType.UInt64 => AbsurdValues.UInt64[random.Next(AbsurdValues.UInt64.Length)],
        GgufValueType.Int64 => -(long)random.Next(),
        _ => double.NaN,
    };
}
