using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Text;

namespace NorwegianLlama.Prompting;

/// <summary>
/// The output of a template. Segments are in prompt order and every turn starts with a Bos segment,
/// so callers reusing a cached prefix can find turn boundaries without a separate index.
/// </summary>
internal sealed class RenderedPrompt
{
    // The spellings SentencePiece uses for Llama's BOS/EOS, so the display matches what people see in model cards.
    internal const string BosDisplay = "<s>";
    internal const string EosDisplay = "</s>";

    public RenderedPrompt(PromptFormat format, IEnumerable<PromptSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        Format = format;
        // Copied so a caller keeping the source list cannot change a prompt after it was rendered.
        Segments = new ReadOnlyCollection<PromptSegment>(new List<PromptSegment>(segments));
        DisplayText = BuildDisplayText(Segments);
    }

    public PromptFormat Format { get; }

    public IReadOnlyList<PromptSegment> Segments { get; }

    /// <summary>
    /// For people only. It is ambiguous by design (typed "&lt;s&gt;" looks like a real BOS), so it must
    /// never be fed back to a tokenizer; tokenise <see cref="Segments"/> instead.
    /// </summary>
    public string DisplayText { get; }

    public override string ToString() => DisplayText;

    private static string BuildDisplayText(IReadOnlyList<PromptSegment> segments)
    {
        var builder = new StringBuilder();
        foreach (PromptSegment segment in segments)
        {
            builder.Append(segment.Kind switch
            {
                PromptSegmentKind.Bos => BosDisplay,
                PromptSegmentKind.Eos => EosDisplay,
                _ => segment.Text,
            });
        }

        return builder.ToString();
    }
}
