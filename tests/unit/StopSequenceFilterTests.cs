using System.Text;
using NorwegianLlama.Inference;
using Xunit;

namespace NorwegianLlama.Tests;

public sealed class StopSequenceFilterTests
{
    [Fact]
    public void PassesTextThroughWithoutStops()
    {
        var filter = new StopSequenceFilter([]);
        Assert.Equal("Hei", filter.Push("Hei"));
        Assert.Equal(" på deg", filter.Push(" på deg"));
        Assert.Equal("", filter.Flush());
        Assert.False(filter.Stopped);
    }

    [Fact]
    public void CutsAtAStopInsideOnePiece()
    {
        var filter = new StopSequenceFilter(["STOPP"]);
        Assert.Equal("Hei ", filter.Push("Hei STOPP der"));
        Assert.True(filter.Stopped);
        Assert.Equal("", filter.Push("mer"));
        Assert.Equal("", filter.Flush());
    }

    [Fact]
    public void HoldsBackWhatMightBeginAStopUntilItIsKnown()
    {
        var filter = new StopSequenceFilter(["[INST]"]);
        Assert.Equal("Svar ", filter.Push("Svar [IN"));
        Assert.Equal("", filter.Push("S"));
        Assert.Equal("", filter.Push("T]"));
        Assert.True(filter.Stopped);
    }

    [Fact]
    public void ReleasesHeldTextThatTurnsOutNotToBeAStop()
    {
        var filter = new StopSequenceFilter(["[INST]"]);
        Assert.Equal("a ", filter.Push("a [I"));
        Assert.Equal("[Ix", filter.Push("x"));
        Assert.Equal("", filter.Push("["));
        Assert.Equal("[", filter.Flush());
    }

    [Fact]
    public void FlushGivesBackAHeldPrefixWhenGenerationEnds()
    {
        var filter = new StopSequenceFilter(["</svar>"]);
        Assert.Equal("ferdig", filter.Push("ferdig</sv"));
        Assert.Equal("</sv", filter.Flush());
    }

    [Fact]
    public void TheEarliestOfSeveralStopsWins()
    {
        var filter = new StopSequenceFilter(["slutt", "ende"]);
        Assert.Equal("en ", filter.Push("en ende og en slutt"));
    }

    [Fact]
    public void IgnoresEmptyStops()
    {
        var filter = new StopSequenceFilter(["", null!]);
        Assert.Equal("tekst", filter.Push("tekst"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void GivesTheSameTextHoweverItIsSplit(int pieceLength)
    {
        const string text = "Blåbær i fjellet [/INST] og [INST] mer";
        var filter = new StopSequenceFilter(["[INST]"]);
        var shown = new StringBuilder();
        for (int i = 0; i < text.Length && !filter.Stopped; i += pieceLength)
        {
            shown.Append(filter.Push(text.Substring(i, System.Math.Min(pieceLength, text.Length - i))));
        }

        shown.Append(filter.Flush());
        Assert.Equal("Blåbær i fjellet [/INST] og ", shown.ToString());
        Assert.True(filter.Stopped);
    }
}
