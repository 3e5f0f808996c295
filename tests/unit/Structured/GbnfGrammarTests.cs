using System.Collections.Generic;
using System.Linq;
using NorwegianLlama.Structured;
using Xunit;

namespace NorwegianLlama.Tests.Structured;

public sealed class GbnfGrammarTests(LlamaGrammarFixture llama) : IClassFixture<LlamaGrammarFixture>
{
    /// <summary>Grammars in llama.cpp's dialect, the way its own examples write them.</summary>
    public static readonly TheoryData<string> GoodGrammars = new()
    {
        "root ::= \"ja\" | \"nei\"",

        // llama.cpp's grammars/json.gbnf layout: newlines inside parentheses and after '|', comments, an empty alternative.
        "root   ::= object\n"
            + "value  ::= object | array | string | number | (\"true\" | \"false\" | \"null\") ws\n"
            + "\n"
            + "object ::=\n"
            + "  \"{\" ws (\n"
            + "            string \":\" ws value\n"
            + "    (\",\" ws string \":\" ws value)*\n"
            + "  )? \"}\" ws\n"
            + "\n"
            + "array  ::=\n"
            + "  \"[\" ws (\n"
            + "            value\n"
            + "    (\",\" ws value)*\n"
            + "  )? \"]\" ws\n"
            + "\n"
            + "string ::=\n"
            + "  \"\\\"\" (\n"
            + "    [^\"\\\\\\x7F\\x00-\\x1F] |\n"
            + "    \"\\\\\" ([\"\\\\bfnrt] | \"u\" [0-9a-fA-F]{4}) # escapes\n"
            + "  )* \"\\\"\" ws\n"
            + "\n"
            + "number ::= (\"-\"? ([0-9] | [1-9] [0-9]{0,15})) (\".\" [0-9]+)? ([eE] [-+]? [0-9] [1-9]{0,15})? ws\n"
            + "\n"
            + "# Optional space\n"
            + "ws ::= | \" \" | \"\\n\" [ \\t]{0,20}\n",
        "root ::= \"\\x41\\u00e6\\U0001F600\\t\\n\\r\\\\\\\"\\[\\]\" [\\[\\]a-z-] [^\\x00-\\x1f] . \"æøå😀\"",
        "root ::= \"a\"{2} \"b\"{1,} \"c\"{0,3} (\"d\" | \"e\")+ \"f\"* \"g\"? \"h\"{ 2 , 4 } \"i\"{3}{2}",
        "# leading comment\r\n\r\nroot ::= x-1 | \"b\" # trailing\r\nx-1 ::= \"1\"\r\n",
        "root ::= \"a\" | ",
        "root ::= \"\"",
        "root ::= \"a\" root | \"b\"",
        "root ::= opt \"x\"\nopt ::= \"o\"?",
        "root ::= \"(\" (\n  \"a\"\n  | \"b\"\n) \")\"",

        // llama.cpp's repetition limit multiplies along one item only (45 x 44 < 2000), not across a sequence.
        "root ::= \"a\"{45}{44} \"b\"{45} (\"c\"{45}){45}",
        "root ::= (\"a\"{0,30}){0,60}",
    };

    [Theory]
    [MemberData(nameof(GoodGrammars))]
    public void GoodGrammarsParseHereAndInLlamaCpp(string text)
    {
        GbnfGrammar grammar = GbnfGrammar.Parse(text);
        Assert.Equal("root", grammar.Root.Name);
        Assert.True(llama.LlamaAccepts(text), "llama.cpp rejected a grammar our parser accepted");
    }

    [Fact]
    public void JaNeiGrammarSaysOnlyJaOrNei()
    {
        GbnfGrammar grammar = GbnfGrammar.Parse("root ::= \"ja\" | \"nei\"");
        var sampler = new GbnfSampler(grammar, seed: 7);
        HashSet<string> answers = Enumerable.Range(0, 50).Select(_ => sampler.Next()).ToHashSet();
        Assert.Equal(new HashSet<string> { "ja", "nei" }, answers);
    }

