using System;
using System.Text.Json;

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
            throw new JsonSchemaException(null, $"The JSON Schema is not valid JSON: {e.Message}");
        }

        using (document)
        {
            return new JsonSchemaConverter(document.RootElement).Convert();
        }
    }
}
