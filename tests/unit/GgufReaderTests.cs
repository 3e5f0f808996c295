using System;
using System.IO;
using System.Linq;
using NorwegianLlama.Gguf;
using NorwegianLlama.TestModels;
using Xunit;
using WriterType = NorwegianLlama.TestModels.GgufValueType;

namespace NorwegianLlama.Tests;

public sealed class GgufReaderTests : IDisposable
{
    private readonly GeneratedModels models = new();

    public void Dispose() => models.Dispose();

    [Fact]
    public void ReadsHeaderMetadataAndTensorTable()
    {
        var spec = new TestModelSpec { Layers = 2, Embedding = 64, Heads = 4, FeedForward = 128 };
        var (path, summary) = models.Write(spec);

        GgufFile file = GgufReader.Read(path);

        Assert.Equal(3u, file.Version);
        Assert.Equal(summary.SizeBytes, file.FileSize);
        Assert.Equal(summary.TensorCount, file.Tensors.Count);
        Assert.Equal(summary.KvCount, file.Metadata.Count);
        Assert.Equal(32, file.Alignment);
        Assert.Equal(0, file.DataOffset % 32);
        Assert.Equal("llama", file.FindString("general.architecture"));
        GgufTensorInfo embedding = file.Tensors.Single(t => t.Name == "token_embd.weight");
        Assert.Equal(new long[] { 64, summary.VocabularySize }, embedding.Dimensions);
        Assert.Equal("F32", embedding.TypeName);
        Assert.Equal(64L * summary.VocabularySize * 4, embedding.ByteSize);
    }

    [Fact]
    public void KeepsShortArraysAndOnlyCountsLongOnes()
    {
        var builder = TestModelWriter.CreateBuilder(new TestModelSpec());
        builder.SetArray("test.short", WriterType.Int32, new[] { 3, 1, 4 });
        string path = models.WriteBytes(builder.ToArray(), "arrays.gguf");

        GgufFile file = GgufReader.Read(path);

        Assert.Equal(new object[] { 3, 1, 4 }, file.Find("test.short")!.Array!.Items);
        GgufArray tokens = file.Find("tokenizer.ggml.tokens")!.Array!;
        Assert.Null(tokens.Items);
        Assert.Equal(TestModelWriter.Vocabulary.Count, tokens.Count);
    }

    [Fact]
    public void NeverReadsTensorDataSoHugeFilesAnswerFromTheirHeader()
    {
        // A header that announces ~300 MB of Q4_0 data, followed by a sparse file of that size: reading
        // must only touch the first few kilobytes.
        const uint Q4_0 = 2;
        var builder = new GgufBuilder();
        builder.Set("general.architecture", WriterType.String, "llama");
        builder.AddTensor("big.weight", new long[] { 4096, 131072 }, Q4_0, Array.Empty<byte>());
        byte[] header = builder.ToArray();
        string path = models.PathFor("sparse.gguf");
        using (var stream = File.Create(path))
        {
            stream.Write(header);
            stream.SetLength(header.Length + 4096L * 131072 / 32 * 18 + 64);
        }

        GgufFile file = GgufReader.Read(path);

        Assert.Equal(4096L * 131072, file.Tensors.Single().ElementCount);
    }

