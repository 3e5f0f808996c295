using System;
using System.Buffers.Binary;
using System.Text;

namespace NorwegianLlama.TestModels;

/// <summary>Seeded weight data for generated tensors, encoded as little-endian F32 or F16.</summary>
internal static class TestWeights
{
    /// <summary>
    /// Uniform in ±1/sqrt(fanIn), the usual initialisation scale, which keeps activations and logits finite and
    /// varied. Each tensor gets its own stream derived from the seed and its name, so changing one tensor's shape
    /// (or the layer count) leaves the others' values unchanged.
    /// </summary>
    public static byte[] Random(int seed, string tensorName, long elementCount, long fanIn, uint ggmlType)
    {
        var random = new SplitMix64(StreamSeed(seed, tensorName));
        float bound = 1f / MathF.Sqrt(fanIn);
        float[] values = new float[elementCount];
        for (long i = 0; i < values.LongLength; i++)
        {
            values[i] = random.NextSignedUnit() * bound;
        }

        return Encode(values, ggmlType);
    }

    /// <summary>All ones: the neutral RMSNorm scale.</summary>
    public static byte[] Ones(long elementCount)
    {
        float[] values = new float[elementCount];
        Array.Fill(values, 1f);
        return Encode(values, GgufTensor.F32);
    }

    private static byte[] Encode(float[] values, uint ggmlType)
    {
        int elementSize = GgufTensor.ElementSize(ggmlType) ?? throw new ArgumentOutOfRangeException(nameof(ggmlType));
        byte[] data = new byte[checked(values.LongLength * elementSize)];
        for (int i = 0; i < values.Length; i++)
        {
            Span<byte> slot = data.AsSpan(i * elementSize, elementSize);
            if (ggmlType == GgufTensor.F32)
            {
                BinaryPrimitives.WriteSingleLittleEndian(slot, values[i]);
            }
            else
            {
                BinaryPrimitives.WriteHalfLittleEndian(slot, (Half)values[i]);
            }
        }

        return data;
    }

    // FNV-1a of the name mixed into the seed: string.GetHashCode is randomised per process, so it cannot be used.
    private static ulong StreamSeed(int seed, string tensorName)
    {
        ulong hash = 0xCBF29CE484222325UL;
        foreach (byte b in Encoding.UTF8.GetBytes(tensorName))
        {
            hash = (hash ^ b) * 0x100000001B3UL;
        }

        return new SplitMix64((ulong)(uint)seed).NextUInt64() ^ hash;
    }
}
