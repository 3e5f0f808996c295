using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Structured;

/// <summary>
/// Reads llama.cpp's GBNF dialect (src/llama-grammar.cpp) into a tree. It follows llama.cpp's lexical rules
/// exactly where llama.cpp is permissive-and-safe (newlines end a rule unless after '|' or inside
/// parentheses; names are [A-Za-z0-9-]; escapes \x \u \U \t \r \n \\ \" \[ \]) and is stricter where
/// llama.cpp would accept something that later crashes, hangs or silently means something odd.
/// </summary>
internal sealed class GbnfParser
{
    /// <summary>llama.cpp refuses repetitions that expand to this many helper rules or more.</summary>
    public const int MaxRepetitionRules = 2000;

    /// <summary>Bounds on nesting, so a hostile grammar cannot overflow the stack of this parser, its
    /// checks or llama.cpp's (all of them recurse).</summary>
    public const int MaxGroupDepth = 64;
    public const int MaxChainedRepetitions = 8;

    /// <summary>llama.cpp's left-recursion check recurses once per rule along a chain of leftmost references.</summary>
    public const int MaxRules = 4096;

    /// <summary>
    /// llama.cpp's grammar sampler keeps a parse stack for every alternative that can come next and tests every token
    /// of the vocabulary against each, for every token it writes: an enum of 100,000 strings took over 40 s, and with a
    /// 32,000-token vocabulary one choice of this many added 16 s to a 10-token answer. Counted over the whole grammar,
    /// since choices inside choices multiply; lower than this, grammars of thousands of rules stay usable.
    /// </summary>
    public const int MaxAlternatives = 10_000;

    private readonly string _text;
    private readonly List<int> _lineStarts = new() { 0 };
    private int _pos;
    private int _groupDepth;
    private int _alternatives;

    // llama.cpp's symbol table as it grows while parsing: a group multiplies a repetition put on it by the
    // number of symbols made inside it (its own, its repetitions' helpers, names first seen there).
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private long _symbols;

    private GbnfParser(string text)
    {
        _text = text;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public static List<GbnfRule> ParseRules(string text)
    {
        var parser = new GbnfParser(text);
        int nul = text.IndexOf('\0');
        if (nul >= 0)
        {
            throw parser.Error(nul, GrammarMessages.GrammarHasNul());
        }

        return parser.ParseDocument();
    }

    private bool AtEnd => _pos >= _text.Length;

    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private GbnfPosition PositionOf(int index)
    {
        int line = _lineStarts.BinarySearch(index);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return new GbnfPosition(line + 1, index - _lineStarts[line] + 1);
    }

    private GbnfSyntaxException Error(int index, string reason, GbnfErrorKind kind = GbnfErrorKind.Syntax)
    {
        GbnfPosition at = PositionOf(index);
        return new GbnfSyntaxException(kind, at.Line, at.Column, reason);
    }

    private string Describe(int index)
    {
        if (index >= _text.Length)
        {
            return GrammarMessages.FoundEndOfGrammar();
        }

        return _text[index] switch
        {
            '\n' or '\r' => GrammarMessages.FoundEndOfLine(),
            char c => GrammarMessages.FoundCharacter(c),
        };
    }

    private List<GbnfRule> ParseDocument()
    {
        var rules = new List<GbnfRule>();
        SkipSpace(newlineOk: true);
        while (!AtEnd)
        {
            if (Peek() == '|')
            {
                throw Error(_pos, GrammarMessages.LineStartsWithBar());
            }

            if (rules.Count == MaxRules)
            {
                throw Error(_pos, GrammarMessages.TooManyRules(MaxRules), GbnfErrorKind.Limit);
            }

            rules.Add(ParseRule());
        }

        return rules;
    }

    private GbnfRule ParseRule()
    {
        int start = _pos;
        string name = ParseRuleName();
        NoteName(name);
        SkipSpace(newlineOk: false);
        if (!(Peek() == ':' && Peek(1) == ':' && Peek(2) == '='))
        {
            throw Error(_pos, GrammarMessages.ExpectedDefinition(name, Describe(_pos)));
        }

        _pos += 3;
        SkipSpace(newlineOk: true);
        GbnfAlternation body = ParseAlternates(nested: false);
        if (Peek() == '\r')
        {
            _pos += Peek(1) == '\n' ? 2 : 1;
        }
        else if (Peek() == '\n')
        {
            _pos++;
        }
        else if (!AtEnd)
        {
            throw Error(_pos, Peek() == ')' ? GrammarMessages.UnexpectedNoGroupOpen(Describe(_pos), name) : GrammarMessages.UnexpectedAfterRule(Describe(_pos), name));
        }

        SkipSpace(newlineOk: true);
        return new GbnfRule(name, body, PositionOf(start));
    }

    private string ParseRuleName()
    {
        int start = _pos;
        while (!AtEnd && IsNameChar(Peek()))
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw Error(_pos, GrammarMessages.ExpectedRuleName(Describe(_pos)));
        }

        return _text.Substring(start, _pos - start);
    }

