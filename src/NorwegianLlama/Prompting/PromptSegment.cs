using System;

namespace NorwegianLlama.Prompting;

/// <summary>
/// A piece of a rendered prompt. Control tokens are their own kind, never text, so no string a person
/// supplies can turn into one.
/// </summary>
internal readonly record struct PromptSegment(PromptSegmentKind Kind, string Text)
{
    public static PromptSegment Bos { get; } = new(PromptSegmentKind.Bos, string.Empty);

    public static PromptSegment Eos { get; } = new(PromptSegmentKind.Eos, string.Empty);

    public static PromptSegment FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new PromptSegment(PromptSegmentKind.Text, text);
    }
}