    [Fact]
    public void TreeKeepsTheGrammarsShape()
    {
        GbnfGrammar grammar = GbnfGrammar.Parse("root ::= \"hei\" [a-cæ] name{1,3}\nname ::= [^\"]");
        GbnfSequence sequence = Assert.Single(grammar.Root.Body.Alternatives);
        Assert.Equal("hei", string.Concat(Assert.IsType<GbnfLiteral>(sequence.Items[0]).CodePoints.Select(char.ConvertFromUtf32)));
        GbnfCharClass letters = Assert.IsType<GbnfCharClass>(sequence.Items[1]);
        Assert.Equal(new[] { new GbnfCharRange('a', 'c'), new GbnfCharRange('æ', 'æ') }, letters.Ranges);
        GbnfRepetition repetition = Assert.IsType<GbnfRepetition>(sequence.Items[2]);
        Assert.Equal((1, (int?)3), (repetition.Min, repetition.Max));
        Assert.Equal("name", Assert.IsType<GbnfRuleReference>(repetition.Item).Name);
        Assert.True(Assert.IsType<GbnfCharClass>(grammar["name"].Body.Alternatives[0].Items[0]).Negated);
    }

    /// <summary>Bad grammars, where the error points, and what it says. All of these are safe to hand to
    /// llama.cpp (none of them crashes or hangs it), so each also checks what llama.cpp makes of it.</summary>
    public static readonly TheoryData<string, string, int, int, string, bool> BadGrammars = new()
    {
        // text, kind, line, column, part of the message, whether llama.cpp accepts it anyway
        { "root ::= \"ja\" | nei", nameof(GbnfErrorKind.UndefinedRule), 1, 17, "'nei' is used but never defined", false },
        { "rot ::= \"a\"", nameof(GbnfErrorKind.MissingRoot), 1, 1, "no 'root' rule", false },
        { "root ::= root \"a\" | \"b\"", nameof(GbnfErrorKind.LeftRecursion), 1, 1, "root -> root", false },
        { "root ::= a\na ::= b? \"x\"\nb ::= a", nameof(GbnfErrorKind.LeftRecursion), 2, 1, "a -> b -> a", false },
        { "root ::= \"a\"\n  | \"b\"", nameof(GbnfErrorKind.Syntax), 2, 3, "cannot start with '|'", false },
        { "root ::= \"a\"{2000}", nameof(GbnfErrorKind.Limit), 1, 14, "2000", false },
        { "root ::= \"a\"{40}{50}", nameof(GbnfErrorKind.Limit), 1, 17, "2000 rules", false },
        // A repetition of a group copies every rule made inside it (found by the fuzzer: llama.cpp refused
        // these after our parser passed them, and LLamaSharp then crashed on the null grammar).
        { "root ::= (\"a\"{0,50}){0,50}", nameof(GbnfErrorKind.Limit), 1, 21, "2550 rules", false },
        { "root ::= (x y){0,999}\nx ::= \"a\"\ny ::= \"b\"", nameof(GbnfErrorKind.Limit), 1, 15, "2997 rules", false },
        { "root ::= \"abc", nameof(GbnfErrorKind.Syntax), 1, 10, "never closed", false },
        { "root ::= [a-", nameof(GbnfErrorKind.Syntax), 1, 10, "never closed", false },
        { "root ::= \"\\q\"", nameof(GbnfErrorKind.Syntax), 1, 11, "unknown escape '\\q'", false },
        { "root ::= \"\\x4\"", nameof(GbnfErrorKind.Syntax), 1, 11, "2 hex digits", false },
        { "root ::= a_b\na_b ::= \"x\"", nameof(GbnfErrorKind.Syntax), 1, 11, "unexpected '_'", false },
        { "root ::= *\"a\"", nameof(GbnfErrorKind.Syntax), 1, 10, "nothing before it to repeat", false },
        { "root ::= \"a\" \"\"*", nameof(GbnfErrorKind.Syntax), 1, 16, "nothing before it to repeat", false },
        { "root ::= (\"a\" \"b\"", nameof(GbnfErrorKind.Syntax), 1, 18, "expected ')'", false },
        { "root := \"a\"", nameof(GbnfErrorKind.Syntax), 1, 6, "expected '::='", false },
        { "root ::= \"a\"{,2}", nameof(GbnfErrorKind.Syntax), 1, 14, "expected a number", false },
        { "root ::= \"a\" )", nameof(GbnfErrorKind.Syntax), 1, 14, "no group is open", false },

        // Stricter than llama.cpp on purpose: it accepts these but they mean something odd or never end.
        // (An empty grammar gives a sampler that constrains nothing.)
        { "", nameof(GbnfErrorKind.MissingRoot), 1, 1, "empty", true },
        { "root ::= x\nx ::= \"a\"\nx ::= \"b\"", nameof(GbnfErrorKind.DuplicateRule), 3, 1, "defined twice", true },
        { "root ::= []", nameof(GbnfErrorKind.Syntax), 1, 10, "empty character class", true },
        { "root ::= [z-a]", nameof(GbnfErrorKind.Syntax), 1, 12, "ends before it starts", true },
        { "root ::= \"a\nb\"", nameof(GbnfErrorKind.Syntax), 1, 12, "past the end of the line", true },
        { "root ::= node\nnode ::= \"(\" node \")\"", nameof(GbnfErrorKind.NeverEnds), 1, 1, "can never finish", true },
        { "root ::= (\"a\"?)*", nameof(GbnfErrorKind.EmptyRepetition), 1, 16, "can match empty text", true },
        { "root ::= x*\nx ::= y y\ny ::= \"\"", nameof(GbnfErrorKind.EmptyRepetition), 1, 11, "can match empty text", true },
        { "root ::= \"a\"\0 junk", nameof(GbnfErrorKind.Syntax), 1, 13, "NUL", true },
    };

