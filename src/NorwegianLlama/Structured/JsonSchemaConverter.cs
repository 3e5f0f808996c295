using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Structured;

/// <summary>One conversion: walks the schema, writing a rule per object, array, bounded string, enum,
/// anyOf and $ref target, and the shared scalar rules it used.</summary>
internal sealed class JsonSchemaConverter
{
    /// <summary>
    /// The most values an enum may list. Each becomes an alternative that llama.cpp's grammar sampler tests against the
    /// whole vocabulary at every token (100,000 took over 40 s). Measured with a 32,000-token vocabulary and a 10-token
    /// answer: 1,000 values added 4 s to the call and 10,000 added 16 s, so this many add about a second. A longer list
    /// belongs in a check after the answer.
    /// </summary>
    public const int MaxEnumValues = 250;

    private readonly JsonElement _root;
    private readonly GbnfRuleSet _rules = new();
    private readonly Dictionary<string, string> _refRules = new();

    public JsonSchemaConverter(JsonElement root) => _root = root;

    public string Convert()
    {
        _rules.Define(_rules.Reserve("root"), Expression(_root, "#", "root"));
        string text = _rules.ToText();
        try
        {
            GbnfGrammar.Parse(text);
        }
        catch (GbnfSyntaxException e) when (e.Kind == GbnfErrorKind.TooLarge)
        {
            throw new JsonSchemaException(null, StructuredMessages.SchemaGrammarTooSlow(e.Reason), tooLarge: true);
        }
        catch (GbnfSyntaxException e) when (e.Kind == GbnfErrorKind.Limit)
        {
            // Bounds that multiply (a long maxLength inside a long maxItems) pass each on their own.
            throw new JsonSchemaException(null, StructuredMessages.SchemaGrammarTooLarge(e.Reason));
        }
        catch (GbnfSyntaxException e) when (_refRules.Count > 0)
        {
            throw new JsonSchemaException("$ref", StructuredMessages.RefRecursionEndless(e.Reason));
        }
        catch (GbnfSyntaxException e)
        {
            throw new InvalidOperationException($"The converter wrote a grammar it cannot read back ({e.Message}):\n{text}", e);
        }

        return text;
    }

    /// <summary>A rule name for a sub-schema: the shared scalar rule if that is all it is, else a new rule.</summary>
    private string RuleFor(JsonElement schema, string path, string hint)
    {
        string name = _rules.Reserve(hint);
        string body = Expression(schema, path, name);
        if (body.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            _rules.Unreserve(name);
            return body;
        }

        _rules.Define(name, body);
        return name;
    }

    private string Expression(JsonElement schema, string path, string hint)
    {
        if (schema.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            throw new JsonSchemaException("type", schema.ValueKind == JsonValueKind.True
                ? StructuredMessages.SchemaAllowsAnyValue(path, schema.GetRawText())
                : StructuredMessages.SchemaAllowsNoValue(path, schema.GetRawText()));
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new JsonSchemaException(null, StructuredMessages.SchemaNotObject(path, schema.ValueKind.ToString()));
        }

        var constraints = new List<string>();
        var seen = new HashSet<string>();
        foreach (JsonProperty property in schema.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw new JsonSchemaException(property.Name, StructuredMessages.KeywordTwice(property.Name, path));
            }

            if (JsonSchemaKeywords.Ignored.Contains(property.Name) || JsonSchemaKeywords.Definitions.Contains(property.Name))
            {
                continue;
            }

            if (property.Name == "oneOf")
            {
                throw new JsonSchemaException("oneOf", StructuredMessages.OneOfUnsupported(path));
            }

            if (!JsonSchemaKeywords.Constraints.Contains(property.Name))
            {
                throw new JsonSchemaException(property.Name, StructuredMessages.KeywordUnsupported(property.Name, path));
            }

            constraints.Add(property.Name);
        }

        if (schema.TryGetProperty("$ref", out JsonElement reference))
        {
            OnlyAlongside("$ref", constraints, path);
            return Reference(reference, path);
        }

        if (schema.TryGetProperty("anyOf", out JsonElement anyOf))
        {
            OnlyAlongside("anyOf", constraints, path);
            return AnyOf(anyOf, path, hint);
        }

        IReadOnlyList<string>? types = JsonSchemaReader.Types(schema, path);
        if (schema.TryGetProperty("enum", out _) || schema.TryGetProperty("const", out _))
        {
            string keyword = schema.TryGetProperty("const", out _) ? "const" : "enum";
            OnlyAlongside(keyword, constraints.Where(c => c is not ("type" or "enum" or "const")).Append(keyword), path);
            return Values(schema, types, path);
        }

