using System;
using System.Collections.Generic;
using LLama.Native;

namespace NorwegianLlama.Inference;

/// <summary>
/// A model's single-byte tokens above 0x7F: SentencePiece's byte fallback (&lt;0xE6&gt;…), which can split a
/// character across tokens and so write invalid UTF-8. Every other piece of such a vocabulary is whole text.
/// </summary>
internal sealed class ByteTokens
{
    private ByteTokens(int[] ids, byte[] values, int[] endOfGeneration)
    {
        Ids = ids;
        Values = values;
        EndOfGeneration = endOfGeneration;
    }

    /// <summary>
    /// The byte tokens' ids in ascending order; empty for vocabularies without byte fallback, where nothing
    /// needs guarding.
    /// </summary>
    public int[] Ids { get; }

    /// <summary>The byte each of <see cref="Ids"/> writes.</summary>
    public byte[] Values { get; }

    /// <summary>Tokens that end an answer, which may come at any point.</summary>
    public int[] EndOfGeneration { get; }

    public bool TryGetByte(int token, out byte value)
    {
        int at = Array.BinarySearch(Ids, token);
        value = at >= 0 ? Values[at] : (byte)0;
        return at >= 0;
    }

    public static ByteTokens For(SafeLlamaModelHandle model)
    {
        var vocabulary = model.Vocab;
        var ids = new List<int>();
        var values = new List<byte>();
        var endOfGeneration = new List<int>();
        Span<byte> piece = stackalloc byte[16];
        bool spm = vocabulary.Type == LLamaVocabType.SentencePiece;
        for (int token = 0; token < vocabulary.Count; token++)
        {
            if (((LLamaToken)token).IsEndOfGeneration(vocabulary))
            {
                endOfGeneration.Add(token);
            }
            else if (spm && model.TokenToSpan((LLamaToken)token, piece, 0, false) == 1 && piece[0] >= 0x80)
            {
                ids.Add(token);
                values.Add(piece[0]);
            }
        }

        return new ByteTokens(ids.ToArray(), values.ToArray(), endOfGeneration.ToArray());
    }
}
