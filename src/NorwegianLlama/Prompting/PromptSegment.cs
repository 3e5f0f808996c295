using System;
using System.Collections.Generic;

namespace NorwegianLlama.Prompting;

/// <summary>
/// A piece of a rendered prompt. Control tokens are their own kind, never text, so no string a person
/// supplies can turn into one.
/// </summary>
internal readonly record struct PromptSegment(PromptSegmentKind Kind, string Text)
{
    public static PromptSegment Bos { get; } = new(PromptSegmentKind.Bos, string.Empty);

    public static PromptSegment Eos { get; } = new(PromptSegmentKind.Eos, string.Empty);

    /// <summary>The ids of a <see cref="PromptSegmentKind.Tokens"/> segment; null for every other kind.</summary>
    public IReadOnlyList<int>? Tokens { get; init; }

    public static PromptSegment FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new PromptSegment(PromptSegmentKind.Text, text);
    }

    /// <param name="shownAs">The text the ids write, for <see cref="RenderedPrompt.DisplayText"/>.</param>
    public static PromptSegment FromTokens(IReadOnlyList<int> tokens, string shownAs)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(shownAs);
        return new PromptSegment(PromptSegmentKind.Tokens, shownAs) { Tokens = tokens };
    }

    public static PromptSegment Continuing(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new PromptSegment(PromptSegmentKind.ContinuedText, text);
    }
}