    private static bool IsNameChar(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-';

    private void SkipSpace(bool newlineOk)
    {
        while (!AtEnd)
        {
            char c = Peek();
            if (c == ' ' || c == '\t' || (newlineOk && (c == '\r' || c == '\n')))
            {
                _pos++;
            }
            else if (c == '#')
            {
                while (!AtEnd && Peek() != '\r' && Peek() != '\n')
                {
                    _pos++;
                }
            }
            else
            {
                break;
            }
        }
    }

    private GbnfAlternation ParseAlternates(bool nested)
    {
        GbnfPosition at = PositionOf(_pos);
        var alternatives = new List<GbnfSequence> { ParseSequence(nested) };
        while (Peek() == '|')
        {
            // Counted over the whole grammar: choices nested in choices multiply the sampler's stacks.
            if (++_alternatives > MaxAlternatives)
            {
                throw Error(_pos, GrammarMessages.TooManyAlternatives(MaxAlternatives), GbnfErrorKind.TooLarge);
            }

            _pos++;
            SkipSpace(newlineOk: true);
            alternatives.Add(ParseSequence(nested));
        }

        return new GbnfAlternation(alternatives, at);
    }

    private GbnfSequence ParseSequence(bool nested)
    {
        GbnfPosition at = PositionOf(_pos);
        var items = new List<GbnfExpression>();

        // llama.cpp repeats "the last symbol"; an empty literal leaves none, so '""*' is an error there too.
        bool canRepeat = false;
        int chained = 0;

        // llama.cpp multiplies the rule counts of repetitions chained onto one item ("a"{10}{300}).
        long chainedRules = 1;
        while (!AtEnd)
        {
            char c = Peek();
            int start = _pos;
            if (c == '"')
            {
                GbnfLiteral literal = ParseLiteral();
                items.Add(literal);
                canRepeat = literal.CodePoints.Count > 0;
                chainedRules = 1;
                chained = 0;
            }
            else if (c == '[')
            {
                items.Add(ParseCharClass());
                canRepeat = true;
                chainedRules = 1;
                chained = 0;
            }
            else if (IsNameChar(c))
            {
                string name = ParseRuleName();
                NoteName(name);
                items.Add(new GbnfRuleReference(name, PositionOf(start)));
                canRepeat = true;
                chainedRules = 1;
                chained = 0;
            }
            else if (c == '(')
            {
                if (++_groupDepth > MaxGroupDepth)
                {
                    throw Error(_pos, GrammarMessages.GroupsTooDeep(MaxGroupDepth), GbnfErrorKind.Limit);
                }

                _pos++;
                long symbolsBefore = _symbols++;
                SkipSpace(newlineOk: true);
                GbnfAlternation body = ParseAlternates(nested: true);
                _groupDepth--;
                if (Peek() != ')')
                {
                    GbnfPosition open = PositionOf(start);
                    throw Error(_pos, GrammarMessages.GroupNotClosed(open.Line, open.Column, Describe(_pos)));
                }

                _pos++;
                items.Add(new GbnfGroup(body, PositionOf(start)));
                canRepeat = true;
                // A repetition of the group copies every rule made inside it (llama.cpp's n_prev_rules).
                chainedRules = Math.Max(1, _symbols - symbolsBefore);
                chained = 0;
            }
            else if (c == '.')
            {
                _pos++;
                items.Add(new GbnfAnyChar(PositionOf(start)));
                canRepeat = true;
                chainedRules = 1;
                chained = 0;
            }
            else if (c is '*' or '+' or '?' or '{')
            {
                if (!canRepeat)
                {
                    throw Error(_pos, GrammarMessages.NothingToRepeat(c));
                }

                if (++chained > MaxChainedRepetitions)
                {
                    throw Error(_pos, GrammarMessages.TooManyRepetitionOperators(MaxChainedRepetitions), GbnfErrorKind.Limit);
                }

                (int min, int? max) = ParseRepetitionBounds();
                long rules = max is > 0 ? max.Value : min > 0 ? min : 1;
                chainedRules *= rules;
                if (chainedRules >= MaxRepetitionRules)
                {
                    throw Error(start, GrammarMessages.RepetitionTooManyRules(chainedRules, MaxRepetitionRules), GbnfErrorKind.Limit);
                }

                _symbols += max is null ? 1 : max.Value - min;

                GbnfExpression last = items[^1];
                items[^1] = new GbnfRepetition(last, min, max, PositionOf(start));
                SkipSpace(nested);
                continue;
            }
            else
            {
                break;
            }

            SkipSpace(nested);
        }

        return new GbnfSequence(items, at);
    }

    private void NoteName(string name)
    {
        if (_names.Add(name))
        {
            _symbols++;
        }
    }

    private (int Min, int? Max) ParseRepetitionBounds()
    {
        int start = _pos;
        char op = Peek();
        _pos++;
        switch (op)
        {
            case '*':
                return (0, null);
            case '+':
                return (1, null);
            case '?':
                return (0, 1);
        }

        // '{' m '}' | '{' m ',' '}' | '{' m ',' n '}', with spaces allowed around the numbers as in llama.cpp.
        SkipSpace(newlineOk: false);
        int min = ParseCount();
        SkipSpace(newlineOk: false);
        int? max;
        if (Peek() == '}')
        {
            max = min;
        }
        else if (Peek() == ',')
        {
            _pos++;
            SkipSpace(newlineOk: false);
            max = char.IsAsciiDigit(Peek()) ? ParseCount() : null;
            SkipSpace(newlineOk: false);
            if (Peek() != '}')
            {
                throw Error(_pos, GrammarMessages.RepetitionNotClosed(Describe(_pos)));
            }
        }
        else
        {
            throw Error(_pos, GrammarMessages.RepetitionExpectedCommaOrBrace(Describe(_pos)));
        }

        _pos++;
        if (max < min)
        {
            // llama.cpp computes max - min unsigned here and expands rules until memory runs out.
            throw Error(start, GrammarMessages.RepetitionBoundsReversed(min, max.Value));
        }

        return (min, max);
    }

    private int ParseCount()
    {
        int start = _pos;
        while (char.IsAsciiDigit(Peek()))
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw Error(_pos, GrammarMessages.RepetitionExpectedNumber(Describe(_pos)));
        }

        string digits = _text.Substring(start, _pos - start);
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value >= MaxRepetitionRules)
        {
            throw Error(start, GrammarMessages.RepetitionCountTooLarge(digits, MaxRepetitionRules), GbnfErrorKind.Limit);
        }

