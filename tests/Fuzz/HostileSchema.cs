using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace NorwegianLlama.Fuzz;

/// <summary>
/// JSON Schemas for -JsonSchema: named hostile ones (deep nesting, huge enums, recursive and dangling $ref, odd
/// and unsupported types and keywords, giant and contradictory bounds, unicode and control-character keys, text
/// that is not JSON), then seeded mutations of valid schemas (characters deleted, duplicated, inserted, cut
/// short; bounds and types replaced). Case N is derived from N alone.
/// </summary>
public static class HostileSchema
{
    /// <summary>Valid schemas the mutations start from.</summary>
    public static readonly (string Name, string Text)[] Seeds =
    [
        ("Invoice", """{"type":"object","properties":{"dato":{"type":"string","minLength":10,"maxLength":10},"beløp":{"type":"number"},"avsender":{"type":"string","enum":["Telenor","Ruter","Bergen kommune"]}},"required":["dato","beløp","avsender"],"additionalProperties":false}"""),
        ("Answer", """{"type":"object","properties":{"svar":{"type":"boolean"},"grunn":{"type":"string","maxLength":40}},"required":["svar"]}"""),
        ("List", """{"type":"array","items":{"type":"integer"},"minItems":1,"maxItems":3}"""),
        ("AnyOf", """{"anyOf":[{"type":"null"},{"type":"string","enum":["ja","nei"]},{"type":"integer"}]}"""),
        ("Refs", """{"$defs":{"by":{"type":"string","enum":["Oslo","Trondheim","Tromsø"]}},"type":"object","properties":{"fra":{"$ref":"#/$defs/by"},"til":{"$ref":"#/$defs/by"}},"required":["fra","til"]}"""),
        ("Nested", """{"type":"object","properties":{"person":{"type":"object","properties":{"navn":{"type":"string"},"alder":{"type":["integer","null"]}},"required":["navn"]}},"required":["person"]}"""),
    ];

    private static readonly Lazy<IReadOnlyList<KeyValuePair<string, string>>> Named = new(BuildNamed);

    /// <summary>How many seeded mutations follow the named schemas.</summary>
    public const int MutationCount = 200;

    public static int Count => Named.Value.Count + MutationCount;

    public static string Name(int index) => index < Named.Value.Count ? Named.Value[index].Key : Mutate(index - Named.Value.Count).Name;

    public static string Text(int index) => index < Named.Value.Count ? Named.Value[index].Value : Mutate(index - Named.Value.Count).Text;

