using NorwegianLlama.Inference;
using Xunit;

namespace NorwegianLlama.Tests.Inference;

public sealed class ContextShapeTests
{
    [Fact]
    public void ASingleAnswerTakesOnlyItsOwnShape()
    {
        var wanted = new ContextShape(4096, 1, 2);
        Assert.True(wanted.CanServe(wanted));
        Assert.False(new ContextShape(8192, 1, 2).CanServe(wanted));
        Assert.False(new ContextShape(4096, 1, 4).CanServe(wanted));
        Assert.False(new ContextShape(4096, 4, 2).CanServe(wanted));
    }

    [Fact]
    public void ABatchTakesALargerBatchContextOfWholeSteps()
    {
        var wanted = new ContextShape(256, 2, 2);
        Assert.True(new ContextShape(512, 2, 2).CanServe(wanted));
        Assert.True(new ContextShape(512, 4, 2).CanServe(wanted));
        Assert.False(new ContextShape(512, 2, 1).CanServe(wanted));
        Assert.False(new ContextShape(4096, 1, 2).CanServe(wanted));
    }

    [Fact]
    public void ABatchNeverTakesTooFewCellsOrSequences()
    {
        var wanted = new ContextShape(512, 4, 2);
        Assert.False(new ContextShape(256, 4, 2).CanServe(wanted));
        Assert.False(new ContextShape(512, 2, 2).CanServe(wanted));
    }

    [Fact]
    public void SizesOffTheStepsMatchOnlyExactly()
    {
        // A context capped below a step attends over all its cells, so a larger one could compute differently.
        var wanted = new ContextShape(200, 2, 2);
        Assert.True(wanted.CanServe(wanted));
        Assert.False(new ContextShape(256, 2, 2).CanServe(wanted));
        Assert.False(new ContextShape(300, 2, 2).CanServe(new ContextShape(256, 2, 2)));
    }
}
