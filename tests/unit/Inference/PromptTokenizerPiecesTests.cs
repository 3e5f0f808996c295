using System;
using System.Linq;
using System.Threading;
using NorwegianLlama.Inference;
using NorwegianLlama.Prompting;
using NorwegianLlama.TestModels;
using Xunit;

namespace NorwegianLlama.Tests.Inference;

/// <summary>
/// A long text tokenised in pieces gives the ids of the whole text tokenised in one llama.cpp call, checked
/// against the generated vocabulary (tests/TokenizingLongText.Tests.ps1 checks the real Llama-2 one).
/// </summary>
[Collection(ModelCacheCollection.Name)]
public sealed class PromptTokenizerPiecesTests : ModelCacheTest
{
    public static TheoryData<string> LongTexts() => new()
    {
        "x" + new string('\n', 5_000) + "y",
        string.Concat(Enumerable.Repeat("Hei, dette er en linje med tekst.\n", 200)),
        "\n\n" + string.Concat(Enumerable.Repeat("\tInnrykket linje med æøå\n\n", 150)) + "slutt",
        string.Concat(Enumerable.Repeat("ord ", 600)) + "\n" + string.Concat(Enumerable.Repeat("mer\n", 400)),
        string.Concat(Enumerable.Repeat("🙂🙂\n", 700)),
        string.Concat(Enumerable.Repeat("🙂", 3_000)),
        string.Concat(Enumerable.Repeat("👍🏽🇳🇴e\u0301", 800)),
    };

    [Theory]
    [MemberData(nameof(LongTexts))]
    public void ChatAndInstructionPromptsTokeniseAsTheWholeText(string text)
    {
        string path = Models.Write(new TestModelSpec()).Path;
        using TokenizerLease tokenizer = ModelCache.AcquireTokenizer(path);
        RenderedPrompt chat = Llama2ChatTemplate.Render(
            [new ChatMessage(ChatRole.User, text), new ChatMessage(ChatRole.Assistant, text), new ChatMessage(ChatRole.User, "Og?")]);
        RenderedPrompt instruction = AlpacaTemplate.Render("Oppsummer.", text);
        Assert.True(IsolatedCharacters.Of(tokenizer.Handle)?.Contains('\n'), "the generated vocabulary never joins a newline, so the pieces are used");

        foreach (RenderedPrompt prompt in new[] { chat, instruction })
        {
            Assert.Equal(Whole(tokenizer, prompt), PromptTokenizer.Tokenize(tokenizer.Handle, prompt));
        }
    }

    [Fact]
    public void StopsBetweenPiecesWhenCancelled()
    {
        string path = Models.Write(new TestModelSpec()).Path;
        using TokenizerLease tokenizer = ModelCache.AcquireTokenizer(path);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(
            () => PromptTokenizer.Tokenize(tokenizer.Handle, AlpacaTemplate.Render("Oppsummer.", "x" + new string('\n', 10_000) + "y"), cancelled.Token));
        Assert.NotEmpty(PromptTokenizer.Tokenize(tokenizer.Handle, AlpacaTemplate.Render("Oppsummer.", "kort"), cancelled.Token));
    }

    private static int[] Whole(TokenizerLease tokenizer, RenderedPrompt prompt)
    {
        Environment.SetEnvironmentVariable(PromptTokenizer.PiecesVariable, "0");
        try
        {
            return PromptTokenizer.Tokenize(tokenizer.Handle, prompt);
        }
        finally
        {
            Environment.SetEnvironmentVariable(PromptTokenizer.PiecesVariable, null);
        }
    }
}
