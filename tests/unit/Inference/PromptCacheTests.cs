using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NorwegianLlama.Inference;
using NorwegianLlama.Inference.PromptCache;
using Xunit;

namespace NorwegianLlama.Tests.Inference;

public sealed class PromptCacheEntryTests
{
    private static readonly PromptCacheIdentity Identity = PromptCacheIdentity.FromDescription("model a");

    [Fact]
    public void ReadsBackWhatWasWritten()
    {
        byte[] file = Write(Entry(tokens: 70, payload: 300));

        PromptCacheEntry? read = PromptCacheEntry.Read(new MemoryStream(file), Identity);

        Assert.NotNull(read);
        Assert.Equal(Enumerable.Range(1, 70), read.Tokens);
        Assert.Equal(Entry(70, 300).Payload, read.Payload);
        Assert.Equal(Enumerable.Range(1, 70), PromptCacheEntry.ReadTokens(new MemoryStream(file), Identity));
    }

    [Fact]
    public void RefusesAnotherIdentitysFile()
    {
        byte[] file = Write(Entry(5, 20));
        var other = PromptCacheIdentity.FromDescription("model b");

        Assert.Null(PromptCacheEntry.ReadTokens(new MemoryStream(file), other));
        Assert.Null(PromptCacheEntry.Read(new MemoryStream(file), other));
    }

    [Fact]
    public void RefusesEveryTruncation()
    {
        byte[] file = Write(Entry(3, 16));
        for (int length = 0; length < file.Length; length++)
        {
            Assert.Null(PromptCacheEntry.Read(new MemoryStream(file[..length]), Identity));
        }
    }

    [Fact]
    public void RefusesEveryFlippedBit()
    {
        byte[] file = Write(Entry(3, 16));
        for (int position = 0; position < file.Length; position++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                byte[] damaged = (byte[])file.Clone();
                damaged[position] ^= (byte)(1 << bit);
                Assert.Null(PromptCacheEntry.Read(new MemoryStream(damaged), Identity));
            }
        }
    }

    [Fact]
    public void RefusesSeededRandomMutations()
    {
        byte[] file = Write(Entry(80, 2000));
        for (int seed = 1; seed <= 50; seed++)
        {
            var random = new Random(seed);
            byte[] damaged = (byte[])file.Clone();
            for (int flips = random.Next(1, 8); flips > 0; flips--)
            {
                damaged[random.Next(damaged.Length)] ^= (byte)random.Next(1, 256);
            }

            if (seed % 5 == 0)
            {
                Array.Resize(ref damaged, damaged.Length + random.Next(1, 100));
            }

            Assert.Null(PromptCacheEntry.Read(new MemoryStream(damaged), Identity));
        }
    }

    [Fact]
    public void RefusesAFileThatIsNotOne()
    {
        Assert.Null(PromptCacheEntry.Read(new MemoryStream("GGUF and then something else entirely, long enough for a header."u8.ToArray().Concat(new byte[200]).ToArray()), Identity));
        Assert.Null(PromptCacheEntry.Read(new MemoryStream([]), Identity));
    }

    internal static PromptCacheEntry Entry(int tokens, int payload, int seed = 1) =>
        new(Identity.Hash, Enumerable.Range(1, tokens).ToArray(), Enumerable.Range(0, payload).Select(i => (byte)(i * 7 + seed)).ToArray());

    private static byte[] Write(PromptCacheEntry entry)
    {
        var stream = new MemoryStream();
        entry.WriteTo(stream);
        Assert.Equal(entry.FileLength, stream.Length);
        return stream.ToArray();
    }
}