        if (types is null)
        {
            throw new JsonSchemaException("type", StructuredMessages.TypeMissing(path));
        }

        var alternatives = new List<string>();
        foreach (string type in types)
        {
            if (type == "integer" && types.Contains("number"))
            {
                continue;
            }

            alternatives.Add(type switch
            {
                "string" => StringExpression(schema, path),
                "integer" or "number" or "boolean" or "null" => _rules.Shared(type),
                "object" => ObjectExpression(schema, path, hint),
                _ => ArrayExpression(schema, path, hint),
            });
        }

        return alternatives.Count == 1 ? alternatives[0] : "(" + string.Join(" | ", alternatives) + ")";
    }

    private static void OnlyAlongside(string keyword, IEnumerable<string> constraints, string path)
    {
        string? other = constraints.FirstOrDefault(c => c != keyword);
        if (other is not null)
        {
            throw new JsonSchemaException(keyword, StructuredMessages.KeywordNotCombinable(keyword, path, other));
        }
    }

    private string StringExpression(JsonElement schema, string path)
    {
        (int min, int? max) = JsonSchemaReader.Bounds(schema, "minLength", "maxLength", path);
        if (min == 0 && max is null)
        {
            return _rules.Shared("string");
        }

        if (max == 0)
        {
            return GbnfText.Literal("\"\"");
        }

        return $"\"\\\"\" {GbnfText.Repeat(_rules.Shared("char"), min, max)} \"\\\"\"";
    }

    private string ObjectExpression(JsonElement schema, string path, string hint)
    {
        if (schema.TryGetProperty("additionalProperties", out JsonElement additional) && additional.ValueKind != JsonValueKind.False)
        {
            throw new JsonSchemaException("additionalProperties", StructuredMessages.AdditionalPropertiesUnsupported(path, additional.GetRawText()));
        }

        var names = new List<string>();
        var schemas = new List<JsonElement>();
        if (schema.TryGetProperty("properties", out JsonElement properties))
        {
            if (properties.ValueKind != JsonValueKind.Object)
            {
                throw new JsonSchemaException("properties", StructuredMessages.PropertiesNotObject(path));
            }

            foreach (JsonProperty property in properties.EnumerateObject())
            {
                if (names.Contains(property.Name))
                {
                    throw new JsonSchemaException("properties", StructuredMessages.PropertyListedTwice(path, property.Name));
                }

                names.Add(property.Name);
                schemas.Add(property.Value);
            }
        }

        var required = new HashSet<string>();
        if (schema.TryGetProperty("required", out JsonElement requiredList))
        {
            if (requiredList.ValueKind != JsonValueKind.Array || requiredList.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String))
            {
                throw new JsonSchemaException("required", StructuredMessages.RequiredNotList(path));
            }

            foreach (JsonElement item in requiredList.EnumerateArray())
            {
                string name = item.GetString()!;
                if (!names.Contains(name))
                {
                    throw new JsonSchemaException("required", StructuredMessages.RequiredNotInProperties(path, name));
                }

                required.Add(name);
            }
        }

        if (names.Count == 0)
        {
            return GbnfText.Literal("{}");
        }

        _rules.Shared("sp");
        var members = new List<string>();
        for (int i = 0; i < names.Count; i++)
        {
            string value = RuleFor(schemas[i], $"{path}/properties/{JsonSchemaReader.PointerSegment(names[i])}", $"{hint}-{GbnfText.Name(names[i])}");
            members.Add($"{GbnfText.Literal(JsonText.Quote(names[i]))} \":\" sp {value}");
        }

        // Properties come in schema order; an optional one may be missing, so each alternative starts at
        // one of the properties up to and including the first required one, and the rest follow with commas.
        string Rest(int from) => string.Join(" ", Enumerable.Range(from, names.Count - from).Select(j =>
            required.Contains(names[j]) ? $"\",\" sp {members[j]}" : $"(\",\" sp {members[j]})?"));

        var alternatives = new List<string>();
        for (int i = 0; i < names.Count; i++)
        {
            alternatives.Add($"{members[i]} {Rest(i + 1)}".TrimEnd());
            if (required.Contains(names[i]))
            {
                break;
            }
        }

        if (required.Count == 0)
        {
            alternatives.Add("");
        }

        string body = alternatives.Count == 1 ? alternatives[0] : "(" + string.Join(" | ", alternatives) + ")";
        return $"\"{{\" {body} \"}}\"";
    }

    private string ArrayExpression(JsonElement schema, string path, string hint)
    {
        (int min, int? max) = JsonSchemaReader.Bounds(schema, "minItems", "maxItems", path);
        if (max == 0)
        {
            return GbnfText.Literal("[]");
        }

        if (!schema.TryGetProperty("items", out JsonElement items))
        {
            throw new JsonSchemaException("items", StructuredMessages.ItemsMissing(path));
        }

        if (items.ValueKind == JsonValueKind.Array)
        {
            throw new JsonSchemaException("items", StructuredMessages.ItemsTuple(path));
        }

        string item = RuleFor(items, $"{path}/items", $"{hint}-item");
        _rules.Shared("sp");
        string more = GbnfText.Repeat($"(\",\" sp {item})", Math.Max(min - 1, 0), max - 1);
        string list = more.Length == 0 ? item : $"{item} {more}";
        return min == 0 ? $"\"[\" ({list})? \"]\"" : $"\"[\" {list} \"]\"";
    }

    private string AnyOf(JsonElement anyOf, string path, string hint)
    {
        if (anyOf.ValueKind != JsonValueKind.Array || anyOf.GetArrayLength() == 0)
        {
            throw new JsonSchemaException("anyOf", StructuredMessages.AnyOfEmpty(path));
        }

        var branches = new List<string>();
        int index = 0;
        foreach (JsonElement branch in anyOf.EnumerateArray())
        {
            string rule = RuleFor(branch, $"{path}/anyOf/{index}", $"{hint}-{index}");
            if (!branches.Contains(rule))
            {
                branches.Add(rule);
            }

            index++;
        }

        return branches.Count == 1 ? branches[0] : "(" + string.Join(" | ", branches) + ")";
    }

    private string Values(JsonElement schema, IReadOnlyList<string>? types, string path)
    {
        var values = new List<JsonElement>();
        string keyword = "enum";
        if (schema.TryGetProperty("enum", out JsonElement list))
        {
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            {
                throw new JsonSchemaException("enum", StructuredMessages.EnumEmpty(path));
            }

            if (list.GetArrayLength() > MaxEnumValues)
            {
                throw new JsonSchemaException(
                    "enum",
                    StructuredMessages.EnumTooLong(path, list.GetArrayLength(), MaxEnumValues),
                    tooLarge: true);
            }

            values.AddRange(list.EnumerateArray());
        }

        if (schema.TryGetProperty("const", out JsonElement constant))
        {
            keyword = "const";
            if (values.Count > 0 && !values.Any(v => JsonText.Write(v) == JsonText.Write(constant)))
            {
                throw new JsonSchemaException("const", StructuredMessages.ConstNotInEnum(path));
            }

            values = [constant];
        }

        var literals = new List<string>();
        foreach (JsonElement value in values)
        {
            if (types is not null && !types.Any(t => JsonSchemaReader.HasType(value, t)))
            {
                continue;
            }

            string json;
            try
            {
                json = JsonText.Write(value);
            }
            catch (InvalidOperationException)
            {
                throw new JsonSchemaException(keyword, StructuredMessages.ValueBrokenEscape(keyword, path));
            }

            string literal = GbnfText.Literal(json);
            if (!literals.Contains(literal))
            {
                literals.Add(literal);
            }
        }

        if (literals.Count == 0)
        {
            throw new JsonSchemaException(keyword, StructuredMessages.NoValueOfType(keyword, path, string.Join(StructuredMessages.TypeAlternativeSeparator(), types!)));
        }

        return literals.Count == 1 ? literals[0] : "(" + string.Join(" | ", literals) + ")";
    }

    private string Reference(JsonElement reference, string path)
    {
        if (reference.ValueKind != JsonValueKind.String)
        {
            throw new JsonSchemaException("$ref", StructuredMessages.RefNotString(path));
        }

        string pointer = reference.GetString()!;
        if (_refRules.TryGetValue(pointer, out string? known))
        {
            return known;
        }

        if (!pointer.StartsWith('#'))
        {
            throw new JsonSchemaException("$ref", StructuredMessages.RefOutsideSchema(pointer, path));
        }

        JsonElement target = JsonSchemaReader.Resolve(_root, pointer, path);
        string lastSegment = Uri.UnescapeDataString(pointer.TrimEnd('/').Split('/')[^1]);
        string name = _rules.Reserve("ref-" + (lastSegment == "#" ? "root" : lastSegment));
        _refRules.Add(pointer, name);
        _rules.Define(name, Expression(target, pointer, name));
        return name;
    }
}
