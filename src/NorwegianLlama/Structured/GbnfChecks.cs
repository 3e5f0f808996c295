using System.Collections.Generic;
using System.Linq;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Structured;

/// <summary>
/// The whole-grammar checks llama.cpp does (defined rules, a root, no left recursion) plus stricter ones:
/// its left-recursion check only notices rules with a literally empty alternative (so a rule that starts
/// with a nullable helper slips through), it keeps the last of two rules with one name, and it runs
/// grammars whose rules can never finish or that repeat an empty-matching item without bound (endlessly
/// ambiguous). We refuse all of those with a position instead.
/// </summary>
internal static class GbnfChecks
{
    public static void Run(IReadOnlyList<GbnfRule> rules)
    {
        Dictionary<string, GbnfRule> byName = UniqueNames(rules);
        foreach (GbnfRule rule in rules)
        {
            CheckReferences(rule.Body, byName);
        }

        if (!byName.ContainsKey("root"))
        {
            GbnfPosition at = rules.Count > 0 ? rules[0].Position : new GbnfPosition(1, 1);
            string reason = rules.Count > 0 ? GrammarMessages.GrammarNoRoot() : GrammarMessages.GrammarEmpty();
            throw new GbnfSyntaxException(GbnfErrorKind.MissingRoot, at.Line, at.Column, reason);
        }

        HashSet<string> nullable = NullableRules(rules);
        foreach (GbnfRule rule in rules)
        {
            CheckRepetitions(rule.Body, nullable);
        }

        CheckLeftRecursion(rules, byName, nullable);
        CheckEveryRuleCanEnd(rules);
    }

    private static Dictionary<string, GbnfRule> UniqueNames(IReadOnlyList<GbnfRule> rules)
    {
        var byName = new Dictionary<string, GbnfRule>();
        foreach (GbnfRule rule in rules)
        {
            if (byName.TryGetValue(rule.Name, out GbnfRule? first))
            {
                throw new GbnfSyntaxException(
                    GbnfErrorKind.DuplicateRule,
                    rule.Position.Line,
                    rule.Position.Column,
                    GrammarMessages.RuleDefinedTwice(rule.Name, first.Position.Line));
            }

            byName.Add(rule.Name, rule);
        }

        return byName;
    }

    private static void CheckReferences(GbnfExpression expression, Dictionary<string, GbnfRule> byName)
    {
        foreach (GbnfRuleReference reference in Descendants(expression).OfType<GbnfRuleReference>())
        {
            if (!byName.ContainsKey(reference.Name))
            {
                throw new GbnfSyntaxException(
                    GbnfErrorKind.UndefinedRule,
                    reference.Position.Line,
                    reference.Position.Column,
                    GrammarMessages.RuleNotDefined(reference.Name));
            }
        }
    }

