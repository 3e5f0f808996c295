namespace NorwegianLlama.TestModels;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood). Used instead of System.Random, whose algorithm may change between .NET
/// versions; generated models must stay byte-identical for a given seed.
/// </summary>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [-1, 1): the top 24 bits are exactly what a float mantissa can hold.</summary>
    public float NextSignedUnit() => (NextUInt64() >> 40) * (1f / (1 << 23)) - 1f;
}
