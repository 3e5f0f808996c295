namespace NorwegianLlama.Fuzz;

/// <summary>Edge and absurd numbers for counts, lengths, ids and hyperparameters.</summary>
public static class AbsurdValues
{
    public static readonly ulong[] UInt64 =
    [
        0, 1, 2, 7, 255, 256, 4095, 65_535, 65_536, 1UL << 24, int.MaxValue, (ulong)int.MaxValue + 1, uint.MaxValue,
        (ulong)uint.MaxValue + 1, 1UL << 40, long.MaxValue, (ulong)long.MaxValue + 1, ulong.MaxValue - 1, ulong.MaxValue,
    ];

    public static readonly uint[] UInt32 =
    [
        0, 1, 2, 3, 7, 255, 256, 4095, 65_535, 65_536, 1U << 24, int.MaxValue, (uint)int.MaxValue + 1, uint.MaxValue - 1, uint.MaxValue,
    ];

    public static readonly float[] Float32 =
    [
        float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, -1f, float.Epsilon, 1e-30f, 1e30f, float.MaxValue, float.MinValue,
    ];

    /// <summary>GGUF value types and ggml tensor types: real, retired and never assigned.</summary>
    public static readonly uint[] TypeIds =
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 20, 26, 29, 30, 31, 34, 35, 36, 39, 40, 41, 100, 255, int.MaxValue, uint.MaxValue,
    ];
}
