using System.Collections.Generic;

namespace NorwegianLlama.Structured;

/// <summary>Which JSON Schema keywords the converter honours, skips, or refuses (everything else).</summary>
internal static class JsonSchemaKeywords
{
    /// <summary>Annotations: they do not constrain the value, so the grammar can ignore them.</summary>
    public static readonly IReadOnlySet<string> Ignored = new HashSet<string>
    {
        "description", "title", "$schema", "$id", "examples", "default", "$comment",
    };

    /// <summary>Hold sub-schemas for $ref; read only through a $ref.</summary>
    public static readonly IReadOnlySet<string> Definitions = new HashSet<string> { "$defs", "definitions" };

    public static readonly IReadOnlySet<string> Constraints = new HashSet<string>
    {
        "type", "properties", "required", "additionalProperties", "items", "minItems", "maxItems",
        "minLength", "maxLength", "enum", "const", "anyOf", "$ref",
    };

    /// <summary>Bounds above this are refused: llama.cpp expands x{m,n} into one rule per step.</summary>
    public const int MaxBound = 1000;
}
