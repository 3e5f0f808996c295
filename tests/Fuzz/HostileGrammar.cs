using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace NorwegianLlama.Fuzz;

/// <summary>
/// GBNF grammars for -Grammar: a list of named hostile ones (unbalanced brackets and quotes, huge and chained
/// repetitions, deep nesting, left recursion, undefined and duplicate rules, NUL and lone surrogates, characters
/// no token can write, megabyte literals), then seeded mutations of valid grammars (llama.cpp's json.gbnf,
/// arithmetic and list grammars, ja/nei): characters deleted, duplicated, inserted, swapped, cut short.
/// Case N is derived from N alone.
/// </summary>
public static class HostileGrammar
{
    /// <summary>Valid grammars the mutations start from.</summary>
    public static readonly (string Name, string Text)[] Seeds =
    [
        ("JaNei", "root ::= \"ja\" | \"nei\""),
        ("Json", """
            root   ::= object
            value  ::= object | array | string | number | ("true" | "false" | "null") ws

            object ::=
              "{" ws (
                        string ":" ws value
                ("," ws string ":" ws value)*
              )? "}" ws

            array  ::=
              "[" ws (
                        value
                ("," ws value)*
              )? "]" ws

            string ::=
              "\"" (
                [^"\\\x7F\x00-\x1F] |
                "\\" (["\\/bfnrt] | "u" [0-9a-fA-F]{4}) # escapes
              )* "\"" ws

            number ::= ("-"? ([0-9] | [1-9] [0-9]{0,15})) ("." [0-9]+)? ([eE] [-+]? [0-9] [1-9]{0,15})? ws

            # Optional space: by convention, applied in this grammar after literal chars when allowed
            ws ::= | " " | "\n" [ \t]{0,20}
            """),
        ("Arithmetic", """
            root  ::= (expr "=" ws term "\n")+
            expr  ::= term ([-+*/] term)*
            term  ::= ident | num | "(" ws expr ")" ws
            ident ::= [a-z] [a-z0-9_]* ws
            num   ::= [0-9]+ ws
            ws    ::= [ \t\n]*
            """),
        ("List", "root ::= item+\n# Excludes various line break characters\nitem ::= \"- \" [^\\r\\n\\x0b\\x0c\\x85\\u2028\\u2029]+ \"\\n\""),
        ("Norwegian", "root ::= \"Svar: \" (\"ja\" | \"nei\" | \"kanskje\") \".\" | [æøåÆØÅ]{1,5}"),
        ("Bounded", "root ::= [a-z]{1,10} (\" \" [a-z]{1,10}){0,3}"),
        ("RightRecursion", "root ::= \"a\" root | \"b\""),
    ];

    private static readonly Lazy<IReadOnlyList<KeyValuePair<string, string>>> Named = new(BuildNamed);

    /// <summary>How many seeded mutations follow the named grammars.</summary>
    public const int MutationCount = 300;

    public static int Count => Named.Value.Count + MutationCount;

    public static string Name(int index) => index < Named.Value.Count ? Named.Value[index].Key : Mutate(index - Named.Value.Count).Name;

    public static string Text(int index) => index < Named.Value.Count ? Named.Value[index].Value : Mutate(index - Named.Value.Count).Text;