    [Theory]
    [MemberData(nameof(BadGrammars))]
    public void BadGrammarsAreRejectedWithWhereAndWhy(string text, string kind, int line, int column, string reason, bool llamaAcceptsIt)
    {
        GbnfSyntaxException error = Assert.Throws<GbnfSyntaxException>(() => GbnfGrammar.Parse(text));
        Assert.Equal(kind, error.Kind.ToString());
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(reason, error.Message);
        Assert.Contains($"(line {line}, column {column})", error.Message);
        Assert.Equal(llamaAcceptsIt, llama.LlamaAccepts(text));
    }

    /// <summary>llama.cpp 0.30.0 accepts "a"{3,1} and then expands helper rules until the process is killed,
    /// so this one never goes to native code, not even in a test.</summary>
    [Fact]
    public void RepetitionWithUpperBoundBelowLowerIsRejected()
    {
        GbnfSyntaxException error = Assert.Throws<GbnfSyntaxException>(() => GbnfGrammar.Parse("root ::= \"a\"{3,1}"));
        Assert.Equal((GbnfErrorKind.Syntax, 1, 13), (error.Kind, error.Line, error.Column));
        Assert.Contains("upper bound below its lower bound", error.Message);
    }

    /// <summary>
    /// Seeded mutations of valid grammars (characters deleted, doubled or inserted): whatever our parser
    /// accepts, llama.cpp must accept too, because the lead hands exactly those to native code. (The other
    /// way round is allowed: we are stricter on purpose.)
    /// </summary>
    [Fact]
    public void WhatWeAcceptLlamaCppAcceptsUnderMutation()
    {
        const string alphabet = "\"()[]|*+?{},.-\\#\n ^:=ab0xu_\t\r";
        var random = new System.Random(2024);
        string[] bases = GoodGrammars.Cast<object[]>().Select(row => (string)row[0])
            .Concat(JsonSchemaGrammarTests.Schemas.Select(row => JsonSchemaGrammar.ToGbnf((string)row[1])).Take(12))
            .ToArray();
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 3000; i++)
        {
            var text = new System.Text.StringBuilder(bases[random.Next(bases.Length)]);
            for (int edits = random.Next(1, 3); edits > 0 && text.Length > 0; edits--)
            {
                int at = random.Next(text.Length);
                switch (random.Next(3))
                {
                    case 0:
                        text.Remove(at, 1);
                        break;
                    case 1:
                        text.Insert(at, text[at]);
                        break;
                    default:
                        text.Insert(at, alphabet[random.Next(alphabet.Length)]);
                        break;
                }
            }

            string mutated = text.ToString();
            try
            {
                GbnfGrammar.Parse(mutated);
            }
            catch (GbnfSyntaxException)
            {
                rejected++;
                continue;
            }

            accepted++;
            Assert.True(llama.LlamaAccepts(mutated), $"llama.cpp rejects a grammar our parser accepts:\n{mutated}");
        }

