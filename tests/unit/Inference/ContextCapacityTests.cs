using NorwegianLlama.Inference;
using Xunit;

namespace NorwegianLlama.Tests.Inference;

public sealed class ContextCapacityTests
{
    [Theory]
    [InlineData(0, 4096, 1024)]
    [InlineData(693, 4096, 1024)]
    [InlineData(1024, 4096, 1024)]
    [InlineData(1025, 4096, 2048)]
    [InlineData(3000, 4096, 4096)]
    [InlineData(9000, 4096, 4096)]
    [InlineData(100, 512, 512)]
    [InlineData(1500, 3000, 2048)]
    [InlineData(2500, 3000, 3000)]
    public void StartsAtWhatTheCallNeedsInDoublingStepsAndNeverPassesTheContextSize(long needed, int contextSize, int cells) =>
        Assert.Equal(cells, ContextCapacity.For(needed, contextSize));

    [Fact]
    public void ABatchContextIsAlreadySizedToItsBatch()
    {
        var batch = new ContextShape(768, 3, 2, KvCacheTypes.F16);

        Assert.Equal(768, ContextPool.CellsFor(batch, 0));
        Assert.Equal(1024, ContextPool.CellsFor(batch with { Sequences = 1, ContextSize = 4096 }, 600));
    }
}
