using System;
using System.IO;
using System.Management.Automation;
using NorwegianLlama.Gguf;
using NorwegianLlama.Resources;
using NorwegianLlama.Store;

namespace NorwegianLlama.Errors;

/// <summary>ErrorRecords with stable ids, so scripts can tell failures apart without parsing messages.</summary>
internal static class ModelErrors
{
    public static ErrorRecord Unreadable(string path, Exception e) => new(
        new IOException(ModelMessages.ModelFileUnreadable(path, e.Message), e),
        "ModelFileUnreadable", ErrorCategory.ReadError, path);

    public static ErrorRecord Invalid(string path, GgufFormatException e)
    {
        (string id, Func<string, string, string> message) = e.Kind switch
        {
            GgufErrorKind.NotGguf => ("ModelFileNotGguf", ModelMessages.ModelFileNotGguf),
            GgufErrorKind.UnsupportedVersion => ("ModelGgufVersionUnsupported", ModelMessages.ModelGgufVersionUnsupported),
            GgufErrorKind.Truncated => ("ModelFileTruncated", ModelMessages.ModelFileTruncated),
            _ => ("ModelFileMalformed", (Func<string, string, string>)ModelMessages.ModelFileMalformed),
        };
        return new ErrorRecord(
            new InvalidDataException(message(path, e.Message), e),
            id, ErrorCategory.InvalidData, path);
    }

    public static ErrorRecord NotLoadable(string path, string problem) => new(
        new InvalidDataException(ModelMessages.ModelNotLoadable(path, problem)),
        "ModelNotLoadable", ErrorCategory.InvalidData, path);

    public static ErrorRecord IsAdapter(string path) => new(
        new InvalidDataException(ModelMessages.ModelFileIsAdapter(path)),
        "ModelFileIsAdapter", ErrorCategory.InvalidData, path);

    public static ErrorRecord LoadFailed(string path, Exception e, string[] nativeErrors)
    {
        string reason = nativeErrors.Length > 0 ? string.Join(" ", nativeErrors) : e.Message;
        return new ErrorRecord(
            new InvalidOperationException(ModelMessages.ModelLoadFailed(path, reason), e),
            "ModelLoadFailed", ErrorCategory.InvalidData, path);
    }

    public static ErrorRecord NativeUnavailable(InvalidOperationException e) => new(
        e, "NativeLibraryUnavailable", ErrorCategory.NotInstalled, null);

    public static ErrorRecord NotLoaded(string path) => new(
        new ItemNotFoundException(ModelMessages.ModelNotLoaded(path)),
        "ModelNotLoaded", ErrorCategory.ObjectNotFound, path);

    public static ErrorRecord NoModel() => new(
        new ItemNotFoundException(ModelMessages.ModelNotSpecified(ModelStore.GetFolder())),
        "ModelNotSpecified", ErrorCategory.ObjectNotFound, null);

    public static ErrorRecord Prompt(Prompting.PromptException e, object? target) => new(
        e, e.ErrorId, ErrorCategory.InvalidArgument, target);

    public static ErrorRecord PromptTooLong(int promptTokens, int available, int contextSize) => new(
        new InvalidOperationException(ModelMessages.PromptExceedsContext(promptTokens, available, contextSize)),
        "PromptExceedsContext", ErrorCategory.LimitsExceeded, promptTokens);

    public static ErrorRecord GenerationFailed(Exception e, string[] nativeErrors) => new(
        new InvalidOperationException(
            ModelMessages.GenerationFailed(nativeErrors.Length > 0 ? string.Join(" ", nativeErrors) : e.Message), e),
        "GenerationFailed", ErrorCategory.InvalidResult, null);
}
