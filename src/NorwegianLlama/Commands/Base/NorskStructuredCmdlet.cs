using System;
using System.Collections;
using System.Management.Automation;
using System.Text.Json;
using NorwegianLlama.Commands.Arguments;
using NorwegianLlama.Errors;
using NorwegianLlama.Resources;
using NorwegianLlama.Structured;

namespace NorwegianLlama.Commands.Base;

/// <summary>
/// Generating cmdlets whose answers can be held to a grammar: GBNF as given, a JSON Schema turned into GBNF,
/// or any JSON for -AsObject alone. Every grammar is parsed here, so llama.cpp never sees one we did not.
/// </summary>
public abstract class NorskStructuredCmdlet : NorskGenerationCmdlet
{
    /// <summary>
    /// The note property that tells which input an -AsObject answer came from; a name no schema of ours would choose,
    /// so it does not collide with the answer's own properties.
    /// </summary>
    internal const string SourceProperty = "NorskSource";

    /// <summary>A GBNF grammar (llama.cpp's dialect) the answer must match, starting at the rule 'root'.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Grammar { get; set; }

    /// <summary>A JSON Schema as JSON text, a hashtable or an object; the answer is JSON that fits it.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? JsonSchema { get; set; }

    /// <summary>Write the answer parsed with ConvertFrom-Json instead of the response object.</summary>
    [Parameter]
    public SwitchParameter AsObject { get; set; }

    private string? answerGrammar;

    // Parsed once per invocation, not once per answer.
    private ScriptBlock? parseJson;

    private protected override string? AnswerGrammar => answerGrammar;

    private protected abstract bool Streaming { get; }

    /// <summary>
    /// Whether the source names one of many inputs (a file, InputObject[n]): then -AsObject answers carry it as
    /// <see cref="SourceProperty"/> and the errors for an answer name it as their TargetObject.
    /// </summary>
    private protected virtual bool AnswersCarrySource => false;

    protected override void BeginProcessing()
    {
        // Cheap argument errors come before the model load.
        answerGrammar = ResolveGrammar();
        base.BeginProcessing();
    }

    /// <summary>Writes the response, or with -AsObject the parsed answer, or the error that explains why there is none.</summary>
    private protected void WriteAnswer(object response, string content, NorskStopReason stopReason, int completionTokens, string source)
    {
        if (!AsObject)
        {
            WriteObject(response);
            return;
        }

        // The instruction answered alone has no input to name.
        bool carrySource = AnswersCarrySource && source.Length > 0;
        object errorTarget = carrySource ? source : content;

        // Under a grammar only the end-of-sequence token can follow a complete answer; any other ending cut it short.
        if (AnswerGrammar is not null && stopReason != NorskStopReason.EndOfSequence)
        {
            WriteError(StructuredErrors.Truncated(source, stopReason, completionTokens, errorTarget));
            return;
        }

        object? parsed;
        try
        {
            using (JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = 1024 }))
            {
                // Checked strictly first: ConvertFrom-Json accepts comments and trailing commas that are not JSON.
            }

            // InvokeReturnAsIs keeps an array answer, even an empty one, one object; InvokeScript would unroll it.
            // Module-qualified, so a function of the user's named ConvertFrom-Json cannot stand in for it.
            parseJson ??= ScriptBlock.Create("param($json) Microsoft.PowerShell.Utility\\ConvertFrom-Json -InputObject $json -Depth 1024 -NoEnumerate");
            parsed = parseJson.InvokeReturnAsIs(content);
        }
        catch (Exception e) when (e is JsonException or RuntimeException)
        {
            WriteError(StructuredErrors.NotJson(source, e, errorTarget));
            return;
        }

        // One answer, one pipeline object: an array answer stays an array, so answers to several inputs stay apart.
        WriteObject(carrySource ? WithSource(parsed, source) : parsed, enumerateCollection: false);
    }

    /// <summary>
    /// The answer with its source as a note property. An array, string or number is wrapped in a PSObject to carry it; a
    /// JSON null has nothing to carry it and stays null; a property of the answer's own by that name is kept as it is.
    /// </summary>
    private static object? WithSource(object? parsed, string source)
    {
        if (parsed is null)
        {
            return null;
        }

        PSObject answer = PSObject.AsPSObject(parsed);
        if (answer.Properties[SourceProperty] is null)
        {
            answer.Properties.Add(new PSNoteProperty(SourceProperty, source));
        }

        return answer;
    }

    private string? ResolveGrammar()
    {
        if (Grammar is not null && JsonSchema is not null)
        {
            ThrowTerminatingError(StructuredErrors.GrammarAndSchema());
        }

        if (AsObject && Streaming)
        {
            ThrowTerminatingError(StructuredErrors.AsObjectWithStream());
        }

        if (Grammar is not null)
        {
            try
            {
                GbnfGrammar.Parse(Grammar);
            }
            catch (GbnfSyntaxException e) when (e.Kind == GbnfErrorKind.TooLarge)
            {
                ThrowTerminatingError(StructuredErrors.GrammarTooLarge(e, Grammar));
            }
            catch (GbnfSyntaxException e)
            {
                ThrowTerminatingError(StructuredErrors.GrammarInvalid(e, Grammar));
            }

            return Grammar;
        }

        if (JsonSchema is not null)
        {
            string schema = SchemaText(JsonSchema);
            try
            {
                using (JsonDocument.Parse(schema))
                {
                    // Only whether it is JSON at all: that error deserves its own id.
                }

                return JsonSchemaGrammar.ToGbnf(schema);
            }
            catch (Exception e) when (e is JsonException or ArgumentException)
            {
                // ArgumentException: text with a lone surrogate, which cannot be read as UTF-8 JSON at all.
                ThrowTerminatingError(StructuredErrors.SchemaNotJson(e, JsonSchema, SchemaFile(schema)));
            }
            catch (JsonSchemaException e) when (e.TooLarge)
            {
                ThrowTerminatingError(StructuredErrors.SchemaTooLarge(e, JsonSchema));
            }
            catch (JsonSchemaException e)
            {
                ThrowTerminatingError(StructuredErrors.SchemaUnsupported(e, e.Keyword, JsonSchema));
            }
        }

        return AsObject ? AnyJsonGrammar.Gbnf : null;
    }

    /// <summary>The file <paramref name="text"/> names, when it is a path rather than JSON.</summary>
    private string? SchemaFile(string text)
    {
        if (text.Length > 4096 || text.IndexOfAny(['{', '\n']) >= 0)
        {
            return null;
        }

        return FileSystemPath.TryResolve(this, text.Trim().Trim('"', '\''), out string path) == PathFailure.None && System.IO.File.Exists(path)
            ? path
            : null;
    }

    /// <summary>JSON text as given; hashtables and objects as ConvertTo-Json writes them.</summary>
    private string SchemaText(object schema)
    {
        object value = schema is PSObject wrapped ? wrapped.BaseObject : schema;
        if (value is string text)
        {
            return text;
        }

        if (value is not (IDictionary or PSCustomObject))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException(CmdletMessages.JsonSchemaWrongType(value.GetType().Name)),
                "JsonSchemaType", ErrorCategory.InvalidArgument, schema));
        }

        object? json = ScriptBlock.Create("param($schema) Microsoft.PowerShell.Utility\\ConvertTo-Json -InputObject $schema -Depth 100 -Compress").InvokeReturnAsIs(schema);
        return (json is PSObject wrappedJson ? wrappedJson.BaseObject : json)?.ToString() ?? "";
    }
}
