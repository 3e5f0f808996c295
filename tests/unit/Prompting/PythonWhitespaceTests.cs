using System.Collections.Generic;
using NorwegianLlama.Prompting;
using Xunit;

namespace NorwegianLlama.Tests.Prompting;

public sealed class PythonWhitespaceTests
{
    // Every code point for which CPython 3.11's str.isspace() is true (all are in the BMP).
    private static readonly HashSet<int> PythonSpaces = new()
    {
        0x9, 0xA, 0xB, 0xC, 0xD, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680,
        0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A,
        0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
    };

    [Fact]
    public void MatchesPythonIsSpaceForEveryChar()
    {
        for (int c = char.MinValue; c <= char.MaxValue; c++)
        {
            Assert.True(PythonSpaces.Contains(c) == PythonWhitespace.IsWhiteSpace((char)c), $"U+{c:X4}");
        }
    }

    [Fact]
    public void DiffersFromDotNetOnlyOnTheInformationSeparators()
    {
        var differences = new List<int>();
        for (int c = char.MinValue; c <= char.MaxValue; c++)
        {
            if (char.IsWhiteSpace((char)c) != PythonWhitespace.IsWhiteSpace((char)c))
            {
                differences.Add(c);
            }
        }

        Assert.Equal(new[] { 0x1C, 0x1D, 0x1E, 0x1F }, differences);
    }

    [Theory]
    [InlineData("  hei  ", "hei")]
    [InlineData("\u001Fhei\u001C", "hei")]
    [InlineData("\u0085\u00A0hei\u00A0", "hei")]
    [InlineData("\u200Bhei", "\u200Bhei")]
    [InlineData(" \t\n ", "")]
    [InlineData("", "")]
    [InlineData("a  b", "a  b")]
    public void StripsBothEnds(string text, string expected)
    {
        Assert.Equal(expected, PythonWhitespace.Strip(text));
    }
}