    private static IReadOnlyList<KeyValuePair<string, string>> BuildNamed()
    {
        var grammars = new List<KeyValuePair<string, string>>();
        void Add(string name, string text) => grammars.Add(new(name, text));

        foreach (var (name, text) in Seeds)
        {
            Add($"Valid:{name}", text);
        }

        Add("Empty", "");
        Add("Whitespace", " \n\t\r\n ");
        Add("CommentOnly", "# bare en kommentar");
        Add("NoRoot", "rot ::= \"ja\"");
        Add("UndefinedRule", "root ::= svar\nsvr ::= \"ja\"");
        Add("DuplicateRule", "root ::= \"ja\"\nroot ::= \"nei\"");
        Add("LeftRecursionDirect", "root ::= root \"a\" | \"a\"");
        Add("LeftRecursionIndirect", "root ::= a\na ::= b \"x\"\nb ::= root | \"y\"");
        Add("LeftRecursionThroughNullable", "root ::= e root \"x\" | \"y\"\ne ::= \"\" | \"z\"");
        Add("LeftRecursionThroughOptional", "root ::= \"a\"? root | \"b\"");
        Add("NeverEnds", "root ::= \"a\" root");
        Add("NeverEndsMutual", "root ::= a\na ::= \"x\" b\nb ::= \"y\" a");
        Add("EmptyRepetition", "root ::= (\"\")*");
        Add("NullableRepetition", "root ::= (\"\" | \"a\")+ \"b\"");
        Add("EmptyRoot", "root ::= \"\"");
        Add("EmptyClass", "root ::= []");
        Add("NegatedEverything", "root ::= [^\\x00-\\U0010FFFF]");
        Add("OnlyNul", "root ::= \"\\x00\"");
        Add("NulClass", "root ::= [\\x00]+");
        Add("EscapedLoneSurrogate", "root ::= \"\\uD800\"");
        Add("BeyondUnicode", "root ::= \"\\U00110000\"");
        Add("MaxScalar", "root ::= \"\\U0010FFFF\"");
        Add("NoncharacterOnly", "root ::= \"\\uFFFF\"");
        Add("EmojiOnly", "root ::= \"👍\" | \"🇳🇴\"");
        Add("EmojiRange", "root ::= [😀-🙏]{1,4}");
        Add("CjkOnly", "root ::= [一-龥]+");
        Add("RawNul", "root ::= \"ja\0\"");
        Add("RawLoneSurrogate", "root ::= \"\uD800\"");
        Add("RawLoneSurrogateName", "ro\uDC00ot ::= \"ja\"");
        Add("ByteOrderMark", "\uFEFFroot ::= \"ja\"");
        Add("CrlfLines", "root ::= a |\r\n b\r\na ::= \"ja\"\r\nb ::= \"nei\"\r\n");
        Add("LoneCrLines", "root ::= a\ra ::= \"ja\"");
        Add("UnicodeRuleName", "root ::= svar\nsvår ::= \"ja\"");
        Add("NoSpaces", "root::=\"ja\"|\"nei\"");
        Add("TrailingGarbage", "root ::= \"ja\" ::= \"nei\"");
        Add("MissingDefinition", "root ::=");
        Add("MissingArrow", "root \"ja\"");
        Add("UnclosedString", "root ::= \"ja");
        Add("UnclosedStringNewline", "root ::= \"ja\n\"");
        Add("UnclosedClass", "root ::= [a-z");
        Add("UnclosedGroup", "root ::= (\"ja\" | \"nei\"");
        Add("ExtraClose", "root ::= \"ja\")");
        Add("ExtraBracket", "root ::= \"ja\"]");
        Add("ReversedRange", "root ::= [z-a]");
        Add("DanglingDash", "root ::= [a-]");
        Add("DanglingBackslash", "root ::= \"ja\\");
        Add("UnknownEscape", "root ::= \"\\q\"");
        Add("ShortHex", "root ::= \"\\x4\"");
        Add("ShortUnicode", "root ::= \"\\u12\"");
        Add("DanglingAlternation", "root ::= \"ja\" |");
        Add("LeadingAlternation", "root ::= | \"ja\"");
        Add("DoubleAlternation", "root ::= \"ja\" || \"nei\"");
        Add("QuantifierFirst", "root ::= * \"ja\"");
        Add("ChainedQuantifiers", "root ::= \"a\"*+?");
        Add("ManyChainedQuantifiers", "root ::= \"a\"" + string.Concat(Enumerable.Repeat("?", 20)));
        Add("ChainedCounts", "root ::= \"a\"{2}{3}{4}{5}{6}{7}{8}{9}{10}");
        Add("Repeat0To100000", "root ::= \"x\"{0,100000}");
        Add("Repeat100000", "root ::= \"x\"{100000}");
        Add("Repeat1999", "root ::= \"x\"{1999}");
        Add("Repeat0To1999", "root ::= \"x\"{0,1999}");
        Add("Repeat2000", "root ::= \"x\"{2000}");
        Add("RepeatNested", "root ::= (\"x\"{0,1999}){0,1999}");
        Add("RepeatNestedDeep", "root ::= (((\"x\"{0,1000}){0,1000}){0,1000}){0,1000}");
        Add("RepeatReversed", "root ::= \"x\"{5,2}");
        Add("RepeatEmptyBraces", "root ::= \"x\"{}");
        Add("RepeatComma", "root ::= \"x\"{,}");
        Add("RepeatUpperOnly", "root ::= \"x\"{,3}");
        Add("RepeatHugeNumber", "root ::= \"x\"{99999999999999999999}");
        Add("RepeatNegative", "root ::= \"x\"{-1}");
        Add("RepeatUnclosed", "root ::= \"x\"{3");
        Add("RepeatZero", "root ::= \"x\"{0}");
        Add("RepeatZeroZero", "root ::= \"x\"{0,0}");
        Add("AnyCharForever", "root ::= .*");
        Add("AnyCharPlus", "root ::= .+ \"slutt\"");
        foreach (int depth in new[] { 32, 63, 64, 65, 1000, 100_000 })
        {
            Add($"Nesting{depth}", "root ::= " + new string('(', depth) + "\"a\"" + new string(')', depth));
        }

        Add("NestingUnbalanced1000", "root ::= " + new string('(', 1000) + "\"a\"");
        foreach (int rules in new[] { 1000, 4095, 4096, 5000 })
        {
            Add($"RuleChain{rules}", "root ::= r0\n" + string.Concat(Enumerable.Range(0, rules - 1).Select(i => $"r{i} ::= \"x\" r{i + 1}\n")) + $"r{rules - 1} ::= \"y\"\n");
        }

        Add("LeftChain4000", "root ::= r0\n" + string.Concat(Enumerable.Range(0, 3999).Select(i => $"r{i} ::= r{i + 1} \"x\"\n")) + "r3999 ::= \"y\"\n");
        Add("Alternatives10000", "root ::= " + string.Join(" | ", Enumerable.Range(0, 10_000).Select(i => $"\"a{i}\"")));
        Add("SameAlternative10000", "root ::= " + string.Join(" | ", Enumerable.Repeat("\"a\"", 10_000)));
        Add("Sequence10000", "root ::= " + string.Join(" ", Enumerable.Repeat("\"a\"", 10_000)));
        Add("Literal100K", "root ::= \"" + new string('a', 100_000) + "\"");
        Add("LiteralMega", "root ::= \"" + new string('ø', 1 << 20) + "\"");
        Add("ClassMega", "root ::= [" + new string('a', 1 << 20) + "]");
        Add("RuleNameMega", new string('r', 1 << 20) + " ::= \"x\"\nroot ::= " + new string('r', 1 << 20));
        Add("CommentMega", "root ::= \"ja\" # " + new string('k', 1 << 20));
        Add("NewlinesOnly", new string('\n', 1 << 16));
        Add("ManyRoots", string.Concat(Enumerable.Repeat("root ::= \"ja\"\n", 1000)));
        Add("SpecialTokensInLiteral", "root ::= \"</s>\" | \"<s>\" | \"[INST]\" | \"<<SYS>>\"");
        Add("ControlCharacters", "root ::= \"\\x01\\x02\\x1b[31m\"");
        Add("NewlineForever", "root ::= \"\\n\"+");
        Add("SpaceForever", "root ::= \" \"+");
        Add("PowerShellSyntax", "root ::= \"$(Remove-Item /)\" | \"`n\"");
        Add("JsonSchemaGiven", "{\"type\":\"object\"}");
        Add("HostileText", "root ::= \"" + HostileText.SpecialTokens.Aggregate(new StringBuilder(), (b, t) => b.Append(t.Replace("\\", "\\\\").Replace("\"", "\\\""))) + "\"");
        return grammars;
    }

