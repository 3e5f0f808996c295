using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using NorwegianLlama.Structured;
using Xunit;

namespace NorwegianLlama.Tests.Structured;

public sealed class JsonSchemaGrammarTests(LlamaGrammarFixture llama) : IClassFixture<LlamaGrammarFixture>
{
    private const int SamplesPerSchema = 60;

    private const string Invoice = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "Faktura",
          "type": "object",
          "properties": {
            "dato": { "type": "string", "minLength": 10, "maxLength": 10, "description": "ÅÅÅÅ-MM-DD" },
            "beløp": { "type": "number" },
            "avsender": { "type": "string", "maxLength": 40 },
            "valuta": { "enum": ["NOK", "EUR", "SEK"] },
            "betalt": { "type": "boolean" }
          },
          "required": ["dato", "beløp", "avsender"],
          "additionalProperties": false
        }
        """;

    /// <summary>One schema per supported keyword or combination; every one must give a grammar that our
    /// parser and llama.cpp accept and whose sentences validate.</summary>
    public static readonly TheoryData<string, string> Schemas = new()
    {
        { "string", """{"type":"string"}""" },
        { "string with minLength and maxLength", """{"type":"string","minLength":2,"maxLength":5}""" },
        { "string of exact length", """{"type":"string","minLength":3,"maxLength":3}""" },
        { "string with only minLength", """{"type":"string","minLength":1}""" },
        { "empty string only", """{"type":"string","maxLength":0}""" },
        { "integer", """{"type":"integer"}""" },
        { "number", """{"type":"number"}""" },
        { "boolean", """{"type":"boolean"}""" },
        { "null", """{"type":"null"}""" },
        { "type list string or null", """{"type":["string","null"],"maxLength":4}""" },
        { "type list of scalars", """{"type":["integer","number","boolean"]}""" },
        { "enum with Norwegian and escapes", """{"enum":["blåbær","Ærlig \"sitat\"","back\\slash","linje\nto","tab\tx","😀 smil"]}""" },
        { "enum filtered by type", """{"type":"string","enum":["ja","nei",1,null]}""" },
        { "enum of any JSON values", """{"enum":[1,2.50,-3e2,true,null,"x",[1,"ø"],{"k":"v","n":[]}]}""" },
        { "const string", """{"const":"fast verdi"}""" },
        { "const object", """{"const":{"navn":"Ås","tall":[1,2]}}""" },
        { "object with all required", Invoice.Replace("\"required\": [\"dato\", \"beløp\", \"avsender\"]", "\"required\": [\"dato\", \"beløp\", \"avsender\", \"valuta\", \"betalt\"]") },
        { "invoice", Invoice },
        { "object with all optional", """{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"boolean"},"c":{"type":"null"}}}""" },
        { "object with optional and required interleaved", """{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"boolean"},"c":{"type":"null"},"d":{"type":"string","maxLength":2},"e":{"type":"integer"}},"required":["b","d"]}""" },
        { "object without properties", """{"type":"object"}""" },
        { "object with Norwegian and quoted property names", """{"type":"object","properties":{"fødselsår":{"type":"integer"},"\"sitert\" navn":{"type":"string","maxLength":3},"a/b~c":{"type":"boolean"}},"required":["fødselsår"]}""" },
        { "array", """{"type":"array","items":{"type":"integer"}}""" },
        { "array with minItems and maxItems", """{"type":"array","items":{"type":"string","maxLength":3},"minItems":1,"maxItems":3}""" },
        { "array with only minItems", """{"type":"array","items":{"type":"boolean"},"minItems":2}""" },
        { "array with only maxItems", """{"type":"array","items":{"type":"null"},"maxItems":2}""" },
        { "array with exactly one item", """{"type":"array","items":{"type":"integer"},"minItems":1,"maxItems":1}""" },
        { "empty array only", """{"type":"array","maxItems":0}""" },
        {
            "nested objects and arrays",
            """
            {"type":"object","properties":{
              "kunde":{"type":"object","properties":{"navn":{"type":"string","maxLength":8},"adresse":{"type":"object","properties":{"gate":{"type":"string","maxLength":8},"postnummer":{"type":"string","minLength":4,"maxLength":4}},"required":["postnummer"]}},"required":["navn","adresse"]},
              "linjer":{"type":"array","maxItems":3,"items":{"type":"object","properties":{"tekst":{"type":"string","maxLength":6},"antall":{"type":"integer"},"pris":{"type":"number"}},"required":["tekst","pris"]}}
            },"required":["kunde","linjer"],"additionalProperties":false}
            """
        },
        { "anyOf", """{"anyOf":[{"type":"integer"},{"type":"string","maxLength":2},{"type":"object","properties":{"x":{"type":"boolean"}},"required":["x"]}]}""" },
        {
            "$defs and $ref",
            """
            {"$defs":{"adresse":{"type":"object","properties":{"gate":{"type":"string","maxLength":6},"by":{"enum":["Oslo","Tromsø","Ålesund"]}},"required":["by"]}},
             "type":"object","properties":{"hjem":{"$ref":"#/$defs/adresse"},"jobb":{"$ref":"#/$defs/adresse"}},"required":["hjem"]}
            """
        },
        {
            "definitions and $ref (draft-07)",
            """
            {"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"beløp":{"type":"number"}},
             "type":"array","items":{"$ref":"#/definitions/bel%C3%B8p"},"maxItems":4}
            """
        },
        {
            "recursive $ref (a tree)",
            """
            {"$defs":{"node":{"type":"object","properties":{"navn":{"type":"string","maxLength":5},"barn":{"type":"array","items":{"$ref":"#/$defs/node"},"maxItems":3}},"required":["navn","barn"]}},
             "$ref":"#/$defs/node"}
            """
        },
        { "recursive $ref to the root", """{"type":"object","properties":{"verdi":{"type":"integer"},"neste":{"anyOf":[{"$ref":"#"},{"type":"null"}]}},"required":["verdi","neste"]}""" },
        { "annotations are ignored", """{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://example.com/x","title":"T","description":"D","examples":["a"],"default":"b","$comment":"c","type":"string","maxLength":3}""" },
    };

    [Theory]
    [MemberData(nameof(Schemas))]
    public void GrammarParsesHereAndInLlamaCppAndEverySentenceValidates(string name, string schemaJson)
    {
        string gbnf = JsonSchemaGrammar.ToGbnf(schemaJson);
        GbnfGrammar grammar = GbnfGrammar.Parse(gbnf);
        Assert.True(llama.LlamaAccepts(gbnf), $"llama.cpp rejected the grammar for '{name}':\n{gbnf}");

        using JsonDocument schema = JsonDocument.Parse(schemaJson);
        var sampler = new GbnfSampler(grammar, seed: name.Length * 7919);
        for (int i = 0; i < SamplesPerSchema; i++)
        {
            string answer = sampler.Next();
            JsonDocument instance;
            try
            {
                instance = JsonDocument.Parse(answer);
            }
            catch (JsonException e)
            {
                Assert.Fail($"'{name}' sample {i} is not JSON ({e.Message}): {answer}\n{gbnf}");
                throw;
            }

            using (instance)
            {
                List<string> errors = JsonSchemaValidator.Validate(schema.RootElement, instance.RootElement);
                Assert.True(errors.Count == 0, $"'{name}' sample {i} is invalid: {string.Join("; ", errors)}\n{answer}\n{gbnf}");
            }
        }
    }

    [Fact]
    public void ThereAreAtLeastTwentySchemas() => Assert.True(Schemas.Count() >= 20);

    [Fact]
    public void NorwegianEnumValuesComeOutUnescapedAndQuotesEscaped()
    {
        string schemaJson = """{"enum":["blåbær","Ærlig \"sitat\"","linje\nto","Tromsø"]}""";
        string gbnf = JsonSchemaGrammar.ToGbnf(schemaJson);
        Assert.Contains("blåbær", gbnf);
        Assert.DoesNotContain("\\u00e5", gbnf, System.StringComparison.OrdinalIgnoreCase);

        var sampler = new GbnfSampler(GbnfGrammar.Parse(gbnf), seed: 1);
        HashSet<string> texts = Enumerable.Range(0, 60).Select(_ => sampler.Next()).ToHashSet();
        Assert.Equal(new HashSet<string> { "\"blåbær\"", "\"Ærlig \\\"sitat\\\"\"", "\"linje\\nto\"", "\"Tromsø\"" }, texts);
        Assert.Equal(
            new HashSet<string> { "blåbær", "Ærlig \"sitat\"", "linje\nto", "Tromsø" },
            texts.Select(t => JsonDocument.Parse(t).RootElement.GetString()!).ToHashSet());
    }

    [Fact]
    public void StringsCarryNorwegianLettersRawAndControlCharactersOnlyEscaped()
    {
        var sampler = new GbnfSampler(GbnfGrammar.Parse(JsonSchemaGrammar.ToGbnf("""{"type":"string"}""")), seed: 3);
        string[] answers = Enumerable.Range(0, 300).Select(_ => sampler.Next()).ToArray();
        Assert.Contains(answers, a => a.Contains('æ') || a.Contains('ø') || a.Contains('å'));
        Assert.Contains(answers, a => a.Contains("\\\""));
        Assert.All(answers, a => Assert.DoesNotContain(a, c => c < ' '));
        Assert.All(answers, a => JsonDocument.Parse(a).Dispose());
    }

    [Fact]
    public void PropertiesComeInSchemaOrderAndNoOthers()
    {
        var sampler = new GbnfSampler(GbnfGrammar.Parse(JsonSchemaGrammar.ToGbnf(Invoice.Replace("\"additionalProperties\": false", "\"description\": \"no additionalProperties\""))), seed: 5);
        string[] order = ["dato", "beløp", "avsender", "valuta", "betalt"];
        var seenOptional = new HashSet<string>();
        for (int i = 0; i < 100; i++)
        {
            using JsonDocument answer = JsonDocument.Parse(sampler.Next());
            string[] names = answer.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
            Assert.Equal(order.Where(names.Contains), names);
            Assert.Subset(new HashSet<string>(["dato", "beløp", "avsender"]), new HashSet<string>(names.Take(3)));
            seenOptional.UnionWith(names.Skip(3));
        }

        Assert.Equal(new HashSet<string> { "valuta", "betalt" }, seenOptional);
    }

    [Fact]
    public void WhitespaceIsAtMostOneSpaceAfterColonAndComma()
    {
        string schemaJson = """{"type":"object","properties":{"a":{"type":"array","items":{"type":"integer"}},"b":{"type":"object","properties":{"c":{"type":"boolean"},"d":{"type":"null"}},"required":["c","d"]}},"required":["a","b"]}""";
        var sampler = new GbnfSampler(GbnfGrammar.Parse(JsonSchemaGrammar.ToGbnf(schemaJson)), seed: 9);
        for (int i = 0; i < 100; i++)
        {
            string answer = sampler.Next();
            Assert.DoesNotContain("  ", answer);
            Assert.DoesNotMatch(@"[^:,] ", answer);
            Assert.DoesNotContain('\n', answer);
        }
    }

    [Fact]
    public void IntegersAndNumbersAreBoundedSoAnswersEnd()
    {
        string gbnf = JsonSchemaGrammar.ToGbnf("""{"type":"array","items":{"type":["integer","number"]},"maxItems":5}""");
        var sampler = new GbnfSampler(GbnfGrammar.Parse(gbnf), seed: 11);
        for (int i = 0; i < 100; i++)
        {
            using JsonDocument answer = JsonDocument.Parse(sampler.Next());
            Assert.All(answer.RootElement.EnumerateArray(), n => Assert.True(n.GetRawText().Length <= 1 + 16 + 1 + 15));
        }
    }

    public static readonly TheoryData<string, string> UnsupportedSchemas = new()
    {
        { """{"type":"string","pattern":"^[0-9]+$"}""", "pattern" },
        { """{"type":"string","format":"date"}""", "format" },
        { """{"type":"integer","minimum":0}""", "minimum" },
        { """{"type":"number","maximum":10}""", "maximum" },
        { """{"type":"number","exclusiveMinimum":0}""", "exclusiveMinimum" },
        { """{"type":"number","multipleOf":0.5}""", "multipleOf" },
        { """{"type":"array","items":{"type":"integer"},"uniqueItems":true}""", "uniqueItems" },
        { """{"type":"object","patternProperties":{"^x":{"type":"string"}}}""", "patternProperties" },
        { """{"type":"object","minProperties":1}""", "minProperties" },
        { """{"if":{"type":"string"},"then":{"maxLength":3}}""", "if" },
        { """{"not":{"type":"string"}}""", "not" },
        { """{"allOf":[{"type":"string"}]}""", "allOf" },
        { """{"oneOf":[{"type":"integer"},{"type":"number"}]}""", "oneOf" },
        { """{"type":"array","prefixItems":[{"type":"integer"}]}""", "prefixItems" },
        { """{"type":"array","items":{"type":"integer"},"contains":{"type":"integer"}}""", "contains" },
        { """{"type":"object","properties":{"a":{"type":"string"}},"requried":["a"]}""", "requried" },
        { """{"$ref":"https://example.com/other.json#/$defs/x"}""", "$ref" },
        { """{"$ref":"#/$defs/finnesIkke","$defs":{}}""", "$ref" },
        { """{"$defs":{"a":{"type":"object","properties":{"x":{"$ref":"#/$defs/a"}},"required":["x"]}},"$ref":"#/$defs/a"}""", "$ref" },
        { """{"$ref":"#"}""", "$ref" },
        { """{"$ref":"#/$defs/a","type":"string","$defs":{"a":{"type":"string"}}}""", "$ref" },
        { """{"type":"object","additionalProperties":true}""", "additionalProperties" },
        { """{"type":"object","additionalProperties":{"type":"string"}}""", "additionalProperties" },
        { """{"type":"object","properties":{"a":{"type":"string"}},"required":["b"]}""", "required" },
        { """{"type":"date"}""", "type" },
        { """{}""", "type" },
        { """{"type":"object","properties":{"a":true}}""", "type" },
        { """{"type":"string","maxLength":5000}""", "maxLength" },
        { """{"type":"string","minLength":5,"maxLength":2}""", "maxLength" },
        { """{"type":"array","items":[{"type":"integer"}]}""", "items" },
        { """{"type":"array"}""", "items" },
        { """{"type":"string","enum":[1,2]}""", "enum" },
        { """{"enum":["a","b"],"maxLength":1}""", "enum" },
        { """{"anyOf":[{"type":"string"}],"type":"string"}""", "anyOf" },
        { """{"type":"object","properties":{"deep":{"type":"array","items":{"type":"string","pattern":"x"}}}}""", "pattern" },
    };

    [Theory]
    [MemberData(nameof(UnsupportedSchemas))]
    public void UnsupportedOrInvalidKeywordsAreNamed(string schemaJson, string keyword)
    {
        JsonSchemaException error = Assert.Throws<JsonSchemaException>(() => JsonSchemaGrammar.ToGbnf(schemaJson));
        Assert.Equal(keyword, error.Keyword);
        Assert.Contains($"'{keyword}'", error.Message);
    }

    [Fact]
    public void ErrorsSayWhereInTheSchema()
    {
        JsonSchemaException error = Assert.Throws<JsonSchemaException>(() => JsonSchemaGrammar.ToGbnf(
            """{"type":"object","properties":{"deep":{"type":"array","items":{"type":"string","pattern":"x"}}}}"""));
        Assert.Contains("#/properties/deep/items", error.Message);
    }

    [Fact]
    public void TextThatIsNotJsonIsAnErrorWithoutKeyword()
    {
        JsonSchemaException error = Assert.Throws<JsonSchemaException>(() => JsonSchemaGrammar.ToGbnf("{\"type\": "));
        Assert.Null(error.Keyword);
        Assert.Contains("not valid JSON", error.Message);
    }

    /// <summary>Found by the fuzzer: these escaped the converter as raw .NET exceptions.</summary>
    [Theory]
    [InlineData("{\"const\":\"\\ud800\"}", "#/const")]
    [InlineData("{\"type\":\"object\",\"properties\":{\"\\udc00\":{\"type\":\"null\"}}}", "#/properties")]
    public void EscapedLoneSurrogatesAreAnErrorWithoutKeyword(string schemaJson, string where)
    {
        JsonSchemaException error = Assert.Throws<JsonSchemaException>(() => JsonSchemaGrammar.ToGbnf(schemaJson));
        Assert.Null(error.Keyword);
        Assert.Contains("lone surrogate", error.Message);
        Assert.Contains(where, error.Message);
    }

    [Fact]
    public void RawLoneSurrogatesAreAnErrorWithoutKeyword()
    {
        JsonSchemaException error = Assert.Throws<JsonSchemaException>(() => JsonSchemaGrammar.ToGbnf("{\"type\":\"str\uD800ing\"}"));
        Assert.Null(error.Keyword);
        Assert.Contains("not valid text", error.Message);
    }

    [Fact]
    public void AnEnumBeyondTheLimitIsRefusedAsTooLarge()
    {
        string schema = EnumSchema(JsonSchemaConverter.MaxEnumValues + 1);

        JsonSchemaException error = Assert.Throws<JsonSchemaException>(() => JsonSchemaGrammar.ToGbnf(schema));

        Assert.True(error.TooLarge);
        Assert.Equal("enum", error.Keyword);
        Assert.Contains($"{JsonSchemaConverter.MaxEnumValues:N0}", error.Message);
    }

    [Fact]
    public void AnEnumAtTheLimitBecomesAGrammar()
    {
        string gbnf = JsonSchemaGrammar.ToGbnf(EnumSchema(JsonSchemaConverter.MaxEnumValues));

        Assert.Contains($"v{JsonSchemaConverter.MaxEnumValues - 1}\\\"", gbnf);
    }

    [Fact]
    public void EnumsTogetherBeyondTheGrammarLimitAreRefusedAsTooLarge()
    {
        int enums = GbnfParser.MaxAlternatives / JsonSchemaConverter.MaxEnumValues + 2;
        string properties = string.Join(",", Enumerable.Range(0, enums).Select(i => $"\"p{i}\":{EnumSchema(JsonSchemaConverter.MaxEnumValues)}"));

        JsonSchemaException error = Assert.Throws<JsonSchemaException>(() => JsonSchemaGrammar.ToGbnf($"{{\"type\":\"object\",\"properties\":{{{properties}}}}}"));

        Assert.True(error.TooLarge);
        Assert.Null(error.Keyword);
    }

    private static string EnumSchema(int values) =>
        "{\"enum\":[" + string.Join(",", Enumerable.Range(0, values).Select(i => $"\"v{i}\"")) + "]}";
}
