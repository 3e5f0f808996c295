using System.Collections.Generic;

namespace NorwegianLlama.Inference.HugePages;

/// <summary>Address ranges already seen, and the parts of a mapping outside them.</summary>
internal sealed class KnownRanges
{
    private readonly List<AnonymousMapping> ranges = [];

    public void Add(AnonymousMapping mapping) => ranges.Add(mapping);

    /// <summary>The pieces of <paramref name="mapping"/> no known range covers, in address order.</summary>
    public List<AnonymousMapping> Unknown(AnonymousMapping mapping)
    {
        List<AnonymousMapping> pieces = [mapping];
        foreach (AnonymousMapping known in ranges)
        {
            List<AnonymousMapping> next = [];
            foreach (AnonymousMapping piece in pieces)
            {
                ulong pieceEnd = piece.Start + piece.Length, knownEnd = known.Start + known.Length;
                if (knownEnd <= piece.Start || known.Start >= pieceEnd)
                {
                    next.Add(piece);
                    continue;
                }

                if (known.Start > piece.Start)
                {
                    next.Add(new AnonymousMapping(piece.Start, known.Start - piece.Start));
                }

                if (knownEnd < pieceEnd)
                {
                    next.Add(new AnonymousMapping(knownEnd, pieceEnd - knownEnd));
                }
            }

            pieces = next;
        }

        pieces.Sort((a, b) => a.Start.CompareTo(b.Start));
        return pieces;
    }
}
