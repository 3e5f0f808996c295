using System.Collections.Generic;

namespace NorwegianLlama.Structured;

/// <summary>A 1-based place in the grammar text, for error messages.</summary>
internal readonly record struct GbnfPosition(int Line, int Column);

/// <summary>One <c>name ::= ...</c> definition.</summary>
internal sealed record GbnfRule(string Name, GbnfAlternation Body, GbnfPosition Position);

/// <summary>Part of a rule body. The tree keeps the text's shape; llama.cpp's rewriting of groups and
/// repetitions into helper rules is semantically the same tree.</summary>
internal abstract record GbnfExpression(GbnfPosition Position);

/// <summary><c>a | b | c</c>; an alternative may be empty, as in llama.cpp.</summary>
internal sealed record GbnfAlternation(IReadOnlyList<GbnfSequence> Alternatives, GbnfPosition Position) : GbnfExpression(Position);

/// <summary>Items matched one after the other.</summary>
internal sealed record GbnfSequence(IReadOnlyList<GbnfExpression> Items, GbnfPosition Position) : GbnfExpression(Position);

/// <summary>A quoted literal, as Unicode code points.</summary>
internal sealed record GbnfLiteral(IReadOnlyList<int> CodePoints, GbnfPosition Position) : GbnfExpression(Position);

/// <summary>An inclusive code point range inside <c>[...]</c>; a single character has First == Last.</summary>
internal readonly record struct GbnfCharRange(int First, int Last)
{
    public bool Contains(int codePoint) => First <= codePoint && codePoint <= Last;
}

/// <summary><c>[a-z]</c> or <c>[^"\\]</c>.</summary>
internal sealed record GbnfCharClass(bool Negated, IReadOnlyList<GbnfCharRange> Ranges, GbnfPosition Position) : GbnfExpression(Position)
{
    public bool Matches(int codePoint)
    {
        foreach (GbnfCharRange range in Ranges)
        {
            if (range.Contains(codePoint))
            {
                return !Negated;
            }
        }

        return Negated;
    }
}

/// <summary><c>.</c>: any single character.</summary>
internal sealed record GbnfAnyChar(GbnfPosition Position) : GbnfExpression(Position);

/// <summary>A use of another rule by name.</summary>
internal sealed record GbnfRuleReference(string Name, GbnfPosition Position) : GbnfExpression(Position);

/// <summary><c>( ... )</c>.</summary>
internal sealed record GbnfGroup(GbnfAlternation Body, GbnfPosition Position) : GbnfExpression(Position);

/// <summary><c>x*</c>, <c>x+</c>, <c>x?</c>, <c>x{m}</c>, <c>x{m,}</c>, <c>x{m,n}</c>; Max is null when unbounded.
/// Position is the operator's.</summary>
internal sealed record GbnfRepetition(GbnfExpression Item, int Min, int? Max, GbnfPosition Position) : GbnfExpression(Position);
