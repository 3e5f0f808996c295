namespace NorwegianLlama;

/// <summary>How llama.cpp stores the keys or values of the KV cache (its -ctk/-ctv types).</summary>
public enum NorskKvCacheType
{
    /// <summary>16-bit floats: exact, and the largest (2 bytes a value).</summary>
    F16,

    /// <summary>8-bit blocks of 32 values (1.06 bytes a value): near-lossless.</summary>
    Q8_0,

    /// <summary>4-bit blocks of 32 values (0.56 bytes a value).</summary>
    Q4_0,
}
