using System;
using NorwegianLlama.Inference;
using Xunit;

namespace NorwegianLlama.Tests.Inference;

public sealed class WorkEstimateTests
{
    [Fact]
    public void HasNoPaceBeforeAnyTokenIsReadOrWritten()
    {
        var estimate = new WorkEstimate([100, 200, 300], maxTokens: 64);

        Assert.Equal(-1, estimate.SecondsRemaining(0, 0, TimeSpan.FromSeconds(30)));
        Assert.Equal(0, estimate.PercentComplete(0, 0));
    }

    [Fact]
    public void ALongInputLeftAfterManyShortOnesKeepsItsWeight()
    {
        // Nine short notes answered in 9 s, then a 3 MB report: counting inputs, 1 of 10 left would read "1s".
        long[] sizes = [100, 100, 100, 100, 100, 100, 100, 100, 100, 3_000_000];
        var estimate = new WorkEstimate(sizes, maxTokens: 64);
        for (int i = 0; i < 9; i++)
        {
            estimate.Measured(i, 40);
            estimate.Finished(i);
        }

        estimate.Answered(9, 9 * 60);
        long spent = 9 * (40 + 60);

        int seconds = estimate.SecondsRemaining(spent, 0, TimeSpan.FromSeconds(9));

        // 0.4 tokens a byte measured, so about 1.2 M tokens at 100 tokens a second.
        Assert.InRange(seconds, 10_000, 14_000);
        Assert.Equal(0, estimate.PercentComplete(spent, 0));
    }

    [Fact]
    public void NeverSaysNoTimeLeftWhileAnInputIsUnfinished()
    {
        var estimate = new WorkEstimate([10, 10], maxTokens: 8);
        estimate.Measured(0, 5);
        estimate.Finished(0);

        // Far more spent on the second input than it was thought to need.
        int seconds = estimate.SecondsRemaining(10_000, 9_000, TimeSpan.FromSeconds(100));

        Assert.True(seconds >= 1, $"{seconds} s left while an input is unfinished");
        Assert.InRange(estimate.PercentComplete(10_000, 9_000), 0, 99);
    }

    [Fact]
    public void SaysZeroAndAHundredPercentOnceEveryInputIsFinished()
    {
        var estimate = new WorkEstimate([10, 10], maxTokens: 8);
        estimate.Finished(0);
        estimate.Finished(1);

        Assert.Equal(0, estimate.SecondsRemaining(30, 0, TimeSpan.FromSeconds(3)));
        Assert.Equal(100, estimate.PercentComplete(30, 0));
    }

    [Fact]
    public void CountsWhatWasSpentOnTheUnfinishedInputs()
    {
        var estimate = new WorkEstimate([1000, 1000], maxTokens: 100);
        estimate.Measured(0, 300);
        estimate.Measured(1, 300);

        double before = estimate.RemainingTokens(0);
        double after = estimate.RemainingTokens(250);

        Assert.Equal(800.0, before);
        Assert.Equal(before - 250, after);
    }

    [Fact]
    public void MeasuredAnswersReplaceMaxTokensAsTheGuess()
    {
        var estimate = new WorkEstimate([1000, 1000], maxTokens: 500);
        estimate.Measured(0, 300);
        estimate.Finished(0);
        estimate.Answered(1, 20);

        // The second input's prompt guessed at the measured 0.3 tokens a byte, its answer at the 20 tokens measured.
        Assert.Equal(320.0, estimate.RemainingTokens(0), precision: 6);
    }

    [Fact]
    public void AnInputAnsweredInPartsWeighsOneAnswerPerPartAndOneOverThem()
    {
        var estimate = new WorkEstimate([50_000], maxTokens: 10);
        estimate.Measured(0, 15_000);
        double whole = estimate.RemainingTokens(0);

        estimate.Split(0, 40);

        Assert.Equal(15_010.0, whole);
        Assert.Equal(15_410.0, estimate.RemainingTokens(0));
    }
}
