using System;
using LLama.Native;

namespace NorwegianLlama.Inference;

/// <summary>The storage types of the KV cache's keys and values, shown as llama.cpp names them ("q8_0/q4_0").</summary>
internal readonly record struct KvCacheTypes(NorskKvCacheType K, NorskKvCacheType V)
{
    /// <summary>
    /// f16, llama.cpp's own default: the fastest. Measured in one process on a sparse 13B-shaped file on 2 cores,
    /// q8_0/q4_0 read prompts at 0.91–0.94× and q8_0/q8_0 at 0.95–0.98× of f16's speed; the memory they would
    /// save is mostly saved by sizing the cache to what the calls need (<see cref="ContextCapacity"/>).
    /// </summary>
    public static readonly KvCacheTypes Default = new(NorskKvCacheType.F16, NorskKvCacheType.F16);

    public static readonly KvCacheTypes F16 = new(NorskKvCacheType.F16, NorskKvCacheType.F16);

    /// <summary>One value sets both halves; two are the keys, then the values.</summary>
    public static KvCacheTypes FromParameter(NorskKvCacheType[] values) => values.Length switch
    {
        1 => new(values[0], values[0]),
        2 => new(values[0], values[1]),
        _ => throw new ArgumentException("Give one or two KV cache types.", nameof(values)),
    };

    public GGMLType GgmlK => ToGgml(K);

    public GGMLType GgmlV => ToGgml(V);

    public override string ToString() => $"{Name(K)}/{Name(V)}";

    public static string Name(NorskKvCacheType type) => type.ToString().ToLowerInvariant();

    /// <summary>Elements per quantization block: a cache row must hold a whole number of them.</summary>
    public static int BlockSize(NorskKvCacheType type) => type == NorskKvCacheType.F16 ? 1 : 32;

    /// <summary>Bytes per stored value: Q8_0 is 34 bytes a block of 32, Q4_0 18.</summary>
    public static double BytesPerValue(NorskKvCacheType type) => type switch
    {
        NorskKvCacheType.Q8_0 => 34.0 / 32,
        NorskKvCacheType.Q4_0 => 18.0 / 32,
        _ => 2,
    };

    private static GGMLType ToGgml(NorskKvCacheType type) => type switch
    {
        NorskKvCacheType.Q8_0 => GGMLType.GGML_TYPE_Q8_0,
        NorskKvCacheType.Q4_0 => GGMLType.GGML_TYPE_Q4_0,
        _ => GGMLType.GGML_TYPE_F16,
    };
}
