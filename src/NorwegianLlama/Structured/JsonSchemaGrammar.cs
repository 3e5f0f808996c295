using System;
using System.Text.Json;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Structured;

/// <summary>
/// Turns a JSON Schema into a GBNF grammar whose every sentence is JSON valid against the schema.
/// Supported: type (a name or a list), object properties in schema order with required/optional and
/// additionalProperties false or absent (both mean "only the listed properties"), string
/// minLength/maxLength, integer, number, boolean, null, array items/minItems/maxItems, enum and const of
/// any JSON values, anyOf, and $ref to anywhere inside the schema ($defs, definitions, "#"), recursion
/// included. Annotations (description, title, $schema, $id, examples, default, $comment) are ignored.
/// Everything else, oneOf included (the grammar cannot promise that exactly one branch matches; use
/// anyOf), is refused with a <see cref="JsonSchemaException"/> naming the keyword.
/// The JSON it allows is compact on purpose, so a small model's answer ends: one optional space after
/// ':' and ',', none elsewhere; integers of at most 16 digits, numbers without exponents; strings with
/// raw non-ASCII (æøå) and every JSON escape, control characters only escaped.
/// </summary>
internal static class JsonSchemaGrammar
{
    public static string ToGbnf(string schemaJson)
    {
        ArgumentNullException.ThrowIfNull(schemaJson);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(schemaJson);
        }
        catch (JsonException e)
        {
            throw new JsonSchemaException(null, StructuredMessages.SchemaNotJson(e.Message));
        }
        catch (ArgumentException e)
        {
            // Text with a lone surrogate cannot even be turned into UTF-8 for the reader.
            throw new JsonSchemaException(null, StructuredMessages.SchemaNotText(e.Message));
        }

        using (document)
        {
            CheckText(document.RootElement, "#");
            return new JsonSchemaConverter(document.RootElement).Convert();
        }
    }

    /// <summary>
    /// Refuses strings and names with an escaped lone surrogate ("\ud800"): valid JSON, but not text, and
    /// JsonElement.GetString throws InvalidOperationException on them wherever the converter reads one.
    /// </summary>
    private static void CheckText(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                ReadText(() => element.GetString(), path);
                break;
            case JsonValueKind.Array:
                int index = 0;
                foreach (JsonElement item in element.EnumerateArray())
                {
                    CheckText(item, $"{path}/{index++}");
                }

                break;
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    string name = ReadText(() => property.Name, path);
                    CheckText(property.Value, $"{path}/{name}");
                }

                break;
        }
    }

    private static string ReadText(Func<string?> read, string path)
    {
        try
        {
            return read() ?? "";
        }
        catch (InvalidOperationException e)
        {
            throw new JsonSchemaException(null, StructuredMessages.SchemaLoneSurrogate(path, e.Message));
        }
    }
}
