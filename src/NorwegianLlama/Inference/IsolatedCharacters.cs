using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using LLama.Native;

namespace NorwegianLlama.Inference;

/// <summary>
/// The characters a model's SentencePiece tokenizer never joins to a neighbour: those that no piece of two or
/// more characters contains. Read from the loaded vocabulary itself, so the rule holds for whatever model this is.
/// </summary>
internal sealed class IsolatedCharacters
{
    // One native call per token: once per loaded handle is enough.
    private static readonly ConditionalWeakTable<SafeLlamaModelHandle, IsolatedCharacters> Known = new();

    private readonly BitArray joinable;
    private readonly HashSet<int> joinableBeyondBmp;

    private IsolatedCharacters(BitArray joinable, HashSet<int> joinableBeyondBmp)
    {
        this.joinable = joinable;
        this.joinableBeyondBmp = joinableBeyondBmp;
    }

    /// <summary>Null when the model's tokenizer is not SentencePiece, whose pre-splitting rules make no such promise.</summary>
    public static IsolatedCharacters? Of(SafeLlamaModelHandle model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Vocab.Type == LLamaVocabType.SentencePiece ? Known.GetValue(model, Read) : null;
    }

    public bool Contains(char c) => !char.IsSurrogate(c) && !joinable[c];

    /// <summary>Whether the character starting at <paramref name="index"/> is isolated; half a surrogate pair never is.</summary>
    public bool IsIsolatedAt(string text, int index)
    {
        char c = text[index];
        if (!char.IsHighSurrogate(c))
        {
            return Contains(c);
        }

        return index + 1 < text.Length && char.IsLowSurrogate(text[index + 1])
            && !joinableBeyondBmp.Contains(char.ConvertToUtf32(c, text[index + 1]));
    }

    private static IsolatedCharacters Read(SafeLlamaModelHandle model)
    {
        var joinable = new BitArray(char.MaxValue + 1);
        var joinableBeyondBmp = new HashSet<int>();

        // SentencePiece writes a space as '▁' and joins it to what follows; a space is never a place to cut.
        joinable[' '] = true;
        joinable['\u2581'] = true;
        byte[] buffer = new byte[256];
        var runes = new List<Rune>();
        int count = model.Vocab.Count;
        for (int token = 0; token < count; token++)
        {
            // llama.cpp matches user-defined pieces before SentencePiece runs and puts a space before the text
            // after one, which a cut could move: such a vocabulary is tokenised whole.
            if ((((LLamaToken)token).GetAttributes(model) & LLamaTokenAttr.UserDefined) != 0)
            {
                joinable.SetAll(true);
                return new IsolatedCharacters(joinable, joinableBeyondBmp);
            }

            // Control tokens spelled out too: marking more characters joinable only makes fewer cuts.
            uint length = model.TokenToSpan((LLamaToken)token, buffer, 0, true);
            if (length > buffer.Length)
            {
                buffer = new byte[length];
                length = model.TokenToSpan((LLamaToken)token, buffer, 0, true);
            }

            runes.Clear();
            foreach (Rune rune in Encoding.UTF8.GetString(buffer, 0, (int)length).EnumerateRunes())
            {
                runes.Add(rune);
            }

            // SentencePiece's symbols are whole characters: a piece of one, emoji included, joins nothing.
            if (runes.Count > 1)
            {
                foreach (Rune rune in runes)
                {
                    if (rune.IsBmp)
                    {
                        joinable[rune.Value] = true;
                    }
                    else
                    {
                        joinableBeyondBmp.Add(rune.Value);
                    }
                }
            }
        }

        return new IsolatedCharacters(joinable, joinableBeyondBmp);
    }
}
