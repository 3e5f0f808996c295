using System.Collections.Generic;
using System.Linq;
using NorwegianLlama.Prompting;
using Xunit;
using static NorwegianLlama.Tests.Prompting.Messages;

namespace NorwegianLlama.Tests.Prompting;

/// <summary>Which carried answer ids are trusted, judged against a small table of pieces.</summary>
public sealed class AnswerTokenCheckTests
{
    // Id 0 is a control token: it writes nothing.
    private static readonly PieceTable Pieces = new("vocab-a", ["", " Hei", " på", " deg", "!"]);

    private static ChatMessage Answer(string content, params int[] ids) =>
        new(ChatRole.Assistant, content, new AnswerTokens(ids, "vocab-a"));

    [Fact]
    public void IdsThatWriteTheTextHold() => Assert.True(AnswerTokenCheck.Holds(Answer("Hei på deg!", 1, 2, 3, 4), Pieces));

    [Theory]
    [InlineData("Hei på deg")]
    [InlineData("Hei på deg!!")]
    [InlineData("hei på deg!")]
    public void AnEditedTextLosesItsIds(string edited) => Assert.False(AnswerTokenCheck.Holds(Answer(edited, 1, 2, 3, 4), Pieces));

    [Fact]
    public void IdsOfAnotherVocabularyDoNotHold()
    {
        var other = new PieceTable("vocab-b", Pieces.Table);
        Assert.False(AnswerTokenCheck.Holds(Answer("Hei på deg!", 1, 2, 3, 4), other));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    [InlineData(int.MaxValue)]
    public void AnIdOutsideTheVocabularyIsNeverDecoded(int id)
    {
        var counting = new PieceTable("vocab-a", Pieces.Table);
        Assert.False(AnswerTokenCheck.Holds(Answer("Hei", 1, id), counting));
        Assert.Equal(0, counting.Decodes);
    }

    [Fact]
    public void AControlTokenHiddenBehindTheRightTextDoesNotHold() =>
        Assert.False(AnswerTokenCheck.Holds(Answer("Hei på deg!", 1, 0, 2, 3, 4), Pieces));

    [Fact]
    public void OnlyAnswersWithIdsCanHold()
    {
        Assert.False(AnswerTokenCheck.Holds(Answer(""), Pieces));
        Assert.False(AnswerTokenCheck.Holds(AssistantSays("Hei på deg!"), Pieces));
        Assert.False(AnswerTokenCheck.Holds(new ChatMessage(ChatRole.User, "Hei på deg!", new AnswerTokens([1, 2, 3, 4], "vocab-a")), Pieces));
    }

    [Fact]
    public void DropStaleKeepsHoldingIdsAndTakesTheRestOff()
    {
        List<ChatMessage> messages = [UserSays("a"), Answer("Hei!", 1, 4), UserSays("b"), Answer("Hei deg", 1, 2), UserSays("c")];

        AnswerTokenCheck.DropStale(messages, Pieces);

        Assert.Equal(new[] { 1, 4 }, messages[1].Tokens!.Ids);
        Assert.Null(messages[3].Tokens);
        Assert.Equal("Hei deg", messages[3].Content);
    }

    [Fact]
    public void WithoutAVocabularyEveryIdIsDropped()
    {
        List<ChatMessage> messages = [UserSays("a"), Answer("Hei!", 1, 4), UserSays("b")];
        AnswerTokenCheck.DropStale(messages, null);
        Assert.All(messages, message => Assert.Null(message.Tokens));
    }

    [Fact]
    public void IdsFromScriptsAndJsonAreWholeNumbersOrNothing()
    {
        Assert.Equal(new[] { 1, 2, 3 }, AnswerTokens.TryCreate([1L, 2, (short)3], "v")!.Ids);
        Assert.Null(AnswerTokens.TryCreate([1, "2"], "v"));
        Assert.Null(AnswerTokens.TryCreate([1, 2.5], "v"));
        Assert.Null(AnswerTokens.TryCreate([1L << 40], "v"));
        Assert.Null(AnswerTokens.TryCreate([], "v"));
        Assert.Null(AnswerTokens.TryCreate([1], null));
        Assert.Null(AnswerTokens.TryCreate(null, "v"));
    }

    [Fact]
    public void IdTextRoundTrips()
    {
        var tokens = new AnswerTokens([12, 0, 31999], "v");
        Assert.Equal("12 0 31999", tokens.IdText());
        Assert.Equal(tokens.Ids, AnswerTokens.TryParse(tokens.IdText(), "v")!.Ids);
        Assert.Null(AnswerTokens.TryParse("12 x", "v"));
        Assert.Null(AnswerTokens.TryParse("12,13", "v"));
        Assert.Null(AnswerTokens.TryParse("", "v"));
        Assert.Null(AnswerTokens.TryParse(null, "v"));
    }

    private sealed class PieceTable(string fingerprint, string[] table) : ITokenVocabulary
    {
        public string[] Table => table;

        public int Decodes { get; private set; }

        public string Fingerprint => fingerprint;

        public int Count => table.Length;

        public string? Decode(IReadOnlyList<int> ids)
        {
            Decodes++;
            return ids.Any(id => table[id].Length == 0) ? null : string.Concat(ids.Select(id => table[id]));
        }
    }
}
