using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using NorwegianLlama.Structured;

namespace NorwegianLlama.Tests.Structured;

/// <summary>
/// Test-only: random sentences of a parsed grammar, seeded. Past a depth budget it takes the cheapest
/// way out (fewest characters), so recursive grammars end. Characters for negated classes and '.' come
/// from a pool of awkward ones (quotes, backslashes, controls, æøå, emoji, U+2028) so escaping gets exercised.
/// </summary>
internal sealed class GbnfSampler
{
    private const int DepthBudget = 24;
    private const long Infinite = 1L << 40;

    private static readonly int[] Pool = "aZ09 \"\\/æøåÆØÅéü€😀{}[],:-\u2028\u007f\n\t\u0001\u001f#"
        .EnumerateRunes().Select(r => r.Value).ToArray();

    private readonly GbnfGrammar _grammar;
    private readonly Random _random;
    private readonly Dictionary<string, long> _ruleCost = new();

    public GbnfSampler(GbnfGrammar grammar, int seed)
    {
        _grammar = grammar;
        _random = new Random(seed);
        foreach (GbnfRule rule in grammar.Rules)
        {
            _ruleCost[rule.Name] = Infinite;
        }

        // Cheapest length of each rule, by fixpoint (the parser guarantees every rule can end).
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (GbnfRule rule in grammar.Rules)
            {
                long cost = Cost(rule.Body);
                if (cost < _ruleCost[rule.Name])
                {
                    _ruleCost[rule.Name] = cost;
                    changed = true;
                }
            }
        }
    }

    public string Next()
    {
        var text = new StringBuilder();
        Emit(_grammar.Root.Body, 0, text);
        return text.ToString();
    }

    private long Cost(GbnfExpression expression) => expression switch
    {
        GbnfAlternation a => a.Alternatives.Min(Cost),
        GbnfSequence s => s.Items.Aggregate(0L, (total, item) => Math.Min(Infinite, total + Cost(item))),
        GbnfLiteral l => l.CodePoints.Count,
        GbnfCharClass or GbnfAnyChar => 1,
        GbnfRuleReference r => _ruleCost[r.Name],
        GbnfGroup g => Cost(g.Body),
        GbnfRepetition r => r.Min == 0 ? 0 : Math.Min(Infinite, r.Min * Math.Min(Cost(r.Item), Infinite / 4000)),
        _ => throw new InvalidOperationException(expression.GetType().Name),
    };

    private void Emit(GbnfExpression expression, int depth, StringBuilder text)
    {
        bool cheap = depth > DepthBudget;
        switch (expression)
        {
            case GbnfAlternation alternation:
                GbnfSequence chosen = cheap
                    ? alternation.Alternatives.MinBy(Cost)!
                    : alternation.Alternatives[_random.Next(alternation.Alternatives.Count)];
                Emit(chosen, depth, text);
                break;
            case GbnfSequence sequence:
                foreach (GbnfExpression item in sequence.Items)
                {
                    Emit(item, depth, text);
                }

                break;
            case GbnfLiteral literal:
                foreach (int codePoint in literal.CodePoints)
                {
                    text.Append(char.ConvertFromUtf32(codePoint));
                }

                break;
            case GbnfCharClass charClass:
                text.Append(char.ConvertFromUtf32(Pick(charClass)));
                break;
            case GbnfAnyChar:
                text.Append(char.ConvertFromUtf32(Pool[_random.Next(Pool.Length)]));
                break;
            case GbnfRuleReference reference:
                Emit(_grammar[reference.Name].Body, depth + 1, text);
                break;
            case GbnfGroup group:
                Emit(group.Body, depth, text);
                break;
            case GbnfRepetition repetition:
                int count = cheap ? repetition.Min : Count(repetition.Min, repetition.Max);
                for (int i = 0; i < count; i++)
                {
                    Emit(repetition.Item, depth + 1, text);
                }

                break;
        }
    }

    private int Count(int min, int? max)
    {
        double roll = _random.NextDouble();
        if (max is int upper && roll < 0.15)
        {
            return upper;
        }

        if (roll < 0.3)
        {
            return min;
        }

        int extra = 0;
        while (_random.NextDouble() < 0.6 && extra < 12)
        {
            extra++;
        }

        return max is int limit ? Math.Min(limit, min + extra) : min + extra;
    }

    private int Pick(GbnfCharClass charClass)
    {
        if (charClass.Negated || _random.NextDouble() < 0.3)
        {
            int[] candidates = Pool.Where(charClass.Matches).ToArray();
            if (candidates.Length > 0)
            {
                return candidates[_random.Next(candidates.Length)];
            }
        }

        if (!charClass.Negated)
        {
            while (true)
            {
                GbnfCharRange range = charClass.Ranges[_random.Next(charClass.Ranges.Count)];
                int codePoint = range.First + _random.Next(range.Last - range.First + 1);
                if (codePoint is < 0xD800 or > 0xDFFF)
                {
                    return codePoint;
                }
            }
        }

        for (int codePoint = 0x20; codePoint <= 0x10FFFF; codePoint++)
        {
            if (codePoint is < 0xD800 or > 0xDFFF && charClass.Matches(codePoint))
            {
                return codePoint;
            }
        }

        throw new InvalidOperationException("a character class that matches nothing");
    }
}