public sealed class PromptCacheIdentityTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("norsk-identity-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void DependsOnEverythingTheStateDependsOn()
    {
        string model = WriteFile("model.gguf", 1);
        string adapter = WriteFile("tone.gguf", 2);
        string plain = PromptCacheIdentity.DescribeFiles(model, []);
        string withAdapter = PromptCacheIdentity.DescribeFiles(model, [new LoraSetting(adapter, 1f)]);
        string halfAdapter = PromptCacheIdentity.DescribeFiles(model, [new LoraSetting(adapter, 0.5f)]);
        string baseline = Hex(plain, "f16/f16", 512, 2, "r1");

        string[] variants =
        [
            Hex(withAdapter, "f16/f16", 512, 2, "r1"),
            Hex(halfAdapter, "f16/f16", 512, 2, "r1"),
            Hex(plain, "q8_0/q8_0", 512, 2, "r1"),
            Hex(plain, "f16/f16", 1024, 2, "r1"),
            Hex(plain, "f16/f16", 512, 4, "r1"),
            Hex(plain, "f16/f16", 512, 2, "r2"),
            Hex(plain, "f16/f16", 512, 2, "r1", sequences: 2),
            Hex(plain, "f16/f16", 512, 2, "r1", sequences: 4),
        ];

        Assert.Equal(baseline, Hex(PromptCacheIdentity.DescribeFiles(model, []), "f16/f16", 512, 2, "r1"));
        Assert.Equal(baseline, Hex(plain, "f16/f16", 512, 2, "r1", sequences: 1));
        Assert.DoesNotContain(baseline, variants);
        Assert.Equal(variants.Length, variants.Distinct().Count());
    }

    [Fact]
    public void SeesAModelRewrittenWithTheSameSizeAndTime()
    {
        string model = WriteFile("model.gguf", 1);
        DateTime written = File.GetLastWriteTimeUtc(model);
        string before = PromptCacheIdentity.DescribeFiles(model, []);

        WriteFile("model.gguf", 3);
        File.SetLastWriteTimeUtc(model, written);

        Assert.NotEqual(before, PromptCacheIdentity.DescribeFiles(model, []));
    }

    private static string Hex(string files, string kv, int context, int threads, string runtime, int sequences = 1) =>
        Convert.ToHexString(PromptCacheIdentity.For(files, kv, context, threads, runtime, sequences).Hash);

    private string WriteFile(string name, int seed)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllBytes(path, Enumerable.Range(0, 5000).Select(i => (byte)(i * seed)).ToArray());
        return path;
    }
}

public sealed class PromptCacheSettingsTests
{
    [Theory]
    [InlineData("0", false)]
    [InlineData("off", false)]
    [InlineData("False", false)]
    [InlineData("1", true)]
    [InlineData("", true)]
    [InlineData(null, true)]
    public void IsOnUnlessTurnedOff(string? value, bool enabled) => Assert.Equal(enabled, EnvironmentSwitch.IsOn(value));

    [Theory]
    [InlineData("1048576", 1048576L)]
    [InlineData("500MB", 500L << 20)]
    [InlineData("2 GB", 2L << 30)]
    [InlineData("1.5kb", 1536L)]
    [InlineData("lots", null)]
    [InlineData("-5", null)]
    [InlineData("", null)]
    public void ReadsSizesAsPowerShellWritesThem(string value, long? bytes) => Assert.Equal(bytes, PromptCacheSettings.ParseSize(value));

    [Fact]
    public void DefaultsToTheDataFolder()
    {
        Assert.EndsWith(Path.Combine("NorwegianLlama", "cache"), PromptCacheSettings.ResolveFolder(null));
        Assert.Equal(Path.GetFullPath("/tmp/x"), PromptCacheSettings.ResolveFolder("/tmp/x"));
    }
}

public sealed class LruEvictionTests
{
    [Fact]
    public void DeletesTheLeastRecentlyUsedUntilWithinTheBound()
    {
        var now = DateTime.UtcNow;
        CacheFile[] files =
        [
            new("new", 40, now),
            new("old", 40, now.AddHours(-2)),
            new("middle", 40, now.AddHours(-1)),
        ];

        Assert.Equal(["old"], LruEviction.Choose(files, 80).Select(f => f.Path));
        Assert.Equal(["old", "middle"], LruEviction.Choose(files, 79).Select(f => f.Path));
        Assert.Empty(LruEviction.Choose(files, 120));
    }

    [Fact]
    public void NeverDeletesTheFileJustWritten()
    {
        var now = DateTime.UtcNow;
        CacheFile[] files = [new("kept", 100, now.AddHours(-5)), new("other", 10, now)];

        Assert.Equal(["other"], LruEviction.Choose(files, 50, keep: "kept").Select(f => f.Path));
    }
}

