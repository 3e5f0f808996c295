using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Structured;

/// <summary>Reading and checking keyword values of a JSON Schema: types, counts, JSON pointers.</summary>
internal static class JsonSchemaReader
{
    public static readonly string[] TypeNames = ["string", "integer", "number", "boolean", "null", "object", "array"];

    public static IReadOnlyList<string>? Types(JsonElement schema, string path)
    {
        if (!schema.TryGetProperty("type", out JsonElement type))
        {
            return null;
        }

        var names = new List<string>();
        if (type.ValueKind == JsonValueKind.String)
        {
            names.Add(type.GetString()!);
        }
        else if (type.ValueKind == JsonValueKind.Array && type.GetArrayLength() > 0)
        {
            foreach (JsonElement item in type.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    throw new JsonSchemaException("type", StructuredMessages.TypeNotNames(path, item.GetRawText()));
                }

                if (names.Contains(item.GetString()!))
                {
                    throw new JsonSchemaException("type", StructuredMessages.TypeListedTwice(path, item.GetString()!));
                }

                names.Add(item.GetString()!);
            }
        }
        else
        {
            throw new JsonSchemaException("type", StructuredMessages.TypeInvalid(path));
        }

        foreach (string name in names)
        {
            if (!TypeNames.Contains(name))
            {
                throw new JsonSchemaException("type", StructuredMessages.TypeUnknown(path, name, string.Join(", ", TypeNames)));
            }
        }

        return names;
    }

    public static int? Count(JsonElement schema, string keyword, string path)
    {
        if (!schema.TryGetProperty(keyword, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out decimal number) || number < 0 || number != decimal.Truncate(number))
        {
            throw new JsonSchemaException(keyword, StructuredMessages.BoundNotCount(keyword, path, value.GetRawText()));
        }

        if (number > JsonSchemaKeywords.MaxBound)
        {
            throw new JsonSchemaException(keyword, StructuredMessages.BoundTooLarge(keyword, path, number, JsonSchemaKeywords.MaxBound));
        }

        return (int)number;
    }

    public static (int Min, int? Max) Bounds(JsonElement schema, string minKeyword, string maxKeyword, string path)
    {
        int min = Count(schema, minKeyword, path) ?? 0;
        int? max = Count(schema, maxKeyword, path);
        if (max < min)
        {
            throw new JsonSchemaException(maxKeyword, StructuredMessages.BoundsReversed(maxKeyword, max.Value, path, minKeyword, min));
        }

        return (min, max);
    }

    public static bool HasType(JsonElement value, string type) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out decimal d) && d == decimal.Truncate(d),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "object" => value.ValueKind == JsonValueKind.Object,
        _ => value.ValueKind == JsonValueKind.Array,
    };

    public static JsonElement Resolve(JsonElement root, string pointer, string path)
    {
        JsonElement current = root;
        if (pointer == "#")
        {
            return current;
        }

        if (!pointer.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new JsonSchemaException("$ref", StructuredMessages.RefNotPointer(pointer, path));
        }

        foreach (string raw in pointer[2..].Split('/'))
        {
            string segment = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out JsonElement child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, out int index) && index >= 0 && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                throw new JsonSchemaException("$ref", StructuredMessages.RefNotFound(pointer, path));
            }
        }

        return current;
    }

    public static string PointerSegment(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