        return value;
    }

    private GbnfLiteral ParseLiteral()
    {
        int start = _pos;
        _pos++;
        var codePoints = new List<int>();
        while (true)
        {
            if (AtEnd)
            {
                throw Error(start, GrammarMessages.StringNotClosed());
            }

            if (Peek() == '"')
            {
                _pos++;
                break;
            }

            codePoints.Add(ParseChar(start, inString: true));
        }

        return new GbnfLiteral(codePoints, PositionOf(start));
    }

    private GbnfCharClass ParseCharClass()
    {
        int start = _pos;
        _pos++;
        bool negated = false;
        if (Peek() == '^')
        {
            negated = true;
            _pos++;
        }

        var ranges = new List<GbnfCharRange>();
        while (true)
        {
            if (AtEnd)
            {
                throw Error(start, GrammarMessages.CharacterClassNotClosed());
            }

            if (Peek() == ']')
            {
                _pos++;
                break;
            }

            int first = ParseChar(start, inString: false);
            int last = first;

            // As in llama.cpp, a '-' right before ']' is a plain character.
            if (Peek() == '-' && Peek(1) != ']' && _pos + 1 < _text.Length)
            {
                int dash = _pos;
                _pos++;
                last = ParseChar(start, inString: false);
                if (last < first)
                {
                    throw Error(dash, GrammarMessages.RangeReversed(first, last));
                }
            }

            ranges.Add(new GbnfCharRange(first, last));
        }

        if (ranges.Count == 0)
        {
            // llama.cpp reads "[]" as matching the empty string, which is never what was meant.
            throw Error(start, GrammarMessages.CharacterClassEmpty());
        }

        return new GbnfCharClass(negated, ranges, PositionOf(start));
    }

    private int ParseChar(int openedAt, bool inString)
    {
        char c = Peek();
        if (c == '\r' || c == '\n')
        {
            GbnfPosition open = PositionOf(openedAt);
            throw Error(_pos, inString
                ? GrammarMessages.StringPastEndOfLine(open.Line, open.Column)
                : GrammarMessages.CharacterClassPastEndOfLine(open.Line, open.Column));
        }

        if (c != '\\')
        {
            if (Rune.DecodeFromUtf16(_text.AsSpan(_pos), out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                throw Error(_pos, GrammarMessages.LoneSurrogateInGrammar());
            }

            _pos += consumed;
            return rune.Value;
        }

        int escape = _pos;
        char kind = Peek(1);
        _pos += 2;
        switch (kind)
        {
            case 'x':
                return ParseHex(escape, 2);
            case 'u':
                return ParseHex(escape, 4);
            case 'U':
                return ParseHex(escape, 8);
            case 't':
                return '\t';
            case 'r':
                return '\r';
            case 'n':
                return '\n';
            case '\\' or '"' or '[' or ']':
                return kind;
            default:
                string shown = escape + 1 < _text.Length ? "\\" + kind : GrammarMessages.EscapeAtEnd();
                throw Error(escape, GrammarMessages.UnknownEscape(shown));
        }
    }

    private int ParseHex(int escape, int digits)
    {
        int value = 0;
        for (int i = 0; i < digits; i++)
        {
            int digit = HexValue(Peek());
            if (digit < 0)
            {
                throw Error(escape, GrammarMessages.EscapeNeedsHexDigits(_text[escape], _text[escape + 1], digits));
            }

            value = (value << 4) | digit;
            _pos++;
        }

        if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        {
            throw Error(escape, GrammarMessages.NotScalarValue(value));
        }

        return value;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
