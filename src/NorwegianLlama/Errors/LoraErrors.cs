using System;
using System.IO;
using System.Management.Automation;
using NorwegianLlama.Gguf;

namespace NorwegianLlama.Errors;

/// <summary>ErrorRecords for -LoraPath and -LoraScale, with stable ids in the style of <see cref="ModelErrors"/>.</summary>
internal static class LoraErrors
{
    public static ErrorRecord Unreadable(string path, Exception e) => new(
        new IOException($"The LoRA adapter file '{path}' cannot be read: {e.Message}", e),
        "LoraFileUnreadable", ErrorCategory.ReadError, path);

    public static ErrorRecord Invalid(string path, GgufFormatException e)
    {
        (string id, string what) = e.Kind switch
        {
            // PEFT's own adapter_model.safetensors is the likeliest file here.
            GgufErrorKind.NotGguf => ("LoraFileNotGguf", "is not a GGUF file (a PEFT adapter must first be converted with llama.cpp's convert_lora_to_gguf.py)"),
            GgufErrorKind.UnsupportedVersion => ("LoraGgufVersionUnsupported", "uses an unsupported GGUF version"),
            GgufErrorKind.Truncated => ("LoraFileTruncated", "is truncated (an incomplete copy?)"),
            _ => ("LoraFileMalformed", "is malformed"),
        };
        return new ErrorRecord(
            new InvalidDataException($"The LoRA adapter file '{path}' {what}: {e.Message}.", e),
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
        string against = modelPath is null ? "" : $" with the model '{modelPath}'";
        return new ErrorRecord(
            new InvalidDataException($"The LoRA adapter '{path}' cannot be used{against}: {problem.Message}."),
            id, ErrorCategory.InvalidData, path);
    }

    public static ErrorRecord ScaleCountMismatch(int paths, int scales) => new(
        new ArgumentException(
            $"-LoraScale has {scales} value(s) for {paths} adapter(s) in -LoraPath; give one scale per adapter, in the same order, or leave -LoraScale out to use 1 for each."),
        "LoraScaleCountMismatch", ErrorCategory.InvalidArgument, scales);

    public static ErrorRecord ScaleWithoutPath() => new(
        new ArgumentException("-LoraScale needs -LoraPath: it gives the scale of each adapter named there."),
        "LoraScaleWithoutPath", ErrorCategory.InvalidArgument, null);

    public static ErrorRecord ScaleNotFinite(float scale) => new(
        new ArgumentException($"-LoraScale {scale} is not a finite number."),
        "LoraScaleInvalid", ErrorCategory.InvalidArgument, scale);

    public static ErrorRecord Duplicate(string path) => new(
        new ArgumentException($"The LoRA adapter '{path}' is given twice in -LoraPath; llama.cpp applies an adapter once, so give it once with the sum of the scales."),
        "LoraPathDuplicate", ErrorCategory.InvalidArgument, path);

    public static ErrorRecord LoadFailed(string path, Exception e, string[] nativeErrors)
    {
        string reason = nativeErrors.Length > 0 ? string.Join(" ", nativeErrors) : e.Message;
        return new ErrorRecord(
            new InvalidOperationException($"llama.cpp could not load the LoRA adapter '{path}': {reason}", e),
            "LoraLoadFailed", ErrorCategory.InvalidData, path);
    }
}
