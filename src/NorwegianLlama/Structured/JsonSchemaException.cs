using System;

namespace NorwegianLlama.Structured;

/// <summary>A JSON Schema the converter cannot turn into a grammar; Keyword names the culprit when there is one.</summary>
internal sealed class JsonSchemaException : Exception
{
    public JsonSchemaException(string? keyword, string message, bool tooLarge = false)
        : base(message)
    {
        Keyword = keyword;
        TooLarge = tooLarge;
    }

    /// <summary>The schema is valid but beyond a size limit (an enum or a whole grammar too large to sample from in time).</summary>
    public bool TooLarge { get; }

    /// <summary>The unsupported or invalid keyword (e.g. "pattern", "format", "$ref"), or null when the
    /// schema as a whole is the problem (not JSON, not an object).</summary>
    public string? Keyword { get; }
}