    /// <summary>One to four edits of a seed grammar, chosen by a generator seeded with the case number.</summary>
    private static (string Name, string Text) Mutate(int number)
    {
        var random = new Random((int)(((uint)number * 3266489917u) ^ 20261128u) & int.MaxValue);
        var (seedName, seedText) = Seeds[random.Next(Seeds.Length)];
        var text = new StringBuilder(seedText);
        var edits = new List<string>();
        int count = 1 + random.Next(4);
        string[] hostile =
        [
            "\"", "[", "]", "(", ")", "|", "*", "+", "?", "{", "}", "\\", ":", "=", "::=", "\n", "\0", "\uD800", "ø", "👍", "#",
            " ", "-", "^", ".", "0", "9", "{0,100000}", "{1999}", "\\x00", "\\uD800", "\\", "root", "root ::= root", "\r", "\t",
        ];
        for (int i = 0; i < count; i++)
        {
            int at = text.Length == 0 ? 0 : random.Next(text.Length);
            switch (random.Next(7))
            {
                case 0 when text.Length > 0:
                    edits.Add(TextEdits.Delete(text, random, at, most: 8));
                    break;
                case 1 when text.Length > 0:
                    edits.Add(TextEdits.Duplicate(text, random, at, longest: 16, many: 1000));
                    break;
                case 2:
                    edits.Add(TextEdits.InsertOneOf(text, random, at, hostile));
                    break;
                case 3 when text.Length > 1:
                    int other = random.Next(text.Length);
                    (text[at], text[other]) = (text[other], text[at]);
                    edits.Add($"swapped {at} and {other}");
                    break;
                case 4 when text.Length > 0:
                    edits.Add(TextEdits.Cut(text, at));
                    break;
                case 5:
                    int depth = random.Next(3) == 0 ? 100 : 1 + random.Next(8);
                    int close = at + random.Next(text.Length - at + 1);
                    text.Insert(close, new string(')', depth));
                    text.Insert(at, new string('(', depth));
                    edits.Add($"wrapped {at}..{close} in {depth} groups");
                    break;
                default:
                    string suffixes = random.Next(2) == 0 ? "{0,100000}" : "+*";
                    text.Insert(at, suffixes);
                    edits.Add($"inserted {suffixes} at {at}");
                    break;
            }
        }

        return ($"Mutated:{seedName} ({string.Join("; ", edits)})", text.ToString());
    }
}
