using System;

namespace NorwegianLlama.Structured;

/// <summary>A JSON Schema the converter cannot turn into a grammar; Keyword names the culprit when there is one.</summary>
internal sealed class JsonSchemaException : Exception
{
    public JsonSchemaException(string? keyword, string message)
        : base(message)
    {
        Keyword = keyword;
    }

    /// <summary>The unsupported or invalid keyword (e.g. "pattern", "format", "$ref"), or null when the
    /// schema as a whole is the problem (not JSON, not an object).</summary>
    public string? Keyword { get; }
}
