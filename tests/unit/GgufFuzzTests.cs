using System;
using System.IO;
using NorwegianLlama.Gguf;
using NorwegianLlama.TestModels;
using Xunit;

namespace NorwegianLlama.Tests;

/// <summary>Seeded corruption of a real model: every variant must parse or fail with a GgufFormatException.</summary>
public sealed class GgufFuzzTests
{
    [Fact]
    public void EveryCorruptedVariantParsesOrFailsCleanly()
    {
        byte[] original = TestModelWriter.CreateBuilder(new TestModelSpec { Embedding = 32, Heads = 2, FeedForward = 64, Layers = 1 }).ToArray();
        int headerEnd = GgufReader.Read(new MemoryStream(original)).DataOffsetAsInt();
        var random = new Random(20261126);
        int clean = 0, rejected = 0;

        for (int variant = 0; variant < 3000; variant++)
        {
            byte[] bytes = (byte[])original.Clone();
            Mutate(bytes, headerEnd, random, variant);
            try
            {
                GgufReader.Read(new MemoryStream(bytes));
                clean++;
            }
            catch (GgufFormatException)
            {
                rejected++;
            }
        }

        Assert.Equal(3000, clean + rejected);
        Assert.True(rejected > 1000, $"only {rejected} variants were rejected");
    }

    private static void Mutate(byte[] bytes, int headerEnd, Random random, int variant)
    {
        switch (variant % 4)
        {
            case 0: // flip a few bits in the header, KV section or tensor table
                for (int i = 0; i < 1 + random.Next(4); i++)
                {
                    bytes[random.Next(headerEnd)] ^= (byte)(1 << random.Next(8));
                }
                break;
            case 1: // overwrite a u64 (a count or length, often) with an absurd value
                int at = random.Next(Math.Max(1, headerEnd - 8));
                BitConverter.TryWriteBytes(bytes.AsSpan(at, 8), random.Next(2) == 0 ? ulong.MaxValue - (ulong)random.Next(100) : (ulong)random.NextInt64());
                break;
            case 2: // random bytes in a run
                int start = random.Next(headerEnd);
                random.NextBytes(bytes.AsSpan(start, Math.Min(bytes.Length - start, 1 + random.Next(16))));
                break;
            default: // single byte set to an edge value
                bytes[random.Next(headerEnd)] = (byte)(random.Next(2) == 0 ? 0xFF : 0x00);
                break;
        }
    }
}

internal static class GgufFileTestExtensions
{
    public static int DataOffsetAsInt(this GgufFile file) => checked((int)file.DataOffset);
}
