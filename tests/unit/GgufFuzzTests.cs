using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NorwegianLlama.Gguf;
using NorwegianLlama.TestModels;
using Xunit;

namespace NorwegianLlama.Tests;

/// <summary>Seeded corruption of a real model's header, checked against what the reader must make of it.</summary>
public sealed class GgufFuzzTests
{
    private static readonly byte[] Original =
        TestModelWriter.CreateBuilder(new TestModelSpec { Embedding = 32, Heads = 2, FeedForward = 64, Layers = 1 }).ToArray();

    [Fact]
    public void EveryCorruptedVariantIsRejectedOrReadsBackConsistent()
    {
        int headerEnd = GgufReader.Read(new MemoryStream(Original)).DataOffsetAsInt();
        var random = new Random(20261126);
        int rejected = 0;

        for (int variant = 0; variant < 3000; variant++)
        {
            byte[] bytes = (byte[])Original.Clone();
            Mutate(bytes, headerEnd, random, variant);
            GgufFile file;
            try
            {
                file = GgufReader.Read(new MemoryStream(bytes));
            }
            catch (GgufFormatException)
            {
                rejected++;
                continue;
            }

            string? broken = GgufFileInvariants.FirstViolation(file, bytes.Length);
            Assert.True(broken is null, $"variant {variant} was accepted although {broken}");
        }

        Assert.True(rejected > 1000, $"only {rejected} variants were rejected");
    }

    [Fact]
    public void EachKindOfCorruptionGetsItsOwnVerdict()
    {
        var corruptions = new GgufCorruptions(Original);
        var random = new Random(20261205);
        var failures = new List<string>();
        var tried = new Dictionary<string, int>();

        for (int variant = 0; variant < 3000; variant++)
        {
            GgufCorruption corruption = corruptions.Make(variant % GgufCorruptions.KindCount, random);
            tried[corruption.Kind] = tried.GetValueOrDefault(corruption.Kind) + 1;
            string? failure = corruption.Check();
            if (failure is not null)
            {
                failures.Add($"variant {variant}, {corruption.Kind} ({corruption.What}): {failure}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} wrong verdicts, first:\n{string.Join("\n", failures.Take(10))}");
        Assert.Equal(GgufCorruptions.KindCount, tried.Count);
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