    [Fact]
    public void RejectsAFileThatIsNotGguf()
    {
        string path = models.WriteBytes("Hei, dette er ikke en modell."u8.ToArray(), "text.gguf");
        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));
        Assert.Equal(GgufErrorKind.NotGguf, error.Kind);
    }

    [Fact]
    public void RejectsAnEmptyFile()
    {
        string path = models.WriteBytes(Array.Empty<byte>(), "empty.gguf");
        Assert.Equal(GgufErrorKind.NotGguf, Assert.Throws<GgufFormatException>(() => GgufReader.Read(path)).Kind);
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(4u)]
    [InlineData(0x03000000u)]
    public void RejectsUnsupportedVersions(uint version)
    {
        byte[] bytes = TestModelWriter.CreateBuilder(new TestModelSpec()).ToArray();
        BitConverter.TryWriteBytes(bytes.AsSpan(4, 4), version);
        string path = models.WriteBytes(bytes, "version.gguf");

        Assert.Equal(GgufErrorKind.UnsupportedVersion, Assert.Throws<GgufFormatException>(() => GgufReader.Read(path)).Kind);
    }

    [Fact]
    public void ReportsEveryTruncationAsAnError()
    {
        byte[] bytes = TestModelWriter.CreateBuilder(new TestModelSpec { Embedding = 32, Heads = 2, FeedForward = 64 }).ToArray();
        for (int length = 0; length < bytes.Length; length += Math.Max(1, bytes.Length / 300))
        {
            string path = models.WriteBytes(bytes[..length], "truncated.gguf");
            var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));
            // Below 4 bytes there is no magic to recognise; past it, every cut is an interrupted download.
            GgufErrorKind expected = length < 4 ? GgufErrorKind.NotGguf : GgufErrorKind.Truncated;
            Assert.True(error.Kind == expected, $"length {length}: {error.Kind}: {error.Message}");
        }
    }

    [Fact]
    public void RejectsAbsurdCountsWithoutAllocatingThem()
    {
        byte[] bytes = TestModelWriter.CreateBuilder(new TestModelSpec()).ToArray();
        BitConverter.TryWriteBytes(bytes.AsSpan(16, 8), long.MaxValue); // key/value count
        string path = models.WriteBytes(bytes, "absurd.gguf");

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));
        Assert.Equal(GgufErrorKind.Malformed, error.Kind);
        Assert.Contains("cannot fit", error.Message);
    }

    [Fact]
    public void RejectsTensorDataThatEndsPastTheFile()
    {
        byte[] bytes = TestModelWriter.CreateBuilder(new TestModelSpec()).ToArray();
        string path = models.WriteBytes(bytes[..^100], "short-data.gguf");

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));
        Assert.Equal(GgufErrorKind.Truncated, error.Kind);
        Assert.Contains("output", error.Message);
    }

    [Fact]
    public void RejectsMisalignedTensorOffsets()
    {
        var builder = new GgufBuilder();
        builder.Set("general.architecture", WriterType.String, "llama");
        builder.AddTensor("a.weight", new long[] { 3 }, 0, new byte[12]);
        builder.AddTensor("b.weight", new long[] { 3 }, 0, new byte[12]);
        byte[] bytes = builder.ToArray();
        // The second tensor's offset is the last u64 of the tensor table; shift it by 4 bytes.
        int tableEnd = FindTensorTableEnd(bytes);
        BitConverter.TryWriteBytes(bytes.AsSpan(tableEnd - 8, 8), 36L);
        string path = models.WriteBytes(bytes, "misaligned.gguf");

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));
        Assert.Equal(GgufErrorKind.Malformed, error.Kind);
        Assert.Contains("alignment", error.Message);
    }

    [Fact]
    public void RejectsDuplicateKeysAndUnknownValueTypes()
    {
        var builder = new GgufBuilder();
        builder.Set("test.a", WriterType.String, "x");
        builder.Set("test.b", WriterType.String, "y");
        byte[] bytes = builder.ToArray();
        bytes[IndexOf(bytes, "test.b"u8.ToArray()) + 5] = (byte)'a';
        string duplicate = models.WriteBytes(bytes, "duplicate.gguf");
        Assert.Contains("appears twice", Assert.Throws<GgufFormatException>(() => GgufReader.Read(duplicate)).Message);

        bytes = builder.ToArray();
        int typeAt = IndexOf(bytes, "test.b"u8.ToArray()) + "test.b".Length;
        BitConverter.TryWriteBytes(bytes.AsSpan(typeAt, 4), 99u);
        string unknown = models.WriteBytes(bytes, "unknown-type.gguf");
        Assert.Contains("unknown value type 99", Assert.Throws<GgufFormatException>(() => GgufReader.Read(unknown)).Message);
    }

    private static int FindTensorTableEnd(byte[] bytes)
    {
        int nameAt = IndexOf(bytes, "b.weight"u8.ToArray());
        return nameAt + "b.weight".Length + 4 + 8 + 4 + 8;
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
