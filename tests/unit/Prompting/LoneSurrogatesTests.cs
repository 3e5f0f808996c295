using System.Text;
using System.Text.RegularExpressions;
using NorwegianLlama.Prompting;
using Xunit;

namespace NorwegianLlama.Tests.Prompting;

// Theory data holds lone surrogates escaped ("\\uD800"): xunit passes test data through UTF-8, which would replace them.
public sealed class LoneSurrogatesTests
{
    [Theory]
    [InlineData("", -1)]
    [InlineData("Blåbærsyltetøy", -1)]
    [InlineData("👍🏽 🇳🇴", -1)]
    [InlineData("\\uD800", 0)]
    [InlineData("a\\uDC00b", 1)]
    [InlineData("\\uDC00\\uD800", 0)]
    [InlineData("👍\\uD83D", 2)]
    [InlineData("ab\\uD83D\\uD83D\\uDC4D", 2)]
    [InlineData("\\uD83D\\uDC4D\\uDC4D", 2)]
    public void FindsTheFirstLoneSurrogate(string escaped, int expected) =>
        Assert.Equal(expected, LoneSurrogates.IndexOfFirst(Regex.Unescape(escaped)));

    [Fact]
    public void SearchesFromTheGivenIndex() =>
        Assert.Equal(3, LoneSurrogates.IndexOfFirst("\uD800ab\uDC00", 1));

    [Theory]
    [InlineData("a\\uDC00b\\uD800", "a\\uFFFDb\\uFFFD", 1, 2)]
    [InlineData("\\uDC00\\uD800", "\\uFFFD\\uFFFD", 0, 2)]
    [InlineData("👍\\uD83D👍", "👍\\uFFFD👍", 2, 1)]
    [InlineData("\\uD83D\\uD83D\\uDC4D", "\\uFFFD👍", 0, 1)]
    public void ReplacesEveryLoneSurrogateAndKeepsPairs(string escaped, string expected, int first, int count)
    {
        string repaired = LoneSurrogates.Replace(Regex.Unescape(escaped), out int foundFirst, out int replaced);

        Assert.Equal(Regex.Unescape(expected), repaired);
        Assert.Equal(first, foundFirst);
        Assert.Equal(count, replaced);
        Assert.Equal(-1, LoneSurrogates.IndexOfFirst(repaired));
    }

    [Fact]
    public void CleanTextIsReturnedAsTheSameInstance()
    {
        string text = "Hei på deg 👍";

        Assert.Same(text, LoneSurrogates.Replace(text, out int first, out int count));
        Assert.Equal(-1, first);
        Assert.Equal(0, count);
    }

    [Fact]
    public void RepairedTextIsValidUtf8()
    {
        string repaired = LoneSurrogates.Replace("x\uD800y\uDFFFz", out _, out _);
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        Assert.Equal(repaired, strict.GetString(strict.GetBytes(repaired)));
    }

    [Fact]
    public void AMillionLoneSurrogatesAreAllReplaced()
    {
        // One pass over the text: a quadratic rescan would not finish this in a test run.
        string text = new('\uD83D', 1_000_000);

        string repaired = LoneSurrogates.Replace(text, out int first, out int count);

        Assert.Equal(0, first);
        Assert.Equal(1_000_000, count);
        Assert.Equal(new string('\uFFFD', 1_000_000), repaired);
    }

    [Fact]
    public void TheWarningNamesTheInputAndTheOneBasedPosition()
    {
        string warning = LoneSurrogates.Warning("-Message", 4, 2);

        Assert.Contains("-Message", warning);
        Assert.Contains("character 5", warning);
        Assert.Contains("2 lone", warning);
    }
}
