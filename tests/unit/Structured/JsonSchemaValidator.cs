using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace NorwegianLlama.Tests.Structured;

/// <summary>
/// Test-only JSON Schema validator for the keywords the converter supports, with the standard's
/// meaning (so a missing additionalProperties allows extra properties here; the converter is stricter).
/// Written independently of the converter so the two cannot share a mistake.
/// </summary>
internal sealed class JsonSchemaValidator
{
    private readonly JsonElement _root;

    private JsonSchemaValidator(JsonElement root) => _root = root;

    /// <summary>The reasons <paramref name="instance"/> is invalid; empty when it is valid.</summary>
    public static List<string> Validate(JsonElement schema, JsonElement instance)
    {
        var errors = new List<string>();
        new JsonSchemaValidator(schema).Check(schema, instance, "$", errors);
        return errors;
    }

    private void Check(JsonElement schema, JsonElement value, string at, List<string> errors)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{at}: false schema");
            return;
        }

        foreach (JsonProperty keyword in schema.EnumerateObject())
        {
            JsonElement k = keyword.Value;
            switch (keyword.Name)
            {
                case "$ref":
                    Check(Resolve(k.GetString()!), value, at, errors);
                    break;
                case "type":
                    IEnumerable<string> types = k.ValueKind == JsonValueKind.String ? [k.GetString()!] : k.EnumerateArray().Select(t => t.GetString()!);
                    if (!types.Any(t => IsType(value, t)))
                    {
                        errors.Add($"{at}: {value.ValueKind} is not {k.GetRawText()}");
                    }

                    break;
                case "enum":
                    if (!k.EnumerateArray().Any(option => JsonEquals(option, value)))
                    {
                        errors.Add($"{at}: {value.GetRawText()} is not in the enum");
                    }

                    break;
                case "const":
                    if (!JsonEquals(k, value))
                    {
                        errors.Add($"{at}: {value.GetRawText()} is not the const {k.GetRawText()}");
                    }

                    break;
                case "anyOf":
                    if (!k.EnumerateArray().Any(branch => Matches(branch, value)))
                    {
                        errors.Add($"{at}: matches no anyOf branch");
                    }

                    break;
                case "minLength" when value.ValueKind == JsonValueKind.String:
                    if (Length(value) < k.GetInt32())
                    {
                        errors.Add($"{at}: shorter than {k.GetInt32()}");
                    }

                    break;
                case "maxLength" when value.ValueKind == JsonValueKind.String:
                    if (Length(value) > k.GetInt32())
                    {
                        errors.Add($"{at}: longer than {k.GetInt32()}");
                    }

                    break;
                case "minItems" when value.ValueKind == JsonValueKind.Array:
                    if (value.GetArrayLength() < k.GetInt32())
                    {
                        errors.Add($"{at}: fewer than {k.GetInt32()} items");
                    }

                    break;
                case "maxItems" when value.ValueKind == JsonValueKind.Array:
                    if (value.GetArrayLength() > k.GetInt32())
                    {
                        errors.Add($"{at}: more than {k.GetInt32()} items");
                    }

                    break;
                case "items" when value.ValueKind == JsonValueKind.Array:
                    int index = 0;
                    foreach (JsonElement item in value.EnumerateArray())
                    {
                        Check(k, item, $"{at}[{index++}]", errors);
                    }

                    break;
                case "required" when value.ValueKind == JsonValueKind.Object:
                    foreach (JsonElement name in k.EnumerateArray())
                    {
                        if (!value.TryGetProperty(name.GetString()!, out _))
                        {
                            errors.Add($"{at}: missing required '{name.GetString()}'");
                        }
                    }

                    break;
                case "properties" when value.ValueKind == JsonValueKind.Object:
                    foreach (JsonProperty property in k.EnumerateObject())
                    {
                        if (value.TryGetProperty(property.Name, out JsonElement member))
                        {
                            Check(property.Value, member, $"{at}.{property.Name}", errors);
                        }
                    }

                    break;
                case "additionalProperties" when value.ValueKind == JsonValueKind.Object:
                    var listed = schema.TryGetProperty("properties", out JsonElement props)
                        ? props.EnumerateObject().Select(p => p.Name).ToHashSet()
                        : new HashSet<string>();
                    foreach (JsonProperty member in value.EnumerateObject().Where(m => !listed.Contains(m.Name)))
                    {
                        Check(k, member.Value, $"{at}.{member.Name}", errors);
                    }

                    break;
            }
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            var names = new HashSet<string>();
            foreach (JsonProperty member in value.EnumerateObject())
            {
                if (!names.Add(member.Name))
                {
                    errors.Add($"{at}: duplicate property '{member.Name}'");
                }
            }
        }
    }

    private bool Matches(JsonElement schema, JsonElement value)
    {
        var errors = new List<string>();
        Check(schema, value, "$", errors);
        return errors.Count == 0;
    }

    private JsonElement Resolve(string pointer)
    {
        JsonElement current = _root;
        foreach (string raw in pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string segment = Uri.UnescapeDataString(raw).Replace("~1", "/").Replace("~0", "~");
            current = current.ValueKind == JsonValueKind.Array ? current[int.Parse(segment, CultureInfo.InvariantCulture)] : current.GetProperty(segment);
        }

        return current;
    }

    private static int Length(JsonElement value) => value.GetString()!.EnumerateRunes().Count();

    private static bool IsType(JsonElement value, string type) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out decimal d) && d == decimal.Truncate(d),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        _ => throw new ArgumentException($"unknown type {type}"),
    };

    private static bool JsonEquals(JsonElement a, JsonElement b)
    {
        if (a.ValueKind is JsonValueKind.True or JsonValueKind.False || b.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return a.ValueKind == b.ValueKind;
        }

        if (a.ValueKind != b.ValueKind)
        {
            return false;
        }

        return a.ValueKind switch
        {
            JsonValueKind.String => a.GetString() == b.GetString(),
            JsonValueKind.Number => a.GetDecimal() == b.GetDecimal(),
            JsonValueKind.Null => true,
            JsonValueKind.Array => a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(p => JsonEquals(p.First, p.Second)),
            JsonValueKind.Object => a.EnumerateObject().Count() == b.EnumerateObject().Count()
                && a.EnumerateObject().All(p => b.TryGetProperty(p.Name, out JsonElement other) && JsonEquals(p.Value, other)),
            _ => false,
        };
    }
}
