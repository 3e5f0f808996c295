using NorwegianLlama.Prompting;
using Xunit;

namespace NorwegianLlama.Tests.Prompting;

public sealed class ControlRunsTests
{
    [Theory]
    [InlineData('\u0001')]
    [InlineData('\u001B')]
    [InlineData('\u007F')]
    [InlineData('\u0085')]
    [InlineData('\u200B')]
    [InlineData('\u202E')]
    [InlineData('\uFEFF')]
    [InlineData('\uFFFD')]
    public void ControlFormatAndReplacementCharactersCount(char c) => Assert.True(ControlRuns.Counts(c));

    [Theory]
    [InlineData('\n')]
    [InlineData('\r')]
    [InlineData('\t')]
    [InlineData(' ')]
    [InlineData('ø')]
    public void LineBreaksTabsAndTextDoNotCount(char c) => Assert.False(ControlRuns.Counts(c));

    [Fact]
    public void FindsTheLongestRun()
    {
        Assert.Equal((0, 0), ControlRuns.Longest("Hei på deg"));
        Assert.Equal((4, 3), ControlRuns.Longest("a\u0001b\n\u200B\u200B\u200Bc\u0001\u0001"));
        Assert.Equal((1, 2), ControlRuns.Longest("a\u0001\u0001"));
    }

    [Fact]
    public void ARunAtTheLimitPassesAndOneLongerIsRefused()
    {
        ControlRuns.Check("x" + new string('\u200B', ControlRuns.MaxRun) + "y" + new string('\u200B', ControlRuns.MaxRun));

        PromptException error = Assert.Throws<PromptException>(() => ControlRuns.Check("x" + new string('\u0001', ControlRuns.MaxRun + 1)));

        Assert.Equal(PromptErrorIds.ControlRunTooLong, error.ErrorId);
        Assert.Contains("U+0001", error.Message);
    }

    [Fact]
    public void NewlinesAreNotLimitedHere() => ControlRuns.Check(new string('\n', 3 * ControlRuns.MaxRun));
}
