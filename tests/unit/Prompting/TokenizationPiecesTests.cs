using System;
using System.Linq;
using System.Text;
using NorwegianLlama.Prompting;
using Xunit;

namespace NorwegianLlama.Tests.Prompting;

public sealed class TokenizationPiecesTests
{
    private static readonly Func<string, int, bool> NewlineOrTab = (text, i) => text[i] is '\n' or '\t';

    public static TheoryData<string> Texts() => new()
    {
        "",
        "a",
        "ingen linjeskift i det hele tatt, bare en lang setning uten pauser",
        new string('\n', 1000),
        "\n\n\nHei\n" + string.Concat(Enumerable.Repeat("Blåbærsyltetøy er godt.\n\tInnrykk\n", 40)),
        "x" + new string('\n', 300) + "y" + new string('\t', 77) + "z",
        string.Concat(Enumerable.Repeat("🙂\n", 200)),
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void PiecesJoinToTheTextInOrder(string text)
    {
        var pieces = TokenizationPieces.Split(text, NewlineOrTab, 16);

        Assert.Equal(text, string.Concat(pieces.Select(p => text[p])));
        Assert.Equal(0, pieces[0].Start.GetOffset(text.Length));
        for (int i = 1; i < pieces.Count; i++)
        {
            Assert.Equal(pieces[i - 1].End.GetOffset(text.Length), pieces[i].Start.GetOffset(text.Length));
        }
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void EveryCutIsJustBeforeAnIsolatedCharacterAndNoPieceButTheLastIsShort(string text)
    {
        var pieces = TokenizationPieces.Split(text, NewlineOrTab, 16);

        foreach (Range piece in pieces.Skip(1))
        {
            Assert.True(NewlineOrTab(text, piece.Start.GetOffset(text.Length)), $"cut before '{text[piece.Start]}' at {piece.Start}");
        }

        foreach (Range piece in pieces.SkipLast(1))
        {
            Assert.True(text[piece].Length >= 16);
        }
    }

    [Fact]
    public void APieceEndsAtTheFirstIsolatedCharacterPastTheTarget()
    {
        string text = "abcdefghij\nklm\nnop";

        var pieces = TokenizationPieces.Split(text, NewlineOrTab, 12);

        Assert.Equal(["abcdefghij\nklm", "\nnop"], pieces.Select(p => text[p]));
    }

    [Fact]
    public void ATextWithoutIsolatedCharactersIsOnePiece()
    {
        string text = new('a', 10_000);

        Assert.Equal([0..10_000], TokenizationPieces.Split(text, NewlineOrTab, 16));
    }

    [Fact]
    public void ARunOfIsolatedCharactersIsCutIntoPiecesOfTheTargetLength()
    {
        string text = new('\n', 1_000_000);

        var pieces = TokenizationPieces.Split(text, NewlineOrTab, 512);

        Assert.Equal((1_000_000 + 511) / 512, pieces.Count);
        Assert.All(pieces.SkipLast(1), p => Assert.Equal(512, text[p].Length));
    }

    [Fact]
    public void NeverPartsASurrogatePairEvenWhenTheRuleAllowsAnyCut()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 300; i++)
        {
            text.Append("😀a");
        }

        string s = text.ToString();
        var pieces = TokenizationPieces.Split(s, (_, _) => true, 4);

        Assert.All(pieces.Skip(1), p => Assert.False(char.IsLowSurrogate(s[p.Start])));
        Assert.True(pieces.Count > 100);
        Assert.Equal(s, string.Concat(pieces.Select(p => s[p])));
    }
}
