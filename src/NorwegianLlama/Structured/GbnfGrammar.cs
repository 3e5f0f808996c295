using System;
using System.Collections.Generic;
using System.Linq;

namespace NorwegianLlama.Structured;

/// <summary>
/// A GBNF grammar that passed our parser and checks. Anything handed to llama.cpp's grammar sampler goes
/// through <see cref="Parse"/> first: llama.cpp answers a bad grammar with a null sampler that LLamaSharp
/// adds to the chain unchecked (the next use crashes the process), and some grammars it accepts hang it.
/// </summary>
internal sealed class GbnfGrammar
{
    private readonly Dictionary<string, GbnfRule> _byName;

    private GbnfGrammar(string text, IReadOnlyList<GbnfRule> rules)
    {
        Text = text;
        Rules = rules;
        _byName = rules.ToDictionary(r => r.Name);
    }

    /// <summary>The text as given, which is what goes to llama.cpp.</summary>
    public string Text { get; }

    public IReadOnlyList<GbnfRule> Rules { get; }

    public GbnfRule Root => _byName["root"];

    public GbnfRule this[string name] => _byName[name];

    /// <exception cref="GbnfSyntaxException">The text is not a grammar llama.cpp can safely run.</exception>
    public static GbnfGrammar Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<GbnfRule> rules = GbnfParser.ParseRules(text);
        GbnfChecks.Run(rules);
        return new GbnfGrammar(text, rules);
    }
}
