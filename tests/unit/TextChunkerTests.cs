using System.Linq;
using NorwegianLlama.Inference;
using Xunit;

namespace NorwegianLlama.Tests;

public sealed class TextChunkerTests
{
    private const string Text = "Blåbær vokser i skogen. Fjellet er høyt og fjorden er dyp. Søster og brødre går på tur hvert år.";

    [Fact]
    public void ShortTextIsOneChunk()
    {
        Assert.Equal(new[] { Text }, TextChunker.Split(Text, 1000, 100));
    }

    [Fact]
    public void ChunksRespectTheLimitAndCutAtSpaces()
    {
        var chunks = TextChunker.Split(Text, 30, 6);
        Assert.True(chunks.Count > 2);
        Assert.All(chunks, chunk => Assert.True(chunk.Length <= 30, chunk));
        string[] words = Text.Split(' ');
        Assert.All(chunks.SelectMany(c => c.Split(' ')), word => Assert.Contains(word, words));
    }

    [Fact]
    public void EveryWordIsInSomeChunkAndChunksOverlap()
    {
        var chunks = TextChunker.Split(Text, 30, 10);
        foreach (string word in Text.Split(' '))
        {
            Assert.Contains(chunks, chunk => chunk.Split(' ').Contains(word));
        }

        for (int i = 1; i < chunks.Count; i++)
        {
            string lastWordOfPrevious = chunks[i - 1].Split(' ')[^1];
            Assert.Contains(lastWordOfPrevious, chunks[i].Split(' '));
        }
    }

    [Fact]
    public void NeverSplitsASurrogatePair()
    {
        string emoji = string.Concat(Enumerable.Repeat("🫐", 40));
        var chunks = TextChunker.Split(emoji, 7, 0);
        Assert.Equal(emoji, string.Concat(chunks));
        Assert.All(chunks, chunk => Assert.False(char.IsLowSurrogate(chunk[0])));
    }

    [Fact]
    public void TextWithoutSpacesIsStillCut()
    {
        string solid = new('x', 100);
        var chunks = TextChunker.Split(solid, 30, 0);
        Assert.Equal(solid, string.Concat(chunks));
        Assert.All(chunks, chunk => Assert.True(chunk.Length <= 30));
    }
}
