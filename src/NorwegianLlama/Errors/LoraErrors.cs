using System;
using System.IO;
using System.Management.Automation;
using NorwegianLlama.Gguf;
using NorwegianLlama.Inference;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Errors;

/// <summary>ErrorRecords for -LoraPath and -LoraScale, with stable ids in the style of <see cref="ModelErrors"/>.</summary>
internal static class LoraErrors
{
    public static ErrorRecord Unreadable(string path, Exception e) => new(
        new IOException(ModelMessages.LoraFileUnreadable(path, e.Message), e),
        "LoraFileUnreadable", ErrorCategory.ReadError, path);

    public static ErrorRecord Invalid(string path, GgufFormatException e)
    {
        (string id, Func<string, string, string> message) = e.Kind switch
        {
            // PEFT's own adapter_model.safetensors is the likeliest file here, hence the way to convert it.
            GgufErrorKind.NotGguf => ("LoraFileNotGguf", ModelMessages.LoraFileNotGguf),
            GgufErrorKind.UnsupportedVersion => ("LoraGgufVersionUnsupported", ModelMessages.LoraGgufVersionUnsupported),
            GgufErrorKind.Truncated => ("LoraFileTruncated", ModelMessages.LoraFileTruncated),
            _ => ("LoraFileMalformed", (Func<string, string, string>)ModelMessages.LoraFileMalformed),
        };
        return new ErrorRecord(
            new InvalidDataException(message(path, e.Message), e),
            id, ErrorCategory.InvalidData, path);
    }

    public static ErrorRecord Unusable(string path, LoraProblem problem, string? modelPath)
    {
        string id = problem.Kind switch
        {
            LoraProblemKind.NotAnAdapter => "LoraFileIsNotAdapter",
            LoraProblemKind.UnsupportedAdapterType => "LoraAdapterTypeUnsupported",
            LoraProblemKind.ArchitectureMismatch => "LoraArchitectureMismatch",
            LoraProblemKind.TensorMismatch => "LoraModelMismatch",
            _ => "LoraFileMalformed",
        };
        string message = modelPath is null
            ? ModelMessages.LoraUnusable(path, problem.Message)
            : ModelMessages.LoraUnusableWithModel(path, modelPath, problem.Message);
        return new ErrorRecord(
            new InvalidDataException(message),
            id, ErrorCategory.InvalidData, path);
    }

    public static ErrorRecord ScaleCountMismatch(int paths, int scales) => new(
        new ArgumentException(ModelMessages.LoraScaleCountMismatch(scales, paths)),
        "LoraScaleCountMismatch", ErrorCategory.InvalidArgument, scales);

    public static ErrorRecord ScaleWithoutPath() => new(
        new ArgumentException(ModelMessages.LoraScaleWithoutPath()),
        "LoraScaleWithoutPath", ErrorCategory.InvalidArgument, null);

    public static ErrorRecord ScaleNotFinite(float scale) => new(
        new ArgumentException(ModelMessages.LoraScaleInvalid(scale)),
        "LoraScaleInvalid", ErrorCategory.InvalidArgument, scale);

    public static ErrorRecord Duplicate(string path) => new(
        new ArgumentException(ModelMessages.LoraPathDuplicate(path)),
        "LoraPathDuplicate", ErrorCategory.InvalidArgument, path);

    public static ErrorRecord LoadFailed(string path, Exception e, string[] nativeErrors)
    {
        // A LoraLoadException's own message is this very sentence; without llama.cpp's reason it is said once.
        string message = nativeErrors.Length > 0 ? ModelMessages.LoraLoadFailed(path, string.Join(" ", nativeErrors))
            : e is LoraLoadException ? InferenceMessages.LoraLoadFailed(path)
            : ModelMessages.LoraLoadFailed(path, e.Message);
        return new ErrorRecord(new InvalidOperationException(message, e), "LoraLoadFailed", ErrorCategory.InvalidData, path);
    }
}
