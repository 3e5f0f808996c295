using NorwegianLlama.Gguf;
using NorwegianLlama.Inference;
using NorwegianLlama.TestModels;
using Xunit;

namespace NorwegianLlama.Tests.Inference;

public sealed class KvCacheChoiceTests
{
    private static readonly KvCacheShape Llama13B = new(Layers: 40, KvHeads: 40, KeyWidth: 128, ValueWidth: 128);

    [Theory]
    [InlineData(128, 128)]
    [InlineData(16, 16)]
    [InlineData(96, 40)]
    public void DefaultIsF16ForAnyHeadWidth(long keyWidth, long valueWidth)
    {
        KvCacheDecision decision = KvCacheChoice.Decide(null, new KvCacheShape(2, 4, keyWidth, valueWidth));

        Assert.Equal(KvCacheTypes.F16, decision.Types);
        Assert.Null(decision.Refusal);
        Assert.Equal("f16/f16", decision.Types.ToString());
    }

    [Fact]
    public void AskedTypesThatFitAreKept()
    {
        var asked = new KvCacheTypes(NorskKvCacheType.Q4_0, NorskKvCacheType.Q8_0);

        KvCacheDecision decision = KvCacheChoice.Decide(asked, Llama13B);

        Assert.Equal(asked, decision.Types);
        Assert.Null(decision.Refusal);
    }

    [Fact]
    public void AskedF16FitsAnyHead()
    {
        Assert.Null(KvCacheChoice.Decide(KvCacheTypes.F16, new KvCacheShape(2, 4, 6, 10)).Refusal);
    }

    [Theory]
    [InlineData(NorskKvCacheType.Q8_0, NorskKvCacheType.F16, 16, 64, "K", 16)]
    [InlineData(NorskKvCacheType.F16, NorskKvCacheType.Q4_0, 64, 48, "V", 48)]
    public void AskedQuantizedTypeTheHeadCannotTakeIsRefusedNamingTheWidth(
        NorskKvCacheType k, NorskKvCacheType v, long keyWidth, long valueWidth, string half, long width)
    {
        KvCacheDecision decision = KvCacheChoice.Decide(new KvCacheTypes(k, v), new KvCacheShape(2, 4, keyWidth, valueWidth));

        Assert.NotNull(decision.Refusal);
        Assert.Equal(half, decision.Refusal.Half);
        Assert.Equal(width, decision.Refusal.HeadWidth);
        Assert.Equal(32, decision.Refusal.BlockSize);
    }

    [Fact]
    public void OneParameterValueSetsBothHalvesAndTwoAreKeysThenValues()
    {
        Assert.Equal(new KvCacheTypes(NorskKvCacheType.Q4_0, NorskKvCacheType.Q4_0), KvCacheTypes.FromParameter([NorskKvCacheType.Q4_0]));
        Assert.Equal(
            new KvCacheTypes(NorskKvCacheType.F16, NorskKvCacheType.Q8_0),
            KvCacheTypes.FromParameter([NorskKvCacheType.F16, NorskKvCacheType.Q8_0]));
    }

    [Fact]
    public void CacheOf13BAt4096TokensIs3Point2GigabytesAsF16And1Point3AsQ8KeysAndQ4Values()
    {
        Assert.Equal(3_355_443_200, Llama13B.Bytes(KvCacheTypes.F16, 4096));
        Assert.Equal(1_363_148_800, Llama13B.Bytes(new KvCacheTypes(NorskKvCacheType.Q8_0, NorskKvCacheType.Q4_0), 4096));
    }

    [Fact]
    public void ShapeComesFromTheHeaderDividingTheEmbeddingByTheHeads()
    {
        using var models = new GeneratedModels();
        var (path, _) = models.Write(new TestModelSpec { Layers = 3, Embedding = 128, Heads = 4, KvHeads = 2 });

        KvCacheShape shape = KvCacheShape.From(GgufReader.Read(path));

        Assert.Equal(new KvCacheShape(3, 2, 32, 32), shape);
    }

    [Fact]
    public void DeclaredKeyAndValueLengthsWin()
    {
        using var models = new GeneratedModels();
        string path = models.PathFor("lengths.gguf");
        TestModelWriter.CreateBuilder(new TestModelSpec { Embedding = 64, Heads = 4 })
            .Set("llama.attention.key_length", NorwegianLlama.TestModels.GgufValueType.UInt32, 48u)
            .Set("llama.attention.value_length", NorwegianLlama.TestModels.GgufValueType.UInt32, 64u)
            .WriteFile(path);

        KvCacheShape shape = KvCacheShape.From(GgufReader.Read(path));

        Assert.Equal(48, shape.KeyWidth);
        Assert.Equal(64, shape.ValueWidth);
    }
}
