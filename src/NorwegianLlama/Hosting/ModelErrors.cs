using System;
using System.IO;
using System.Management.Automation;
using NorwegianLlama.Gguf;

namespace NorwegianLlama.Hosting;

/// <summary>ErrorRecords with stable ids, so scripts can tell failures apart without parsing messages.</summary>
internal static class ModelErrors
{
    public static ErrorRecord NotFound(string path) => new(
        new FileNotFoundException($"The model file '{path}' does not exist.", path),
        "ModelFileNotFound", ErrorCategory.ObjectNotFound, path);

    public static ErrorRecord IsDirectory(string path) => new(
        new ArgumentException($"'{path}' is a folder; give the path of a .gguf file."),
        "ModelPathIsDirectory", ErrorCategory.InvalidArgument, path);

    public static ErrorRecord NotFileSystem(string path) => new(
        new ArgumentException($"'{path}' is not a file system path."),
        "ModelPathNotFileSystem", ErrorCategory.InvalidArgument, path);

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
}
