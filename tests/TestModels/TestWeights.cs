using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace NorwegianLlama.TestModels;

/// <summary>Seeded weight data for generated tensors, encoded as little-endian F32 or F16.</summary>
internal static class TestWeights
{
    // Elements encoded per write: a bounded buffer, however large the tensor.
    private const int ChunkElements = 1 << 16;

    /// <summary>
    /// Writes uniform values in ±1/sqrt(fanIn), the usual initialisation scale, which keeps activations and logits
    /// finite and varied (<paramref name="strength"/> widens it). Each tensor gets its own stream derived from the seed and its name, so changing one
    /// tensor's shape (or the layer count) leaves the others' values unchanged. Generated in chunks, so a tensor
    /// of hundreds of megabytes never sits in memory.
    /// </summary>
    public static void WriteRandom(Stream stream, int seed, string tensorName, long elementCount, long fanIn, uint ggmlType, float strength = 1f)
    {
        int elementSize = ElementSize(ggmlType);
        var random = new SplitMix64(StreamSeed(seed, tensorName));
        float bound = strength / MathF.Sqrt(fanIn);
        byte[] buffer = new byte[(int)Math.Min(elementCount, ChunkElements) * elementSize];
        for (long done = 0; done < elementCount;)
        {
            int count = (int)Math.Min(elementCount - done, ChunkElements);
            for (int i = 0; i < count; i++)
            {
                float value = random.NextSignedUnit() * bound;
                Encode(buffer.AsSpan(i * elementSize, elementSize), value, ggmlType);
            }

            stream.Write(buffer, 0, count * elementSize);
            done += count;
        }
    }

    /// <summary>All ones: the neutral RMSNorm scale.</summary>
    public static byte[] Ones(long elementCount)
    {
        byte[] data = new byte[checked(elementCount * sizeof(float))];
        for (int i = 0; i < elementCount; i++)
        {
            Encode(data.AsSpan(i * sizeof(float), sizeof(float)), 1f, GgufTensor.F32);
        }

        return data;
    }

    public static int ElementSize(uint ggmlType) =>
        GgufTensor.ElementSize(ggmlType) ?? throw new ArgumentOutOfRangeException(nameof(ggmlType));

    private static void Encode(Span<byte> slot, float value, uint ggmlType)
    {
        if (ggmlType == GgufTensor.F32)
        {
            BinaryPrimitives.WriteSingleLittleEndian(slot, value);
        }
        else
        {
            BinaryPrimitives.WriteHalfLittleEndian(slot, (Half)value);
        }
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
