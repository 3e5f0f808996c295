using System.Collections.Generic;

namespace NorwegianLlama.Structured;

/// <summary>The shared GBNF rules for JSON scalars, in the order they are written after the schema's own rules.</summary>
internal static class JsonGrammarRules
{
    public static readonly IReadOnlyList<(string Name, string Body, string[] Uses)> All = new[]
    {
        ("sp", "\" \"?", new string[0]),
        ("string", "\"\\\"\" char* \"\\\"\"", new[] { "char" }),

        // One JSON string character: anything but '"', '\' and controls, or an escape. \u escapes
        // exclude surrogates so every answer decodes to valid Unicode.
        ("char", "[^\"\\\\\\x00-\\x1F] | \"\\\\\" ([\"\\\\/bfnrt] | \"u\" hex4)", new[] { "hex4" }),
        ("hex4", "[0-9a-cA-Ce-fE-F] [0-9a-fA-F]{3} | [dD] [0-7] [0-9a-fA-F]{2}", new string[0]),
        ("integer", "\"-\"? (\"0\" | [1-9] [0-9]{0,15})", new string[0]),
        ("number", "\"-\"? (\"0\" | [1-9] [0-9]{0,15}) (\".\" [0-9]{1,15})?", new string[0]),
        ("boolean", "\"true\" | \"false\"", new string[0]),
        ("null", "\"null\"", new string[0]),
    };
}
