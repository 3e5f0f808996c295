namespace NorwegianLlama.Resources;

/// <summary>Why a GBNF grammar was refused before it reached llama.cpp: one reason per problem, and where it is.</summary>
internal static class GrammarMessages
{
    private static readonly MessageTable Table = new("NorwegianLlama.Resources.GrammarMessages");

    public static string GrammarErrorAt(string reason, int line, int column) => Table.Format(nameof(GrammarErrorAt), reason, line, column);

    public static string GrammarNoRoot() => Table.Get(nameof(GrammarNoRoot));

    public static string GrammarEmpty() => Table.Get(nameof(GrammarEmpty));

    public static string RuleDefinedTwice(string name, int line) => Table.Format(nameof(RuleDefinedTwice), name, line);

    public static string RuleNotDefined(string name) => Table.Format(nameof(RuleNotDefined), name);

    public static string RepetitionOfEmpty() => Table.Get(nameof(RepetitionOfEmpty));

    public static string LeftRecursion(string cycle) => Table.Format(nameof(LeftRecursion), cycle);

    public static string RuleNeverFinishes(string name) => Table.Format(nameof(RuleNeverFinishes), name);

    public static string GrammarHasNul() => Table.Get(nameof(GrammarHasNul));

    public static string FoundEndOfGrammar() => Table.Get(nameof(FoundEndOfGrammar));

    public static string FoundEndOfLine() => Table.Get(nameof(FoundEndOfLine));

    public static string FoundCharacter(char character) => Table.Format(nameof(FoundCharacter), character);

    public static string LineStartsWithBar() => Table.Get(nameof(LineStartsWithBar));

    public static string TooManyRules(int maximum) => Table.Format(nameof(TooManyRules), maximum);

    public static string ExpectedDefinition(string name, string found) => Table.Format(nameof(ExpectedDefinition), name, found);

    public static string UnexpectedNoGroupOpen(string found, string name) => Table.Format(nameof(UnexpectedNoGroupOpen), found, name);

    public static string UnexpectedAfterRule(string found, string name) => Table.Format(nameof(UnexpectedAfterRule), found, name);

    public static string ExpectedRuleName(string found) => Table.Format(nameof(ExpectedRuleName), found);

    public static string TooManyAlternatives(int maximum) => Table.Format(nameof(TooManyAlternatives), maximum);

    public static string GroupsTooDeep(int maximum) => Table.Format(nameof(GroupsTooDeep), maximum);

    public static string GroupNotClosed(int line, int column, string found) => Table.Format(nameof(GroupNotClosed), line, column, found);

    public static string NothingToRepeat(char operation) => Table.Format(nameof(NothingToRepeat), operation);

    public static string TooManyRepetitionOperators(int maximum) => Table.Format(nameof(TooManyRepetitionOperators), maximum);

    public static string RepetitionTooManyRules(long rules, int maximum) => Table.Format(nameof(RepetitionTooManyRules), rules, maximum);

    public static string RepetitionNotClosed(string found) => Table.Format(nameof(RepetitionNotClosed), found);

    public static string RepetitionExpectedCommaOrBrace(string found) => Table.Format(nameof(RepetitionExpectedCommaOrBrace), found);

    public static string RepetitionBoundsReversed(int minimum, int maximum) => Table.Format(nameof(RepetitionBoundsReversed), minimum, maximum);

    public static string RepetitionExpectedNumber(string found) => Table.Format(nameof(RepetitionExpectedNumber), found);

    public static string RepetitionCountTooLarge(string digits, int maximum) => Table.Format(nameof(RepetitionCountTooLarge), digits, maximum);

    public static string StringNotClosed() => Table.Get(nameof(StringNotClosed));

    public static string CharacterClassNotClosed() => Table.Get(nameof(CharacterClassNotClosed));

    public static string RangeReversed(int first, int last) => Table.Format(nameof(RangeReversed), first, last);

    public static string CharacterClassEmpty() => Table.Get(nameof(CharacterClassEmpty));

    public static string StringPastEndOfLine(int line, int column) => Table.Format(nameof(StringPastEndOfLine), line, column);

    public static string CharacterClassPastEndOfLine(int line, int column) => Table.Format(nameof(CharacterClassPastEndOfLine), line, column);

    public static string LoneSurrogateInGrammar() => Table.Get(nameof(LoneSurrogateInGrammar));

    public static string UnknownEscape(string shown) => Table.Format(nameof(UnknownEscape), shown);

    public static string EscapeAtEnd() => Table.Get(nameof(EscapeAtEnd));

    public static string EscapeNeedsHexDigits(char backslash, char kind, int digits) => Table.Format(nameof(EscapeNeedsHexDigits), backslash, kind, digits);

    public static string NotScalarValue(int value) => Table.Format(nameof(NotScalarValue), value);
}
