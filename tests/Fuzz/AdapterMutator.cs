using System;
using System.Linq;
using NorwegianLlama.TestModels;

namespace NorwegianLlama.Fuzz;

/// <summary>
/// Derives LoRA adapter case N from N alone, as <see cref="ModelMutator"/> does for models: a well-formed adapter
/// for one of the base models (random rank, targets, factor type and alpha), then one family of damage to its
/// bytes or structure, or a file that is no adapter at all. Each case also picks the -LoraScale it is applied with.
/// </summary>
public static class AdapterMutator
{
    private delegate string ByteDamage(byte[] bytes, GgufLayout layout, Random random, int round);

    private delegate string BuilderDamage(GgufBuilder builder, AdapterBase adapter, Random random, int round);

    /// <summary>Finite scales only: NaN and infinities are refused as parameters before any file is read (odd calls test that).</summary>
    private static readonly float[] Scales = [1f, 1f, 0.5f, 0f, -0f, -1f, 4f, 1000f, 1e30f, float.MaxValue, float.Epsilon, -1e30f];

    private static readonly (string Family, Func<AdapterBase, Random, int, (string, byte[])> Make)[] Families =
    [
        ("BitFlipTables", OnBytes(ByteMutations.FlipTableBits)),
        ("BitFlipData", OnBytes(ByteMutations.FlipDataBits)),
        ("PoisonedFactors", OnBytes(ByteMutations.PoisonData)),
        ("Truncated", (adapter, random, round) => ByteMutations.Truncate(adapter.Bytes(), GgufLayout.Parse(adapter.Bytes()), random, round)),
        ("CountOrLength", OnBytes(ByteMutations.OverwriteCount)),
        ("TypeField", OnBytes(ByteMutations.OverwriteType)),
        ("TensorOffset", OnBytes(ByteMutations.OverwriteOffset)),
        ("Header", OnBytes(ByteMutations.OverwriteHeader)),
        ("RandomRun", OnBytes(ByteMutations.RandomRun)),
        ("BadText", OnBytes(ByteMutations.BadText)),
        ("AdapterKey", OnBuilder(AdapterMutations.AdapterKey)),
        ("AdapterKey", OnBuilder((builder, adapter, random, round) => AdapterMutations.AdapterKey(builder, adapter, random, round + 11))),
        ("FactorSet", OnBuilder(AdapterMutations.FactorSet)),
        ("FactorShape", OnBuilder(AdapterMutations.FactorShape)),
        ("FactorType", OnBuilder(AdapterMutations.FactorType)),
        ("NotAnAdapter", AdapterMutations.NotAnAdapter),
        ("Intact", (adapter, random, round) => ($"unchanged: {adapter.Describe()}", adapter.Bytes())),
    ];

    public static int FamilyCount => Families.Length;

    public static AdapterMutation Create(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var random = new Random((int)(((uint)index * 2246822519u) ^ 20261127u) & int.MaxValue);
        AdapterBase adapter = AdapterBase.Random(random);
        float scale = Scales[random.Next(Scales.Length)];
        (string family, Func<AdapterBase, Random, int, (string, byte[])> make) = Families[index % Families.Length];
        (string description, byte[] bytes) = make(adapter, random, index / Families.Length);
        string scaleText = scale.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return new AdapterMutation(index, family, $"{BaseModels.Spec(adapter.Which).Name} ×{scaleText}: {description}", bytes, adapter.Which, scale);
    }

    private static Func<AdapterBase, Random, int, (string, byte[])> OnBytes(ByteDamage damage) =>
        (adapter, random, round) =>
        {
            byte[] bytes = adapter.Bytes();
            return (damage(bytes, GgufLayout.Parse(bytes), random, round), bytes);
        };

    private static Func<AdapterBase, Random, int, (string, byte[])> OnBuilder(BuilderDamage damage) =>
        (adapter, random, round) =>
        {
            GgufBuilder builder = adapter.Builder();
            string description = damage(builder, adapter, random, round);
            return (description, builder.ToArray());
        };
}

/// <summary>The well-formed adapter a case starts from: which base model, and the adapter's spec.</summary>
public sealed record AdapterBase(int Which, TestAdapterSpec Spec)
{
    private static readonly string[] AllTargets = ["attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down", "output", "token_embd"];

    public static AdapterBase Random(Random random)
    {
        int which = random.Next(BaseModels.Count);
        // A tied output has no output.weight to adapt.
        string[] allowed = BaseModels.Spec(which).TiedOutput ? AllTargets.Where(t => t != "output").ToArray() : AllTargets;
        string[] targets = allowed.Where(_ => random.Next(3) == 0).ToArray();
        if (targets.Length == 0)
        {
            targets = [allowed[random.Next(allowed.Length)]];
        }

        int[] ranks = [1, 2, 4, 8];
        float[] alphas = [0f, 1f, 8f, 16f];
        var spec = new TestAdapterSpec
        {
            Name = "fuzz-lora",
            Rank = ranks[random.Next(ranks.Length)],
            Alpha = alphas[random.Next(alphas.Length)],
            Targets = targets,
            TensorType = random.Next(2) == 0 ? TestTensorType.F32 : TestTensorType.F16,
            Seed = random.Next(1000),
        };
        return new AdapterBase(which, spec);
    }

    public GgufBuilder Builder() => TestAdapterWriter.CreateBuilder(BaseModels.Spec(Which), Spec);

    public byte[] Bytes() => Builder().ToArray();

    public string Describe() =>
        $"rank {Spec.Rank}, alpha {Spec.Alpha}, {Spec.TensorType}, targets {string.Join("+", Spec.Targets)}";
}
