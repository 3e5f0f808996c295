using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using LLama.Native;
using NorwegianLlama.Prompting;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Inference;

/// <summary>
/// Turns rendered segments into token ids: BOS/EOS as the model's ids, text with special-token parsing off,
/// so "&lt;/s&gt;" typed by a person stays five characters of text.
/// </summary>
internal static class PromptTokenizer
{
    // llama.cpp's tokenizer slows down more than linearly on long runs of characters it cannot join (a million
    // newlines took minutes in one call). Longer texts go in pieces of about this many characters, cut where
    // the tokens come out the same (TokenizationPieces), with Ctrl+C looked at between pieces.
    private const int PieceLength = 512;

    // A newline is a byte token in the Llama vocabulary: no piece joins it, so what follows it is tokenised
    // as the continuation of a text, without the space SentencePiece puts before a text's first word.
    private const string Anchor = "\n";

    /// <summary>Set to 0 to tokenise every text in one call, as llama.cpp alone would (slow on long runs).</summary>
    public const string PiecesVariable = "NORSK_TOKENIZE_IN_PIECES";

    /// <exception cref="PromptException">
    /// The text holds a run of control characters too long to tokenise in linear time: one the pieces cannot cut.
    /// </exception>
    public static int[] Tokenize(SafeLlamaModelHandle model, RenderedPrompt prompt, CancellationToken cancel = default)
    {
        var vocabulary = model.Vocab;
        var tokens = new List<int>();
        foreach (PromptSegment segment in prompt.Segments)
        {
            switch (segment.Kind)
            {
                case PromptSegmentKind.Bos:
                    tokens.Add((int)(vocabulary.BOS ?? throw new InvalidOperationException(InferenceMessages.NoBeginningOfSequenceToken())));
                    break;
                case PromptSegmentKind.Eos:
                    tokens.Add((int)(vocabulary.EOS ?? throw new InvalidOperationException(InferenceMessages.NoEndOfSequenceToken())));
                    break;
                case PromptSegmentKind.Tokens:
                    tokens.AddRange(segment.Tokens!);
                    break;
                case PromptSegmentKind.ContinuedText:
                    AddText(tokens, model, segment.Text, continued: true, cancel);
                    break;
                default:
                    AddText(tokens, model, segment.Text, continued: false, cancel);
                    break;
            }
        }

        return tokens.ToArray();
    }

    private static void AddText(List<int> tokens, SafeLlamaModelHandle model, string text, bool continued, CancellationToken cancel)
    {
        IsolatedCharacters? isolated = text.Length > 2 * PieceLength && EnvironmentSwitch.IsOnFor(PiecesVariable)
            ? IsolatedCharacters.Of(model)
            : null;
        if (isolated is null || !isolated.Contains(Anchor[0]))
        {
            tokens.AddRange(continued ? Continuing(model, text) : Whole(model, text));
            return;
        }

        int[] anchor = Whole(model, Anchor);
        List<Range> pieces = TokenizationPieces.Split(text, isolated.IsIsolatedAt, PieceLength);
        for (int i = 0; i < pieces.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            string piece = text[pieces[i]];
            tokens.AddRange(i == 0 && !continued ? Whole(model, piece) : AfterAnchor(model, anchor, piece));
        }
    }

    /// <summary>
    /// The text's tokens without the space llama.cpp puts before every text it tokenises (SentencePiece's start of
    /// a sentence). Tokenised behind a newline, which is a byte token no piece joins, and the newline's own tokens
    /// taken off; should the vocabulary join them after all, the text is tokenised on its own.
    /// </summary>
    private static int[] Continuing(SafeLlamaModelHandle model, string text)
    {
        int[] anchor = Whole(model, Anchor);
        int[] both = Whole(model, Anchor + text);
        return both.AsSpan().StartsWith(anchor) && both.Length > anchor.Length ? both[anchor.Length..] : Whole(model, text);
    }

    /// <summary>A piece behind the anchor, whose characters are known never to join it.</summary>
    private static int[] AfterAnchor(SafeLlamaModelHandle model, int[] anchor, string piece)
    {
        int[] both = Whole(model, Anchor + piece);
        if (!both.AsSpan().StartsWith(anchor))
        {
            throw new InvalidOperationException("The newline's tokens changed when text followed it, which its vocabulary does not allow.");
        }

        return both[anchor.Length..];
    }

    private static int[] Whole(SafeLlamaModelHandle model, string text)
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