    public static IEnumerable<GbnfExpression> Descendants(GbnfExpression expression)
    {
        yield return expression;
        IEnumerable<GbnfExpression> children = expression switch
        {
            GbnfAlternation alternation => alternation.Alternatives,
            GbnfSequence sequence => sequence.Items,
            GbnfGroup group => new[] { group.Body },
            GbnfRepetition repetition => new[] { repetition.Item },
            _ => [],
        };
        foreach (GbnfExpression child in children)
        {
            foreach (GbnfExpression descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }

    private static HashSet<string> NullableRules(IReadOnlyList<GbnfRule> rules)
    {
        var nullable = new HashSet<string>();
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (GbnfRule rule in rules)
            {
                if (!nullable.Contains(rule.Name) && IsNullable(rule.Body, nullable))
                {
                    nullable.Add(rule.Name);
                    changed = true;
                }
            }
        }

        return nullable;
    }

    public static bool IsNullable(GbnfExpression expression, IReadOnlySet<string> nullableRules) => expression switch
    {
        GbnfAlternation alternation => alternation.Alternatives.Any(a => IsNullable(a, nullableRules)),
        GbnfSequence sequence => sequence.Items.All(i => IsNullable(i, nullableRules)),
        GbnfLiteral literal => literal.CodePoints.Count == 0,
        GbnfCharClass or GbnfAnyChar => false,
        GbnfRuleReference reference => nullableRules.Contains(reference.Name),
        GbnfGroup group => IsNullable(group.Body, nullableRules),
        GbnfRepetition repetition => repetition.Min == 0 || IsNullable(repetition.Item, nullableRules),
        _ => false,
    };

    private static void CheckRepetitions(GbnfExpression body, HashSet<string> nullable)
    {
        foreach (GbnfRepetition repetition in Descendants(body).OfType<GbnfRepetition>())
        {
            if (repetition.Max is null && IsNullable(repetition.Item, nullable))
            {
                throw new GbnfSyntaxException(
                    GbnfErrorKind.EmptyRepetition,
                    repetition.Position.Line,
                    repetition.Position.Column,
                    GrammarMessages.RepetitionOfEmpty());
            }
        }
    }

    /// <summary>The rules a body can start with: leftmost references, and the ones after nullable items.</summary>
    private static void LeftReferences(GbnfExpression expression, IReadOnlySet<string> nullable, List<GbnfRuleReference> into)
    {
        switch (expression)
        {
            case GbnfAlternation alternation:
                foreach (GbnfSequence alternative in alternation.Alternatives)
                {
                    LeftReferences(alternative, nullable, into);
                }

                break;
            case GbnfSequence sequence:
                foreach (GbnfExpression item in sequence.Items)
                {
                    LeftReferences(item, nullable, into);
                    if (!IsNullable(item, nullable))
                    {
                        break;
                    }
                }

                break;
            case GbnfRuleReference reference:
                into.Add(reference);
                break;
            case GbnfGroup group:
                LeftReferences(group.Body, nullable, into);
                break;
            case GbnfRepetition repetition when repetition.Max != 0:
                LeftReferences(repetition.Item, nullable, into);
                break;
        }
    }

    private static void CheckLeftRecursion(IReadOnlyList<GbnfRule> rules, Dictionary<string, GbnfRule> byName, HashSet<string> nullable)
    {
        var edges = new Dictionary<string, List<GbnfRuleReference>>();
        foreach (GbnfRule rule in rules)
        {
            var references = new List<GbnfRuleReference>();
            LeftReferences(rule.Body, nullable, references);
            edges[rule.Name] = references;
        }

        // Iterative depth-first search: a chain of thousands of rules must not overflow the stack.
        var done = new HashSet<string>();
        var onPath = new HashSet<string>();
        var path = new List<string>();
        var stack = new Stack<(string Name, int Next)>();
        foreach (GbnfRule rule in rules)
        {
            if (done.Contains(rule.Name))
            {
                continue;
            }

            stack.Push((rule.Name, 0));
            path.Add(rule.Name);
            onPath.Add(rule.Name);
            while (stack.Count > 0)
            {
                (string name, int next) = stack.Pop();
                List<GbnfRuleReference> references = edges[name];
                if (next == references.Count)
                {
                    onPath.Remove(name);
                    path.RemoveAt(path.Count - 1);
                    done.Add(name);
                    continue;
                }

                stack.Push((name, next + 1));
                GbnfRuleReference reference = references[next];
                if (onPath.Contains(reference.Name))
                {
                    List<string> cycle = path.Skip(path.IndexOf(reference.Name)).Append(reference.Name).ToList();
                    GbnfPosition at = byName[reference.Name].Position;
                    throw new GbnfSyntaxException(
                        GbnfErrorKind.LeftRecursion,
                        at.Line,
                        at.Column,
                        GrammarMessages.LeftRecursion(string.Join(" -> ", cycle)));
                }

                if (!done.Contains(reference.Name))
                {
                    stack.Push((reference.Name, 0));
                    path.Add(reference.Name);
                    onPath.Add(reference.Name);
                }
            }
        }
    }

    private static void CheckEveryRuleCanEnd(IReadOnlyList<GbnfRule> rules)
    {
        var finite = new HashSet<string>();
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (GbnfRule rule in rules)
            {
                if (!finite.Contains(rule.Name) && CanEnd(rule.Body, finite))
                {
                    finite.Add(rule.Name);
                    changed = true;
                }
            }
        }

        foreach (GbnfRule rule in rules)
        {
            if (!finite.Contains(rule.Name))
            {
                throw new GbnfSyntaxException(
                    GbnfErrorKind.NeverEnds,
                    rule.Position.Line,
                    rule.Position.Column,
                    GrammarMessages.RuleNeverFinishes(rule.Name));
            }
        }
    }

    private static bool CanEnd(GbnfExpression expression, HashSet<string> finite) => expression switch
    {
        GbnfAlternation alternation => alternation.Alternatives.Any(a => CanEnd(a, finite)),
        GbnfSequence sequence => sequence.Items.All(i => CanEnd(i, finite)),
        GbnfRuleReference reference => finite.Contains(reference.Name),
        GbnfGroup group => CanEnd(group.Body, finite),
        GbnfRepetition repetition => repetition.Min == 0 || CanEnd(repetition.Item, finite),
        _ => true,
    };
}
