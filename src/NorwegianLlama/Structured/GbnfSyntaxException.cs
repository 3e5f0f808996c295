using System;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Structured;

/// <summary>What is wrong with a GBNF grammar, so callers can tell a typo from a grammar llama.cpp cannot run.</summary>
internal enum GbnfErrorKind
{
    /// <summary>The text does not follow llama.cpp's GBNF dialect.</summary>
    Syntax,
    /// <summary>A rule is referenced but never defined.</summary>
    UndefinedRule,
    /// <summary>A rule name is defined twice (llama.cpp would silently keep the last one).</summary>
    DuplicateRule,
    /// <summary>There is no <c>root</c> rule.</summary>
    MissingRoot,
    /// <summary>A rule can start with itself; llama.cpp rejects or loops on it.</summary>
    LeftRecursion,
    /// <summary>An unbounded repetition of something that can match empty text (endlessly ambiguous).</summary>
    EmptyRepetition,
    /// <summary>A rule can never finish (every way through it needs itself again).</summary>
    NeverEnds,
    /// <summary>A repetition count beyond what llama.cpp expands.</summary>
    Limit,
    /// <summary>More alternatives than llama.cpp's grammar sampler can weigh in reasonable time.</summary>
    TooLarge,
}

/// <summary>A grammar rejected before it reaches llama.cpp, with the 1-based line and column of the problem.</summary>
internal sealed class GbnfSyntaxException : Exception
{
    public GbnfSyntaxException(GbnfErrorKind kind, int line, int column, string reason)
        : base(GrammarMessages.GrammarErrorAt(reason, line, column))
    {
        Kind = kind;
        Line = line;
        Column = column;
        Reason = reason;
    }

    public GbnfErrorKind Kind { get; }

    public int Line { get; }

    public int Column { get; }

    /// <summary>The message without the position.</summary>
    public string Reason { get; }
}