public sealed class PromptCacheFolderTests : IDisposable
{
    private static readonly PromptCacheIdentity Identity = PromptCacheIdentity.FromDescription("model a");
    private readonly string root = Directory.CreateTempSubdirectory("norsk-prompt-cache-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void FindsTheUsablePartOfASavedPrefix()
    {
        var folder = new PromptCacheFolder(root, 1 << 20);
        int[] saved = Enumerable.Range(1, 192).ToArray();
        Assert.True(folder.Save(Identity, new PromptCacheEntry(Identity.Hash, saved, new byte[64])));

        int[] prompt = [.. saved[..150], 9999, 9998];
        CacheCandidate candidate = Assert.Single(folder.FindCandidates(Identity, prompt, atLeast: 0));
        Assert.Equal(128, candidate.UsableTokens);
        Assert.Empty(folder.FindCandidates(Identity, prompt, atLeast: 128));
        Assert.Empty(folder.FindCandidates(PromptCacheIdentity.FromDescription("model b"), prompt, atLeast: 0));

        // All of a saved prefix but the prompt's last token, which must be decoded for its logits.
        Assert.Equal(128, folder.FindCandidates(Identity, saved[..129], 0).Single().UsableTokens);
        Assert.Equal(64, folder.FindCandidates(Identity, saved[..128], 0).Single().UsableTokens);
    }

    [Fact]
    public void SeesWhatAnotherWriterAddsOrRemovesAfterALookup()
    {
        var reader = new PromptCacheFolder(root, 1 << 20);
        var writer = new PromptCacheFolder(root, 1 << 20);
        int[] prompt = [.. Enumerable.Range(1, 200)];
        Assert.True(writer.Save(Identity, new PromptCacheEntry(Identity.Hash, prompt[..64], new byte[64])));
        // An old folder stamp is what lets a listing be remembered at all; a change must still show.
        Directory.SetLastWriteTimeUtc(root, DateTime.UtcNow.AddMinutes(-5));
        Assert.Equal(64, reader.FindCandidates(Identity, prompt, 0).Single().UsableTokens);
        Assert.Equal(64, reader.FindCandidates(Identity, prompt, 0).Single().UsableTokens);

        Assert.True(writer.Save(Identity, new PromptCacheEntry(Identity.Hash, prompt[..128], new byte[64])));
        Assert.Equal([128, 64], reader.FindCandidates(Identity, prompt, 0).Select(c => c.UsableTokens));

        File.Delete(writer.PathOf(Identity, prompt[..128]));
        Assert.Equal(64, reader.FindCandidates(Identity, prompt, 0).Single().UsableTokens);
    }

    [Fact]
    public void DeletesADamagedFileInsteadOfUsingIt()
    {
        var folder = new PromptCacheFolder(root, 1 << 20);
        int[] saved = Enumerable.Range(1, 64).ToArray();
        folder.Save(Identity, new PromptCacheEntry(Identity.Hash, saved, new byte[64]));
        string path = folder.PathOf(Identity, saved);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 1;
        File.WriteAllBytes(path, bytes);

        Assert.Null(folder.Load(path, Identity));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void ConcurrentWritersOfOneEntryLeaveOneWholeFile()
    {
        var folder = new PromptCacheFolder(root, 1 << 30);
        int[] tokens = Enumerable.Range(1, 64).ToArray();
        Parallel.For(0, 16, i => folder.Save(Identity, PromptCacheEntryTests.Entry(64, 200_000)));

        string file = Assert.Single(Directory.GetFiles(root));
        Assert.Equal(folder.PathOf(Identity, tokens), file);
        Assert.NotNull(folder.Load(file, Identity));
    }

    [Fact]
    public void KeepsTheFolderWithinItsBound()
    {
        long one = PromptCacheEntryTests.Entry(64, 1000).FileLength;
        var folder = new PromptCacheFolder(root, (long)(one * 2.5));
        for (int i = 0; i < 6; i++)
        {
            int[] tokens = Enumerable.Range(i * 1000, 64).ToArray();
            Assert.True(folder.Save(Identity, new PromptCacheEntry(Identity.Hash, tokens, new byte[1000])));
            Assert.True(Directory.GetFiles(root).Sum(f => new FileInfo(f).Length) <= folder.MaxBytes);
        }

        Assert.Equal(2, Directory.GetFiles(root).Length);
        Assert.True(File.Exists(folder.PathOf(Identity, Enumerable.Range(5000, 64).ToArray())));
        Assert.False(folder.Save(Identity, PromptCacheEntryTests.Entry(64, 10_000)));
    }
}
