using System.Collections.Generic;
using System.Linq;
using NorwegianLlama.Inference;
using NorwegianLlama.Prompting;
using NorwegianLlama.TestModels;
using Xunit;

namespace NorwegianLlama.Tests;

/// <summary>
/// Carried answer ids through the real tokenizer: the next turn's prompt starts with the tokens a warm context
/// holds (the asked prompt, then the ids as the model wrote them), and stale ids give the text rendering.
/// </summary>
public sealed class CarriedAnswerTokenTests(TokenizerFixture tokenizer) : IClassFixture<TokenizerFixture>
{
    private const int Eos = 2;

    private ModelVocabulary Vocabulary => ModelVocabulary.Of(tokenizer.Weights.NativeHandle);

    private static int Piece(string piece) => TestModelWriter.Vocabulary.ToList().IndexOf(piece);

    private int[] Tokens(IReadOnlyList<ChatMessage> messages) =>
        PromptTokenizer.Tokenize(tokenizer.Weights.NativeHandle, Llama2ChatTemplate.Render(messages));

    // "hallo" spelled letter by letter: ids a model may write, which the text "hallo" never tokenises back to.
    private int[] SpelledOut() => [Piece("▁"), Piece("h"), Piece("a"), Piece("l"), Piece("l"), Piece("o")];

    private ChatMessage Carried(string content, int[] ids) => new(ChatRole.Assistant, content, new AnswerTokens(ids, Vocabulary.Fingerprint));

    [Fact]
    public void TheNextPromptStartsWithTheAskedPromptAndTheIdsAsWritten()
    {
        int[] ids = SpelledOut();
        Assert.DoesNotContain(-1, ids);
        ChatMessage system = new(ChatRole.System, "Svar kort."), user = new(ChatRole.User, "Hei");
        int[] asked = Tokens([system, user]);

        List<ChatMessage> next = [system, user, Carried("hallo", ids), new(ChatRole.User, "Takk")];
        AnswerTokenCheck.DropStale(next, Vocabulary);
        int[] prompt = Tokens(next);

        Assert.Equal([.. asked, .. ids], prompt[..(asked.Length + ids.Length)]);
        // Then the template's trailing space as the lone word-start piece, as it is in a rendered answer, and EOS.
        Assert.Equal(new[] { Piece("▁"), Eos }, prompt[(asked.Length + ids.Length)..(asked.Length + ids.Length + 2)]);
        Assert.Equal(Tokens([system, user, new(ChatRole.Assistant, "x"), new(ChatRole.User, "Takk")])[^5..], prompt[^5..]);
    }

    [Fact]
    public void IdsTheModelWroteHoldForTheirTrimmedText()
    {
        Assert.True(AnswerTokenCheck.Holds(Carried("hallo", SpelledOut()), Vocabulary));
        Assert.False(AnswerTokenCheck.Holds(Carried("hallo!", SpelledOut()), Vocabulary));
        Assert.False(AnswerTokenCheck.Holds(new ChatMessage(ChatRole.Assistant, "hallo", new AnswerTokens(SpelledOut(), "another")), Vocabulary));
    }

    [Fact]
    public void StaleIdsGiveTheTextRenderingTokenForToken()
    {
        ChatMessage user = new(ChatRole.User, "Hei");
        List<ChatMessage> edited = [user, Carried("hallo du", SpelledOut()), new(ChatRole.User, "Takk")];
        AnswerTokenCheck.DropStale(edited, Vocabulary);

        Assert.Equal(Tokens([user, new(ChatRole.Assistant, "hallo du"), new(ChatRole.User, "Takk")]), Tokens(edited));
    }

    [Fact]
    public void AControlTokenAmongTheIdsIsRefused()
    {
        int[] withBos = [.. SpelledOut()[..3], 1, .. SpelledOut()[3..]];
        Assert.False(AnswerTokenCheck.Holds(Carried("hallo", withBos), Vocabulary));
    }

    [Fact]
    public void TheFingerprintIsTheSameForEveryLoadOfOneVocabulary()
    {
        Assert.Equal(Vocabulary.Fingerprint, ModelVocabulary.Of(tokenizer.Weights.NativeHandle).Fingerprint);
        Assert.Equal(32, Vocabulary.Fingerprint.Length);
    }
}