        // Both outcomes must be common, or the test proves little.
        Assert.True(accepted > 300 && rejected > 300, $"accepted {accepted}, rejected {rejected}");
    }

    [Fact]
    public void AlternativesAreBoundedOverTheWholeGrammar()
    {
        static string Choice(string name, int alternatives) => $"{name} ::= " + string.Join(" | ", Enumerable.Range(0, alternatives).Select(i => $"\"{name}{i}\""));

        GbnfGrammar.Parse(Choice("root", GbnfParser.MaxAlternatives + 1));
        GbnfSyntaxException one = Assert.Throws<GbnfSyntaxException>(() => GbnfGrammar.Parse(Choice("root", GbnfParser.MaxAlternatives + 2)));
        Assert.Equal(GbnfErrorKind.TooLarge, one.Kind);

        int half = GbnfParser.MaxAlternatives / 2 + 2;
        GbnfSyntaxException spread = Assert.Throws<GbnfSyntaxException>(() => GbnfGrammar.Parse($"root ::= a b\n{Choice("a", half)}\n{Choice("b", half)}"));
        Assert.Equal(GbnfErrorKind.TooLarge, spread.Kind);
    }

    /// <summary>Limits that keep a hostile grammar from overflowing a stack (ours or llama.cpp's, which recurse).</summary>
    [Fact]
    public void NestingAndSizeAreBounded()
    {
        string deep = "root ::= " + new string('(', 65) + "\"a\"" + new string(')', 65);
        Assert.Equal(GbnfErrorKind.Limit, Assert.Throws<GbnfSyntaxException>(() => GbnfGrammar.Parse(deep)).Kind);
        GbnfGrammar.Parse("root ::= " + new string('(', 64) + "\"a\"" + new string(')', 64));

        Assert.Equal(GbnfErrorKind.Limit, Assert.Throws<GbnfSyntaxException>(() => GbnfGrammar.Parse("root ::= \"a\"?????????")).Kind);

        string chain = "root ::= r1\n" + string.Join("\n", Enumerable.Range(1, 4094).Select(i => $"r{i} ::= r{i + 1} \"x\" | \"y\"")) + "\nr4095 ::= \"z\"";
        Assert.Equal(4096, GbnfGrammar.Parse(chain).Rules.Count);
        Assert.Equal(GbnfErrorKind.Limit, Assert.Throws<GbnfSyntaxException>(() => GbnfGrammar.Parse(chain + "\nextra ::= \"e\"")).Kind);
    }

    [Fact]
    public void LongLeftReferenceChainsAreCheckedWithoutRecursion()
    {
        string cycle = "root ::= r1\n" + string.Join("\n", Enumerable.Range(1, 4000).Select(i => $"r{i} ::= r{i + 1} \"x\"")) + "\nr4001 ::= r1 | \"z\"";
        GbnfSyntaxException error = Assert.Throws<GbnfSyntaxException>(() => GbnfGrammar.Parse(cycle));
        Assert.Equal(GbnfErrorKind.LeftRecursion, error.Kind);
    }
}
