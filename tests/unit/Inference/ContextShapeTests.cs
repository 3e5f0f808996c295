using NorwegianLlama.Inference;
using Xunit;

namespace NorwegianLlama.Tests.Inference;

public sealed class ContextShapeTests
{
    private static ContextShape Shape(int size, int sequences, int threads, KvCacheTypes? kv = null) =>
        new(size, sequences, threads, kv ?? KvCacheTypes.Default);

    [Fact]
    public void NoContextServesACallOfOtherKvCacheTypes()
    {
        var quantized = new KvCacheTypes(NorskKvCacheType.Q8_0, NorskKvCacheType.Q4_0);
        Assert.False(Shape(4096, 1, 2, KvCacheTypes.F16).CanServe(Shape(4096, 1, 2, quantized)));
        Assert.False(Shape(512, 4, 2, KvCacheTypes.F16).CanServe(Shape(256, 2, 2, quantized)));
        Assert.True(Shape(512, 4, 2, KvCacheTypes.F16).CanServe(Shape(256, 2, 2, KvCacheTypes.F16)));
    }

    [Fact]
    public void ASingleAnswerTakesOnlyItsOwnShape()
    {
        var wanted = Shape(4096, 1, 2);
        Assert.True(wanted.CanServe(wanted));
        Assert.False(Shape(8192, 1, 2).CanServe(wanted));
        Assert.False(Shape(4096, 1, 4).CanServe(wanted));
        Assert.False(Shape(4096, 4, 2).CanServe(wanted));
    }

    [Fact]
    public void ABatchTakesALargerBatchContextOfWholeSteps()
    {
        var wanted = Shape(256, 2, 2);
        Assert.True(Shape(512, 2, 2).CanServe(wanted));
        Assert.True(Shape(512, 4, 2).CanServe(wanted));
        Assert.False(Shape(512, 2, 1).CanServe(wanted));
        Assert.False(Shape(4096, 1, 2).CanServe(wanted));
    }

    [Fact]
    public void ABatchNeverTakesTooFewCellsOrSequences()
    {
        var wanted = Shape(512, 4, 2);
        Assert.False(Shape(256, 4, 2).CanServe(wanted));
        Assert.False(Shape(512, 2, 2).CanServe(wanted));
    }

    [Fact]
    public void SizesOffTheStepsMatchOnlyExactly()
    {
        // A context capped below a step attends over all its cells, so a larger one could compute differently.
        var wanted = Shape(200, 2, 2);
        Assert.True(wanted.CanServe(wanted));
        Assert.False(Shape(256, 2, 2).CanServe(wanted));
        Assert.False(Shape(300, 2, 2).CanServe(Shape(256, 2, 2)));
    }
}
