using System;
using System.IO;
using System.Management.Automation;
using NorwegianLlama.Gguf;
using NorwegianLlama.Store;

namespace NorwegianLlama.Errors;

/// <summary>ErrorRecords with stable ids, so scripts can tell failures apart without parsing messages.</summary>
internal static class ModelErrors
{
    public static ErrorRecord Unreadable(string path, Exception e) => new(
        new IOException($"The model file '{path}' cannot be read: {e.Message}", e),
        "ModelFileUnreadable", ErrorCategory.ReadError, path);

    public static ErrorRecord Invalid(string path, GgufFormatException e)
    {
        (string id, string what) = e.Kind switch
        {
            GgufErrorKind.NotGguf => ("ModelFileNotGguf", "is not a GGUF model file"),
            GgufErrorKind.UnsupportedVersion => ("ModelGgufVersionUnsupported", "uses an unsupported GGUF version"),
            GgufErrorKind.Truncated => ("ModelFileTruncated", "is truncated (an incomplete download?)"),
            _ => ("ModelFileMalformed", "is malformed"),
        };
        return new ErrorRecord(
            new InvalidDataException($"The model file '{path}' {what}: {e.Message}.", e),
            id, ErrorCategory.InvalidData, path);
    }

    public static ErrorRecord NotLoadable(string path, string problem) => new(
        new InvalidDataException($"The model file '{path}' cannot be loaded: {problem}."),
        "ModelNotLoadable", ErrorCategory.InvalidData, path);

    public static ErrorRecord IsAdapter(string path) => new(
        new InvalidDataException(
            $"The file '{path}' is a LoRA adapter, not a model. Give the base model as -ModelPath and the adapter as -LoraPath."),
        "ModelFileIsAdapter", ErrorCategory.InvalidData, path);

    public static ErrorRecord LoadFailed(string path, Exception e, string[] nativeErrors)
    {
        string reason = nativeErrors.Length > 0 ? string.Join(" ", nativeErrors) : e.Message;
        return new ErrorRecord(
            new InvalidOperationException($"llama.cpp could not load '{path}': {reason}", e),
            "ModelLoadFailed", ErrorCategory.InvalidData, path);
    }

    public static ErrorRecord NativeUnavailable(InvalidOperationException e) => new(
        e, "NativeLibraryUnavailable", ErrorCategory.NotInstalled, null);

    public static ErrorRecord NotLoaded(string path) => new(
        new ItemNotFoundException($"No loaded model matches '{path}'. Get-NorskModelInfo -Loaded lists the loaded models."),
        "ModelNotLoaded", ErrorCategory.ObjectNotFound, path);

    public static ErrorRecord NoModel() => new(
        new ItemNotFoundException(
            $"No model to use: none is installed in '{ModelStore.GetFolder()}'. Run Install-NorskModel to download the default "
            + "model (13B, Q4_K_M). To use a model file you already have, give -ModelPath <file.gguf> or set $env:NORSK_MODEL_PATH."),
        "ModelNotSpecified", ErrorCategory.ObjectNotFound, null);

    public static ErrorRecord Prompt(Prompting.PromptException e, object? target) => new(
        e, e.ErrorId, ErrorCategory.InvalidArgument, target);

    public static ErrorRecord PromptTooLong(int promptTokens, int available, int contextSize) => new(
        new InvalidOperationException(
            $"The message needs {promptTokens} tokens but only {available} of the context's {contextSize} are available "
            + "after leaving room for the answer. Shorten the message or system prompt, or use a larger -ContextSize."),
        "PromptExceedsContext", ErrorCategory.LimitsExceeded, promptTokens);

    public static ErrorRecord GenerationFailed(Exception e, string[] nativeErrors) => new(
        new InvalidOperationException(
            "llama.cpp failed while generating: " + (nativeErrors.Length > 0 ? string.Join(" ", nativeErrors) : e.Message), e),
        "GenerationFailed", ErrorCategory.InvalidResult, null);
}
