using System;
using System.IO;
using System.Management.Automation;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Errors;

/// <summary>Errors of -Grammar, -JsonSchema and -AsObject.</summary>
internal static class StructuredErrors
{
    public static ErrorRecord GrammarAndSchema() => new(
        new ArgumentException(StructuredMessages.GrammarWithJsonSchema()),
        "GrammarWithJsonSchema", ErrorCategory.InvalidArgument, null);

    public static ErrorRecord AsObjectWithStream() => new(
        new ArgumentException(StructuredMessages.AsObjectWithStream()),
        "AsObjectWithStream", ErrorCategory.InvalidArgument, null);

    public static ErrorRecord GrammarInvalid(Exception e, string grammar) => new(
        new ArgumentException(StructuredMessages.GrammarInvalid(e.Message), e),
        "GrammarInvalid", ErrorCategory.InvalidArgument, grammar);

    /// <param name="file">The schema text is the path of this file: the person meant its content.</param>
    public static ErrorRecord SchemaNotJson(Exception e, object schema, string? file = null) => new(
        new ArgumentException(
            file is null
                ? StructuredMessages.JsonSchemaNotJson(e.Message)
                : StructuredMessages.JsonSchemaIsFilePath(file),
            e),
        "JsonSchemaNotJson", ErrorCategory.InvalidArgument, schema);

    public static ErrorRecord GrammarTooLarge(Exception e, string grammar) => new(
        new ArgumentException(StructuredMessages.GrammarTooLarge(e.Message), e),
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
            RecommendedAction = StructuredMessages.RemoveKeyword(keyword),
        },
    };

    /// <param name="target">The input's source where there are many inputs, else the answer's text.</param>
    public static ErrorRecord Truncated(string source, NorskStopReason reason, int tokens, object target) => new(
        new InvalidDataException(
            StructuredMessages.AnswerTruncated(source, tokens, reason.ToString()) + " " + reason switch
            {
                NorskStopReason.StopSequence => StructuredMessages.TruncatedByStop(),
                NorskStopReason.GrammarDeadEnd => StructuredMessages.TruncatedByGrammarDeadEnd(),
                NorskStopReason.Timeout => StructuredMessages.TruncatedByTimeout(),
                _ => StructuredMessages.TruncatedByLength(),
            }),
        "StructuredAnswerTruncated", ErrorCategory.LimitsExceeded, target);

    /// <param name="target">The input's source where there are many inputs, else the answer's text.</param>
    public static ErrorRecord NotJson(string source, Exception e, object target) => new(
        new InvalidDataException(StructuredMessages.AnswerNotJson(source, e.Message), e),
        "AnswerNotJson", ErrorCategory.InvalidData, target);
}