    private static IReadOnlyList<KeyValuePair<string, string>> BuildNamed()
    {
        var schemas = new List<KeyValuePair<string, string>>();
        void Add(string name, string text) => schemas.Add(new(name, text));

        foreach (var (name, text) in Seeds)
        {
            Add($"Valid:{name}", text);
        }

        foreach (int depth in new[] { 10, 30, 63, 64, 65, 100, 1000, 20_000 })
        {
            Add($"NestedObjects{depth}", Nest(depth, """{"type":"object","properties":{"a":""", """},"required":["a"]}""", """{"type":"string"}"""));
            Add($"NestedArrays{depth}", Nest(depth, """{"type":"array","items":""", ""","minItems":1}""", """{"type":"integer"}"""));
        }

        Add("NestedAnyOf200", Nest(200, """{"anyOf":[""", """,{"type":"null"}]}""", """{"type":"boolean"}"""));
        Add("BracketsOnly100000", new string('[', 100_000) + new string(']', 100_000));
        Add("Enum10000", "{\"enum\":[" + string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"\"verdi{i}\"")) + "]}");
        Add("Enum20000Numbers", "{\"enum\":[" + string.Join(",", Enumerable.Range(0, 20_000)) + "]}");
        Add("EnumMegaString", "{\"enum\":[\"" + new string('ø', 1 << 20) + "\"]}");
        Add("EnumEmpty", """{"enum":[]}""");
        Add("EnumNotArray", """{"enum":"ja"}""");
        Add("EnumMixed", """{"enum":["ja",1,null,true,{"a":[1,{"b":null}]},[],1e308,-0.0,"\u0000","\ud800","æøå 👍"]}""");
        Add("EnumDuplicates", """{"enum":["ja","ja","ja"]}""");
        Add("ConstNul", """{"const":"\u0000"}""");
        Add("ConstLoneSurrogate", """{"const":"\ud800"}""");
        Add("ConstEmoji", """{"const":"👍🇳🇴"}""");
        Add("ConstDeep", "{\"const\":" + new string('[', 500) + new string(']', 500) + "}");
        Add("RefSelf", """{"$ref":"#"}""");
        Add("RefSelfDef", """{"$defs":{"a":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"}""");
        Add("RefMutual", """{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"}""");
        Add("RefRequiredForever", """{"type":"object","properties":{"neste":{"$ref":"#"}},"required":["neste"]}""");
        Add("RefOptionalTree", """{"type":"object","properties":{"navn":{"type":"string","maxLength":5},"barn":{"type":"array","items":{"$ref":"#"},"maxItems":2}},"required":["navn"]}""");
        Add("RefArrayForever", """{"type":"array","items":{"$ref":"#"},"minItems":1}""");
        Add("RefAnyOfSelf", """{"anyOf":[{"$ref":"#"},{"type":"null"}]}""");
        Add("RefMissingDef", """{"$ref":"#/$defs/finnes-ikke"}""");
        Add("RefMissingDefinitions", """{"definitions":{"a":{"type":"string"}},"$ref":"#/definitions/b"}""");
        Add("RefRemote", """{"$ref":"https://example.com/schema.json"}""");
        Add("RefFile", """{"$ref":"file:///etc/passwd"}""");
        Add("RefEmpty", """{"$ref":""}""");
        Add("RefNotString", """{"$ref":5}""");
        Add("RefBadEscape", """{"$defs":{"a~b":{"type":"null"}},"$ref":"#/$defs/a~2b"}""");
        Add("RefPercent", """{"$defs":{"a b":{"type":"null"}},"$ref":"#/$defs/a%20b"}""");
        Add("RefBadPercent", """{"$ref":"#/$defs/%ZZ"}""");
        Add("RefIntoArray", """{"anyOf":[{"type":"null"}],"$ref":"#/anyOf/0"}""");
        Add("RefIndexOutOfRange", """{"anyOf":[{"type":"null"}],"$ref":"#/anyOf/99999999999999999999"}""");
        Add("RefToNonSchema", """{"$defs":{"a":5},"$ref":"#/$defs/a"}""");
        Add("RefChain5000", "{\"$defs\":{" + string.Join(",", Enumerable.Range(0, 5000).Select(i => $"\"d{i}\":{{\"$ref\":\"#/$defs/d{i + 1}\"}}")) + ",\"d5000\":{\"type\":\"null\"}},\"$ref\":\"#/$defs/d0\"}");
        Add("TypeMisspelt", """{"type":"strin"}""");
        Add("TypeNumber", """{"type":5}""");
        Add("TypeNull", """{"type":null}""");
        Add("TypeEmptyList", """{"type":[]}""");
        Add("TypeObjectValue", """{"type":{}}""");
        Add("TypeEveryOne", """{"type":["string","number","integer","boolean","null","array","object"]}""");
        Add("TypeDuplicates", """{"type":["string","string"]}""");
        Add("NoType", "{}");
        Add("TrueSchema", "true");
        Add("FalseSchema", "false");
        Add("FalseProperty", """{"type":"object","properties":{"a":false},"required":["a"]}""");
        Add("Format", """{"type":"string","format":"date-time"}""");
        Add("Pattern", """{"type":"string","pattern":"^[0-9]{4}$"}""");
        Add("OneOf", """{"oneOf":[{"type":"string"},{"type":"integer"}]}""");
        Add("AllOf", """{"allOf":[{"type":"string"}]}""");
        Add("Not", """{"not":{"type":"null"}}""");
        Add("IfThen", """{"if":{"type":"string"},"then":{"maxLength":3}}""");
        Add("PatternProperties", """{"type":"object","patternProperties":{"^a":{"type":"null"}}}""");
        Add("AdditionalPropertiesSchema", """{"type":"object","additionalProperties":{"type":"string"}}""");
        Add("AdditionalPropertiesTrue", """{"type":"object","additionalProperties":true}""");
        Add("MinimumMaximum", """{"type":"integer","minimum":1,"maximum":5}""");
        Add("Unknown", """{"type":"string","x-norsk":"hei"}""");
        Add("MinLengthOverMax", """{"type":"string","minLength":10,"maxLength":2}""");
        Add("MinItemsOverMax", """{"type":"array","items":{"type":"null"},"minItems":5,"maxItems":1}""");
        Add("MaxLength1000", """{"type":"string","maxLength":1000}""");
        Add("MinLength1000", """{"type":"string","minLength":1000}""");
        Add("MaxLength100000", """{"type":"string","maxLength":100000}""");
        Add("MinLength2000", """{"type":"string","minLength":2000}""");
        Add("MaxItems100000", """{"type":"array","items":{"type":"integer"},"maxItems":100000}""");
        Add("MinItems1999", """{"type":"array","items":{"type":"null"},"minItems":1999}""");
        Add("NestedCounts", """{"type":"array","items":{"type":"array","items":{"type":"string","maxLength":1000},"maxItems":1000},"maxItems":1000}""");
        Add("MaxLengthHuge", """{"type":"string","maxLength":99999999999999999999999}""");
        Add("MaxLength1e400", """{"type":"string","maxLength":1e400}""");
        Add("MinLengthNegative", """{"type":"string","minLength":-1}""");
        Add("MaxLengthFraction", """{"type":"string","maxLength":2.5}""");
        Add("MaxLengthString", """{"type":"string","maxLength":"5"}""");
        Add("MaxLengthNull", """{"type":"string","maxLength":null}""");
        Add("MaxItemsIntMax", """{"type":"array","maxItems":2147483648}""");
        Add("GiantNumbersInEnum", """{"enum":[1e308,-1e308,123456789012345678901234567890]}""");
        Add("Properties1000", "{\"type\":\"object\",\"properties\":{" + string.Join(",", Enumerable.Range(0, 1000).Select(i => $"\"p{i}\":{{\"type\":\"integer\"}}")) + "},\"required\":[" + string.Join(",", Enumerable.Range(0, 1000).Select(i => $"\"p{i}\"")) + "]}");
        Add("RequiredMissingProperty", """{"type":"object","properties":{"a":{"type":"null"}},"required":["b"]}""");
        Add("RequiredNotArray", """{"type":"object","properties":{"a":{"type":"null"}},"required":"a"}""");
        Add("RequiredDuplicates", """{"type":"object","properties":{"a":{"type":"null"}},"required":["a","a"]}""");
        Add("PropertiesNotObject", """{"type":"object","properties":[1,2]}""");
        Add("DuplicateKeys", """{"type":"object","properties":{"a":{"type":"null"},"a":{"type":"string"}},"required":["a"]}""");
        Add("UnicodeKeys", """{"type":"object","properties":{"æøå":{"type":"null"},"👍":{"type":"boolean"},"ÆØÅ \"sitat\"":{"type":"integer"},"":{"type":"null"}},"required":["æøå","👍","ÆØÅ \"sitat\"",""]}""");
        Add("ControlKeys", """{"type":"object","properties":{"\u0000":{"type":"null"},"\n\r\t":{"type":"null"},"\\":{"type":"null"},"\u001b[31m":{"type":"null"}},"required":["\u0000","\n\r\t","\\","\u001b[31m"]}""");
        Add("LoneSurrogateKey", """{"type":"object","properties":{"\ud800":{"type":"null"},"\udc00\ud800":{"type":"null"}},"required":["\ud800"]}""");
        Add("KeyMega", "{\"type\":\"object\",\"properties\":{\"" + new string('k', 1 << 20) + "\":{\"type\":\"null\"}},\"required\":[\"" + new string('k', 1 << 20) + "\"]}");
        Add("SpecialTokenKeys", "{\"type\":\"object\",\"properties\":{" + string.Join(",", HostileText.SpecialTokens.Select(t => $"\"{t}\":{{\"const\":\"{t}\"}}")) + "}}");
        Add("NotJsonEmpty", "");
        Add("NotJsonSpace", "   ");
        Add("NotJsonOpen", "{");
        Add("NotJsonProse", "et skjema for en faktura");
        Add("NotJsonSingleQuotes", "{'type':'string'}");
        Add("NotJsonTrailingComma", """{"type":"string",}""");
        Add("NotJsonComment", """{"type":"string" /* kommentar */}""");
        Add("NotJsonNul", "{\"type\":\"string\"}\0");
        Add("NotJsonRawLoneSurrogate", "{\"type\":\"str\uD800ing\"}");
        Add("NotJsonTwoDocuments", """{"type":"null"}{"type":"null"}""");
        Add("NotJsonNaN", """{"enum":[NaN]}""");
        Add("ByteOrderMark", "\uFEFF{\"type\":\"null\"}");
        Add("JsonNull", "null");
        Add("JsonArray", """[{"type":"string"}]""");
        Add("JsonNumber", "42");
        Add("JsonString", "\"string\"");
        Add("GbnfGiven", "root ::= \"ja\" | \"nei\"");
        return schemas;
    }

    private static string Nest(int depth, string open, string close, string inner)
    {
        var text = new StringBuilder(depth * (open.Length + close.Length) + inner.Length);
        for (int i = 0; i < depth; i++)
        {
            text.Append(open);
        }

        text.Append(inner);
        for (int i = 0; i < depth; i++)
        {
            text.Append(close);
        }

        return text.ToString();
    }

    /// <summary>One to four edits of a seed schema, chosen by a generator seeded with the case number.</summary>
    private static (string Name, string Text) Mutate(int number)
    {
        var random = new Random((int)(((uint)number * 668265263u) ^ 20261129u) & int.MaxValue);
        var (seedName, seedText) = Seeds[random.Next(Seeds.Length)];
        var text = new StringBuilder(seedText);
        var edits = new List<string>();
        int count = 1 + random.Next(4);
        string[] hostile =
        [
            "\"", "{", "}", "[", "]", ",", ":", "\\", "\\u0000", "\\ud800", "\0", "\uD800", "ø", "👍", " ", "null", "-1",
            "1e400", "99999999999999999999", "\"$ref\":\"#\",", "\"type\":\"strin\",", "\"oneOf\":[],", "\"minLength\":1000,",
        ];
        string[] replacements = ["\"maxLength\":1000", "\"minLength\":1000000", "\"maxItems\":100000", "\"type\":[]", "\"$ref\":\"#\"", "\"enum\":[]", "\"required\":[\"x\"]"];
        for (int i = 0; i < count; i++)
        {
            int at = text.Length == 0 ? 0 : random.Next(text.Length);
            switch (random.Next(6))
            {
                case 0 when text.Length > 0:
                    edits.Add(TextEdits.Delete(text, random, at, most: 6));
                    break;
                case 1 when text.Length > 0:
                    edits.Add(TextEdits.Duplicate(text, random, at, longest: 24, many: 500));
                    break;
                case 2:
                    edits.Add(TextEdits.InsertOneOf(text, random, at, hostile));
                    break;
                case 3 when text.Length > 0:
                    edits.Add(TextEdits.Cut(text, at));
                    break;
                default:
                    // A keyword that parses: right after an object's opening brace.
                    int brace = text.ToString().IndexOf('{', at);
                    string keyword = replacements[random.Next(replacements.Length)];
                    if (brace < 0)
                    {
                        text.Insert(0, "{" + keyword + ",\"x\":");
                        text.Append('}');
                        edits.Add($"wrapped with {keyword}");
                    }
                    else
                    {
                        text.Insert(brace + 1, keyword + ",");
                        edits.Add($"added {keyword} at {brace + 1}");
                    }

                    break;
            }
        }

        return ($"Mutated:{seedName} ({string.Join("; ", edits)})", text.ToString());
    }
}
