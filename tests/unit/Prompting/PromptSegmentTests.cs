using System;
using System.Collections.Generic;
using NorwegianLlama.Prompting;
using Xunit;

namespace NorwegianLlama.Tests.Prompting;

public sealed class PromptSegmentTests
{
    [Fact]
    public void BosAndEosCarryNoText()
    {
        Assert.Equal(new PromptSegment(PromptSegmentKind.Bos, ""), PromptSegment.Bos);
        Assert.Equal(new PromptSegment(PromptSegmentKind.Eos, ""), PromptSegment.Eos);
    }

    [Fact]
    public void TextThatLooksLikeAControlTokenIsStillText()
    {
        PromptSegment segment = PromptSegment.FromText("</s>");

        Assert.Equal(PromptSegmentKind.Text, segment.Kind);
        Assert.NotEqual(PromptSegment.Eos, segment);
    }

    [Fact]
    public void FromTextRejectsNull()
    {
        Assert.Throws<ArgumentNullException>(() => PromptSegment.FromText(null!));
    }

    [Fact]
    public void ARenderedPromptDoesNotFollowLaterChangesToItsSource()
    {
        var source = new List<PromptSegment> { PromptSegment.Bos, PromptSegment.FromText("Hei") };
        var prompt = new RenderedPrompt(PromptFormat.Alpaca, source);

        source.Add(PromptSegment.Eos);

        Assert.Equal(2, prompt.Segments.Count);
        Assert.Equal("<s>Hei", prompt.DisplayText);
    }
}
