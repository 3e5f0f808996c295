using NorwegianLlama.Inference;
using Xunit;

namespace NorwegianLlama.Tests.Inference;

public sealed class InstructionBatchingTests
{
    [Theory]
    [InlineData(1, 4)]
    [InlineData(2, 8)]
    [InlineData(3, 8)]
    [InlineData(64, 8)]
    public void GivesFourPerCoreUpToEight(int cores, int expected)
    {
        Assert.Equal(expected, InstructionBatching.DefaultSize(cores));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void AnUnknownCoreCountCountsAsOne(int cores)
    {
        Assert.Equal(4, InstructionBatching.DefaultSize(cores));
    }

    [Fact]
    public void StaysWithinWhatTheParameterAccepts()
    {
        for (int cores = 1; cores <= 256; cores++)
        {
            Assert.InRange(InstructionBatching.DefaultSize(cores), 1, 64);
        }
    }
}
