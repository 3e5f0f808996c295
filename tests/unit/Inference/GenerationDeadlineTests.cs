using System;
using System.Threading;
using NorwegianLlama.Inference;
using Xunit;

namespace NorwegianLlama.Tests.Inference;

[Collection(ModelCacheCollection.Name)]
public sealed class GenerationDeadlineTests(PartwiseModelFixture model) : IClassFixture<PartwiseModelFixture>
{
    // A grammar that cannot end for 2,000 letters, so only the deadline can stop these answers early.
    private static readonly GenerationOptions Long = new(
        2_000, new SamplingOptions(0, 1, 0, 0, 1, 1), [], 4_096, 1, Reproducible: true, Grammar: "root ::= line{200}\nline ::= [a-z]{10}");

    private static readonly int[] Prompt = [1, 300, 301, 302];

    [Fact]
    public void ADeadlineThatHasPassedEndsTheAnswerWithTimeoutBeforeAnyToken()
    {
        GenerationResult result = TextGenerator.Generate(model.Lease.Model, [Prompt], Long, static (_, _) => { }, default, new CancellationToken(canceled: true))[0];

        Assert.Equal(NorskStopReason.Timeout, result.StopReason);
        Assert.Equal(0, result.CompletionTokenCount);
        Assert.Equal("", result.Text);
    }

    [Fact]
    public void ADeadlineDuringTheAnswerKeepsWhatWasWrittenForEveryPrompt()
    {
        using var deadline = new CancellationTokenSource();
        int pieces = 0;

        // Cancelled from the text callback, so the test never depends on how fast this machine writes.
        GenerationResult[] results = TextGenerator.Generate(
            model.Lease.Model, [Prompt, [1, 300, 303]], Long, (_, _) => { if (Interlocked.Increment(ref pieces) == 20) { deadline.Cancel(); } }, default, deadline.Token);

        Assert.All(results, result => Assert.Equal(NorskStopReason.Timeout, result.StopReason));
        Assert.All(results, result => Assert.True(result.CompletionTokenCount > 0));
        Assert.All(results, result => Assert.True(result.Text.Length > 0 && result.Text.Length < 2_000));
    }

    [Fact]
    public void CancellingStillThrowsWhenTheDeadlineHasPassedToo()
    {
        Assert.ThrowsAny<OperationCanceledException>(() => TextGenerator.Generate(
            model.Lease.Model, [Prompt], Long, static (_, _) => { }, new CancellationToken(canceled: true), new CancellationToken(canceled: true)));
    }

    [Fact]
    public void TheModelAnswersAgainAfterATimeout()
    {
        using var deadline = new CancellationTokenSource();
        _ = TextGenerator.Generate(model.Lease.Model, [Prompt], Long, (_, _) => deadline.Cancel(), default, deadline.Token);

        var shortAnswer = Long with { MaxTokens = 4, Grammar = null };
        GenerationResult again = TextGenerator.Generate(model.Lease.Model, [Prompt], shortAnswer, static (_, _) => { }, default)[0];

        Assert.True(again.CompletionTokenCount > 0);
        Assert.NotEqual(NorskStopReason.Timeout, again.StopReason);
    }
}
