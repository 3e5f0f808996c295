using System.Linq;
using System.Text;
using NorwegianLlama.Inference;
using Xunit;

namespace NorwegianLlama.Tests.Inference;

public sealed class Utf8SequenceTests
{
    [Theory]
    [InlineData("æøå")]
    [InlineData("Ærlig talt: 😀 på Øya")]
    [InlineData("ASCII only")]
    [InlineData("中文 और हिन्दी")]
    public void AllowsEveryByteOfValidText(string text)
    {
        var sequence = new Utf8Sequence();
        foreach (byte value in Encoding.UTF8.GetBytes(text))
        {
            Assert.True(sequence.Allows(value), $"0x{value:X2} refused");
            sequence.Accept(value);
        }

        Assert.False(sequence.InsideCharacter);
    }

    [Fact]
    public void RefusesStrayContinuationAndImpossibleLeadBytes()
    {
        var sequence = new Utf8Sequence();
        byte[] refused = Enumerable.Range(0x80, 0x40).Concat([0xC0, 0xC1]).Concat(Enumerable.Range(0xF5, 11)).Select(b => (byte)b).ToArray();
        Assert.All(refused, value => Assert.False(sequence.Allows(value), $"0x{value:X2} allowed at a character boundary"));
    }

    [Theory]
    [InlineData(0xE0, 0x9F, 0xA0)]
    [InlineData(0xED, 0xA0, 0x9F)]
    [InlineData(0xF0, 0x8F, 0x90)]
    [InlineData(0xF4, 0x90, 0x8F)]
    public void NarrowsTheSecondByteWhereUtf8Does(int lead, int refused, int allowed)
    {
        var sequence = new Utf8Sequence();
        sequence.Accept((byte)lead);
        Assert.False(sequence.Allows((byte)refused));
        Assert.True(sequence.Allows((byte)allowed));
        Assert.True(Utf8Sequence.HasNarrowSecondByte((byte)lead));
    }

    [Fact]
    public void InsideACharacterOnlyContinuationBytesMayFollow()
    {
        var sequence = new Utf8Sequence();
        sequence.Accept(0xE2);
        Assert.True(sequence.InsideCharacter);
        Assert.False(sequence.Allows((byte)'a'));
        Assert.False(sequence.Allows(0xE2));
        Assert.True(sequence.Allows(0x82));
        sequence.Accept(0x82);
        Assert.True(sequence.InsideCharacter);
        sequence.Accept(0xAC);
        Assert.False(sequence.InsideCharacter);
        Assert.True(sequence.Allows((byte)'a'));
    }

    [Fact]
    public void EveryStreamItAllowsDecodesWithoutReplacementCharacters()
    {
        var random = new System.Random(5);
        for (int round = 0; round < 2000; round++)
        {
            var sequence = new Utf8Sequence();
            var bytes = new System.Collections.Generic.List<byte>();
            while (bytes.Count < 40 || sequence.InsideCharacter)
            {
                byte value = (byte)random.Next(256);
                if (sequence.Allows(value))
                {
                    sequence.Accept(value);
                    bytes.Add(value);
                }
            }

            string decoded = Encoding.UTF8.GetString(bytes.ToArray());
            Assert.DoesNotContain('\uFFFD', decoded);
        }
    }
}
