using System;
using LLama.Native;

namespace NorwegianLlama.Inference;

/// <summary>
/// Keeps a sequence's answer valid UTF-8 by ruling out, before each sample, the byte tokens that would break
/// it. Byte fallback lets a model write a lead byte and then anything, which shows up as U+FFFD in the text;
/// worse, llama.cpp's grammar decoder does not check continuation bytes, so a grammar-held answer could
/// count characters that the text does not have (a maxLength broken, a JSON string garbled).
/// </summary>
/// <param name="underGrammar">
/// Also rules out the lead bytes E0, ED, F0 and F4: after one of them llama.cpp's grammar may accept only
/// continuations that valid UTF-8 forbids, leaving no token at all, on which llama.cpp aborts. Characters
/// that need them (U+0800–U+0FFF, U+D000–U+D7FF, U+10000–U+3FFFF such as emoji, U+100000 and up) can then
/// only be written by tokens that hold them whole.
/// </param>
internal sealed class Utf8Guard(ByteTokens tokens, bool underGrammar)
{
    private Utf8Sequence position = new();

    /// <summary>Sets the logits of every token that cannot come next to -∞, in place, before sampling.</summary>
    public void Mask(Span<float> logits)
    {
        int[] ids = tokens.Ids;
        if (ids.Length == 0)
        {
            return;
        }

        if (!position.InsideCharacter)
        {
            // The common case: only stray continuation bytes and impossible lead bytes are ruled out.
            for (int i = 0; i < ids.Length; i++)
            {
                byte value = tokens.Values[i];
                bool allowed = position.Allows(value) && !(underGrammar && Utf8Sequence.HasNarrowSecondByte(value));
                if (!allowed && ids[i] < logits.Length)
                {
                    logits[ids[i]] = float.NegativeInfinity;
                }
            }

            return;
        }

        // Within a character only its next byte may follow (or the end): keep those, rule out the rest.
        Span<float> kept = ids.Length + tokens.EndOfGeneration.Length <= 512
            ? stackalloc float[ids.Length + tokens.EndOfGeneration.Length]
            : new float[ids.Length + tokens.EndOfGeneration.Length];
        Copy(logits, ids, kept);
        Copy(logits, tokens.EndOfGeneration, kept[ids.Length..]);
        logits.Fill(float.NegativeInfinity);
        for (int i = 0; i < ids.Length; i++)
        {
            if (position.Allows(tokens.Values[i]) && ids[i] < logits.Length)
            {
                logits[ids[i]] = kept[i];
            }
        }

        for (int i = 0; i < tokens.EndOfGeneration.Length; i++)
        {
            if (tokens.EndOfGeneration[i] < logits.Length)
            {
                logits[tokens.EndOfGeneration[i]] = kept[ids.Length + i];
            }
        }
    }

    public void Accept(LLamaToken token)
    {
        if (tokens.TryGetByte((int)token, out byte value))
        {
            position.Accept(value);
        }
        else
        {
            position.AcceptCharacters();
        }
    }

    private static void Copy(Span<float> logits, int[] ids, Span<float> into)
    {
        for (int i = 0; i < ids.Length; i++)
        {
            into[i] = ids[i] < logits.Length ? logits[ids[i]] : float.NegativeInfinity;
        }
    }
}
