using System;
using System.IO;
using System.Management.Automation;

namespace NorwegianLlama.Errors;

/// <summary>Errors of -Grammar, -JsonSchema and -AsObject.</summary>
internal static class StructuredErrors
{
    public static ErrorRecord GrammarAndSchema() => new(
        new ArgumentException("Give -Grammar or -JsonSchema, not both: a JSON Schema is turned into a grammar itself."),
        "GrammarWithJsonSchema", ErrorCategory.InvalidArgument, null);

    public static ErrorRecord AsObjectWithStream() => new(
        new ArgumentException("-AsObject writes one parsed object per answer and -Stream writes text pieces; use one of them."),
        "AsObjectWithStream", ErrorCategory.InvalidArgument, null);

    public static ErrorRecord GrammarInvalid(Exception e, string grammar) => new(
        new ArgumentException($"The -Grammar is not valid GBNF: {e.Message}", e),
        "GrammarInvalid", ErrorCategory.InvalidArgument, grammar);

    /// <param name="file">The schema text is the path of this file: the person meant its content.</param>
    public static ErrorRecord SchemaNotJson(Exception e, object schema, string? file = null) => new(
        new ArgumentException(
            file is null
                ? $"The -JsonSchema is not valid JSON: {e.Message}"
                : $"The -JsonSchema is the path of a file, not JSON. Pass the file's content: -JsonSchema (Get-Content -Raw '{file}').",
            e),
        "JsonSchemaNotJson", ErrorCategory.InvalidArgument, schema);

    public static ErrorRecord GrammarTooLarge(Exception e, string grammar) => new(
        new ArgumentException($"The -Grammar is too large: {e.Message}", e),
        "GrammarTooLarge", ErrorCategory.LimitsExceeded, grammar);

    public static ErrorRecord SchemaTooLarge(Exception e, object schema) => new(
        new ArgumentException(e.Message, e),
        "JsonSchemaTooLarge", ErrorCategory.LimitsExceeded, schema);

    public static ErrorRecord SchemaUnsupported(Exception e, string? keyword, object schema) => new(
        new ArgumentException(e.Message, e),
        keyword is null ? "JsonSchemaInvalid" : "JsonSchemaUnsupported", ErrorCategory.InvalidArgument, schema)
    {
        ErrorDetails = keyword is null ? null : new ErrorDetails(e.Message)
        {
            RecommendedAction = $"Remove '{keyword}' from the schema, or describe that rule in the prompt instead.",
        },
    };

    /// <param name="target">The input's source where there are many inputs, else the answer's text.</param>
    public static ErrorRecord Truncated(string source, NorskStopReason reason, int tokens, object target) => new(
        new InvalidDataException(
            $"The structured answer for '{source}' was cut short after {tokens} tokens ({reason}) before it was complete, so there is no object to write. "
            + reason switch
            {
                NorskStopReason.StopSequence => "A -Stop string appeared inside it; choose stop strings that cannot occur in the answer.",
                NorskStopReason.GrammarDeadEnd => "The grammar allows nothing this model's vocabulary can write next (such as a NUL character or an emoji it has no token for).",
                NorskStopReason.Timeout => "Raise -TimeoutSeconds, or lower -MaxTokens.",
                _ => "Raise -MaxTokens (or -ContextSize).",
            }),
        "StructuredAnswerTruncated", ErrorCategory.LimitsExceeded, target);

    /// <param name="target">The input's source where there are many inputs, else the answer's text.</param>
    public static ErrorRecord NotJson(string source, Exception e, object target) => new(
        new InvalidDataException($"The answer for '{source}' is not JSON, so -AsObject cannot parse it: {e.Message}", e),
        "AnswerNotJson", ErrorCategory.InvalidData, target);
}
