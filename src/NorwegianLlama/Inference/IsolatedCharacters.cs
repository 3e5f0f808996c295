using System;
using System.Collections;
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

    private IsolatedCharacters(BitArray joinable) => this.joinable = joinable;

    /// <summary>Null when the model's tokenizer is not SentencePiece, whose pre-splitting rules make no such promise.</summary>
    public static IsolatedCharacters? Of(SafeLlamaModelHandle model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Vocab.Type == LLamaVocabType.SentencePiece ? Known.GetValue(model, Read) : null;
    }

    public bool Contains(char c) => !joinable[c];

    private static IsolatedCharacters Read(SafeLlamaModelHandle model)
    {
        var joinable = new BitArray(char.MaxValue + 1);

        // SentencePiece writes a space as '▁' and joins it to what follows; a space is never a place to cut.
        joinable[' '] = true;
        joinable['\u2581'] = true;
        byte[] buffer = new byte[256];
        int count = model.Vocab.Count;
        for (int token = 0; token < count; token++)
        {
            // llama.cpp matches user-defined pieces before SentencePiece runs and puts a space before the text
            // after one, which a cut could move: such a vocabulary is tokenised whole.
            if ((((LLamaToken)token).GetAttributes(model) & LLamaTokenAttr.UserDefined) != 0)
            {
                joinable.SetAll(true);
                break;
            }

            // Control tokens spelled out too: marking more characters joinable only makes fewer cuts.
            uint length = model.TokenToSpan((LLamaToken)token, buffer, 0, true);
            if (length > buffer.Length)
            {
                buffer = new byte[length];
                length = model.TokenToSpan((LLamaToken)token, buffer, 0, true);
            }

            string piece = Encoding.UTF8.GetString(buffer, 0, (int)length);
            if (piece.Length > 1)
            {
                foreach (char c in piece)
                {
                    joinable[c] = true;
                }
            }
        }

        return new IsolatedCharacters(joinable);
    }
}
