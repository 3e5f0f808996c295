using System;
using System.Collections.Generic;
using System.Text;
using LLama.Native;
using NorwegianLlama.Prompting;

namespace NorwegianLlama.Inference;

/// <summary>
/// Turns rendered segments into token ids: BOS/EOS as the model's ids, text with special-token parsing off,
/// so "&lt;/s&gt;" typed by a person stays five characters of text.
/// </summary>
internal static class PromptTokenizer
{
    /// <exception cref="PromptException">The text holds a run of control characters too long to tokenise in linear time.</exception>
    public static int[] Tokenize(SafeLlamaModelHandle model, RenderedPrompt prompt)
    {
        var vocabulary = model.Vocab;
        var tokens = new List<int>();
        foreach (PromptSegment segment in prompt.Segments)
        {
            switch (segment.Kind)
            {
                case PromptSegmentKind.Bos:
                    tokens.Add((int)(vocabulary.BOS ?? throw new InvalidOperationException("The model defines no beginning-of-sequence token.")));
                    break;
                case PromptSegmentKind.Eos:
                    tokens.Add((int)(vocabulary.EOS ?? throw new InvalidOperationException("The model defines no end-of-sequence token.")));
                    break;
                case PromptSegmentKind.Tokens:
                    tokens.AddRange(segment.Tokens!);
                    break;
                case PromptSegmentKind.ContinuedText:
                    tokens.AddRange(Continuing(model, segment.Text));
                    break;
                default:
                    tokens.AddRange(Text(model, segment.Text));
                    break;
            }
        }

        return tokens.ToArray();
    }

    /// <summary>
    /// The text's tokens without the space llama.cpp puts before every text it tokenises (SentencePiece's start of
    /// a sentence). Tokenised behind a newline, which is a byte token no piece joins, and the newline's own tokens
    /// taken off; should the vocabulary join them after all, the text is tokenised on its own.
    /// </summary>
    private static int[] Continuing(SafeLlamaModelHandle model, string text)
    {
        const string Anchor = "\n";
        int[] anchor = Text(model, Anchor);
        int[] both = Text(model, Anchor + text);
        return both.AsSpan().StartsWith(anchor) && both.Length > anchor.Length ? both[anchor.Length..] : Text(model, text);
    }

    private static int[] Text(SafeLlamaModelHandle model, string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        // The cmdlets repair what people give them, with a warning; this catches text that reached a prompt another way
        // (a chat file loaded with /load), since no lone surrogate may reach llama.cpp.
        string repaired = LoneSurrogates.Replace(text, out _, out _);
        ControlRuns.Check(repaired);

        // Arguments: no BOS of its own, no special-token parsing.
        LLamaToken[] tokens = model.Tokenize(repaired, false, false, Encoding.UTF8);
        return Array.ConvertAll(tokens, token => (int)token);
    }
}
