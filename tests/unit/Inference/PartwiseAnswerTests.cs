using System;
using System.Collections.Generic;
using System.Linq;
using NorwegianLlama.Gguf;
using NorwegianLlama.Inference;
using NorwegianLlama.Prompting;
using NorwegianLlama.TestModels;
using NorwegianLlama.Tests.Structured;
using Xunit;

namespace NorwegianLlama.Tests.Inference;

/// <summary>A generated model in the model cache, answering with the module's own generator.</summary>
public sealed class PartwiseModelFixture : IDisposable
{
    private readonly GeneratedModels models = new();

    public PartwiseModelFixture()
    {
        QuietNativeLog.Configure();
        Path = models.Write(new TestModelSpec(), "partwise.gguf").Path;
        Lease = ModelCache.AcquireAsync(Path, GgufReader.Read(Path), LoraSet.None, null, null, default).GetAwaiter().GetResult();
    }

    public string Path { get; }

    internal ModelLease Lease { get; }

    public void Dispose()
    {
        Lease.Dispose();
        ModelCache.Remove(System.IO.Path.GetFullPath(Path));
        models.Dispose();
    }
}

[Collection(ModelCacheCollection.Name)]
public sealed class PartwiseAnswerTests(PartwiseModelFixture model) : IClassFixture<PartwiseModelFixture>
{
    // A 256-token context keeping 16 tokens for the answer, as Invoke-NorskInstruction -ContextSize 256 -MaxTokens 16 does.
    private const int ContextSize = 256;
    private const int MaxTokens = 16;
    private static readonly int Limit = ContextBudget.PromptLimit(ContextSize, MaxTokens);

    private static readonly string[] Words = ["blåbær", "fjell", "fjord", "skog", "sjø", "grønn", "norsk", "tekst"];

    private static readonly string LongText = string.Join(' ', Enumerable.Range(0, 600).Select(i => Words[i % Words.Length]));

    private int[] Tokenize(string input) =>
        PromptTokenizer.Tokenize(model.Lease.Model.Weights.NativeHandle, AlpacaTemplate.Render("Oppsummer.", input));

    private IReadOnlyList<string> Generate(IReadOnlyList<int[]> prompts)
    {
        var options = new GenerationOptions(MaxTokens, new SamplingOptions(0.6f, 0.9f, 0, 0, 1.0f, 3), ["### Instruction:", "### Input:", "### Response:"], ContextSize, 1, Reproducible: true);
        return TextGenerator.Generate(model.Lease.Model, prompts, options, static (_, _) => { }, default).Select(r => r.Text).ToList();
    }

    [Fact]
    public void ALongInputIsAnsweredInPartsAndTheirAnswersBecomeTheFinalPrompt()
    {
        Assert.True(Tokenize(LongText).Length > 3 * ContextSize);
        var batches = new List<IReadOnlyList<int[]>>();
        var answers = new List<string>();
        var passes = new List<(int Parts, int Pass)>();

        ReducedInput reduced = new PartwiseAnswer(Tokenize, Limit, batchSize: 3).Reduce(
            LongText,
            prompts =>
            {
                batches.Add(prompts);
                IReadOnlyList<string> answered = Generate(prompts);
                answers.AddRange(answered);
                return answered;
            },
            (parts, pass) => passes.Add((parts, pass)));

        Assert.Null(reduced.UnfitTokenCount);
        Assert.NotNull(reduced.Prompt);
        Assert.True(reduced.Prompt.Length <= Limit);
        Assert.True(reduced.PartCount >= 4, $"{reduced.PartCount} parts");
        // Parts of at most 16 tokens each fit one prompt together: one pass.
        Assert.Equal((reduced.PartCount, 1), Assert.Single(passes));
        Assert.All(batches, batch => Assert.InRange(batch.Count, 1, 3));
        Assert.All(batches.SelectMany(b => b), prompt => Assert.True(prompt.Length <= Limit, $"{prompt.Length} tokens"));
        Assert.Equal(reduced.PartCount, answers.Count);
        Assert.Equal(Tokenize(PartwiseAnswer.Combine(answers)), reduced.Prompt);
    }

    [Fact]
    public void AnInputThatFitsNeedsNoParts()
    {
        ReducedInput reduced = new PartwiseAnswer(Tokenize, Limit, 4).Reduce("blåbær fjell", _ => throw new InvalidOperationException("nothing to answer in parts"));
        Assert.Equal(Tokenize("blåbær fjell"), reduced.Prompt);
        Assert.Equal(0, reduced.PartCount);
        Assert.Null(reduced.UnfitTokenCount);
    }

    [Fact]
    public void AFailedPartEndsTheAnswerWithoutAFinalPrompt()
    {
        int calls = 0;
        ReducedInput reduced = new PartwiseAnswer(Tokenize, Limit, 2).Reduce(LongText, _ => ++calls == 2 ? null : Generate(_));
        Assert.Equal(2, calls);
        Assert.Null(reduced.Prompt);
        Assert.Null(reduced.UnfitTokenCount);
        Assert.True(reduced.PartCount >= 4);
    }

    [Fact]
    public void AnswersThatNeverShrinkStopAfterTheLastReducePass()
    {
        // Each part's answer is longer than a whole prompt may be, so the material only grows: the passes are bounded.
        int passes = 0;
        ReducedInput reduced = new PartwiseAnswer(Tokenize, Limit, 8).Reduce(
            LongText, prompts => prompts.Select(_ => LongText[..1500]).ToList(), (_, _) => passes++);
        Assert.Equal(PartwiseAnswer.MaxReducePasses + 1, passes);
        Assert.Null(reduced.Prompt);
        Assert.True(reduced.UnfitTokenCount > Limit);
    }

    [Fact]
    public void CombiningTrimsEachAnswerAndKeepsTheirOrderWithABlankLineBetween()
    {
        Assert.Equal("Første del.\n\nAndre del.\n\nTredje.", PartwiseAnswer.Combine([" Første del.\n", "Andre del.", "\n\tTredje. "]));
        Assert.Equal("", PartwiseAnswer.Combine([]));
    }
}
