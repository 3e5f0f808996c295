using System;
using System.Collections.Generic;
using System.Linq;
using NorwegianLlama.Inference;
using NorwegianLlama.Prompting;
using Xunit;

namespace NorwegianLlama.Tests.Inference;

/// <summary>Splitting through the generated vocabulary's real tokenizer, with the Alpaca prompt around every part.</summary>
public sealed class InputSplitterTests(TokenizerFixture tokenizer) : IClassFixture<TokenizerFixture>
{
    private const int Limit = 120;

    private static readonly string[] Words = ["blåbær", "fjell", "fjord", "skog", "sjø", "grønn", "norsk", "tekst"];

    private int PromptTokens(string input) =>
        PromptTokenizer.Tokenize(tokenizer.Weights.NativeHandle, AlpacaTemplate.Render("Oppsummer.", input)).Length;

    // Every tenth word is its own position, so no stretch of the text repeats and each part has one place in it.
    private static string Sentences(int words, int first = 0) =>
        string.Join(' ', Enumerable.Range(first, words).Select(i => i % 10 == 0 ? $"{i}" : Words[i % Words.Length] + (i % 9 == 8 ? "." : "")));

    private static string Paragraphs(int count) =>
        string.Join("\n\n", Enumerable.Range(0, count).Select(i => Sentences(40, 40 * i)));

    // Ascending numbers with Norwegian letters between: no whitespace, and no stretch of it repeats.
    private static readonly string Unbreakable = string.Concat(Enumerable.Range(100, 200).Select(i => $"{i}ø"));

    public static TheoryData<string> LongTexts() => new() { Sentences(600), Paragraphs(12) };

    [Theory]
    [MemberData(nameof(LongTexts))]
    public void EveryPartsPromptFitsTheLimit(string text)
    {
        Assert.True(PromptTokens(text) > 3 * Limit);
        List<string> parts = InputSplitter.SplitToFit(text, Limit, PromptTokens);
        Assert.True(parts.Count >= 4, $"{parts.Count} parts");
        Assert.All(parts, part => Assert.True(PromptTokens(part) <= Limit, $"{PromptTokens(part)} tokens: {part}"));
    }

    [Theory]
    [MemberData(nameof(LongTexts))]
    public void PartsCoverTheWholeTextInOrderAndOverlap(string text)
    {
        List<string> parts = InputSplitter.SplitToFit(text, Limit, PromptTokens);
        Assert.Equal(parts.Count - 1, AssertCoveredInOrder(text, parts));
    }

    [Theory]
    [MemberData(nameof(LongTexts))]
    public void PartsBeginAndEndAtWhitespace(string text)
    {
        int from = 0;
        foreach (string part in InputSplitter.SplitToFit(text, Limit, PromptTokens))
        {
            int start = text.IndexOf(part, from, StringComparison.Ordinal);
            int end = start + part.Length;
            Assert.True(start >= 0, part);
            Assert.True(start == 0 || char.IsWhiteSpace(text[start - 1]), $"starts inside a word: {part}");
            Assert.True(end == text.Length || char.IsWhiteSpace(text[end]), $"ends inside a word: {part}");
            from = start + 1;
        }
    }

    [Fact]
    public void TextThatFitsIsOnePart()
    {
        string text = Sentences(10);
        Assert.Equal([text], InputSplitter.SplitToFit(text, Limit, PromptTokens));
    }

    [Fact]
    public void AnUnbreakablePieceIsCutInsideButLosesNothing()
    {
        // No whitespace at all: the cut falls inside the "word", shrinking parts until they fit.
        List<string> parts = InputSplitter.SplitToFit(Unbreakable, Limit, PromptTokens);
        Assert.True(parts.Count > 1);
        AssertCoveredInOrder(Unbreakable, parts);
        Assert.All(parts, part => Assert.True(PromptTokens(part) <= Limit, $"{PromptTokens(part)} tokens: {part}"));
    }

    [Fact]
    public void AnUnbreakablePieceTooBigForAnyPartStopsShrinkingAtSixteenCharacters()
    {
        // A limit below even the empty prompt can never be met: the parts bottom out at 16 characters rather than loop.
        List<string> parts = InputSplitter.SplitToFit(Unbreakable, PromptTokens("") - 1, PromptTokens);
        AssertCoveredInOrder(Unbreakable, parts);
        Assert.All(parts, part => Assert.True(part.Length <= 16, part));
    }

    /// <summary>
    /// Each part is found in the text after the one before it, with nothing but whitespace between one part's end
    /// and the next part's start, from the text's start to its end. Returns how many parts overlap the one before.
    /// </summary>
    private static int AssertCoveredInOrder(string text, List<string> parts)
    {
        Assert.StartsWith(parts[0], text.TrimStart(), StringComparison.Ordinal);
        int previousStart = -1;
        int previousEnd = 0;
        int overlaps = 0;
        foreach (string part in parts)
        {
            int start = text.IndexOf(part, previousStart + 1, StringComparison.Ordinal);
            Assert.True(start > previousStart, $"part out of order or not in the text: {part}");
            Assert.True(start <= previousEnd || string.IsNullOrWhiteSpace(text[previousEnd..start]), $"text lost before: {part}");
            overlaps += start < previousEnd ? 1 : 0;
            (previousStart, previousEnd) = (start, start + part.Length);
        }

        Assert.True(string.IsNullOrWhiteSpace(text[previousEnd..]), "the end of the text is lost");
        return overlaps;
    }
}
