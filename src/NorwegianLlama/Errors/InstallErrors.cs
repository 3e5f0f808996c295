using System;
using System.IO;
using System.Management.Automation;
using NorwegianLlama.Gguf;
using NorwegianLlama.Store;

namespace NorwegianLlama.Errors;

/// <summary>The ErrorRecords of Install-NorskModel and Uninstall-NorskModel, with stable ids.</summary>
internal static class InstallErrors
{
    public static ErrorRecord Download(DownloadException e, Uri uri, string partialPath)
    {
        (string id, ErrorCategory category) = e.Failure switch
        {
            DownloadFailure.NotFound => ("ModelDownloadNotFound", ErrorCategory.ObjectNotFound),
            DownloadFailure.Unauthorized => ("ModelDownloadUnauthorized", ErrorCategory.PermissionDenied),
            DownloadFailure.Network => ("ModelDownloadNetworkError", ErrorCategory.ConnectionError),
            DownloadFailure.DiskFull => ("ModelDownloadDiskFull", ErrorCategory.ResourceUnavailable),
            DownloadFailure.WriteFailed => ("ModelDownloadWriteFailed", ErrorCategory.WriteError),
            DownloadFailure.InProgress => ("ModelDownloadInProgress", ErrorCategory.ResourceBusy),
            _ => ("ModelDownloadHttpError", ErrorCategory.InvalidResult),
        };

        string message = e.Message;
        if (e.Failure is DownloadFailure.Network or DownloadFailure.DiskFull && File.Exists(partialPath) && new FileInfo(partialPath).Length > 0)
        {
            message += $" The {ByteSize.Format(new FileInfo(partialPath).Length)} downloaded so far are kept in '{partialPath}'; run the same command again to resume.";
        }

        return new ErrorRecord(new IOException(message, e), id, category, uri);
    }

    public static ErrorRecord HashMismatch(Uri uri, string expected, string actual, string from) => new(
        new InvalidDataException(
            $"The file downloaded from '{uri.AbsoluteUri}' has the SHA-256 {actual}, but {from} says {expected}. It was deleted; nothing was installed."),
        "ModelDownloadHashMismatch", ErrorCategory.InvalidData, uri);

    /// <param name="found">The format the file turned out to be, when it is one of the known non-GGUF ones.</param>
    public static ErrorRecord NotGguf(Uri uri, GgufFormatException e, ForeignModel? found = null) => new(
        new InvalidDataException(
            found is null
                ? $"The file downloaded from '{uri.AbsoluteUri}' is not a valid GGUF model ({e.Message}). It was deleted; nothing was installed."
                : $"The file downloaded from '{uri.AbsoluteUri}' is {found.Description}, not a GGUF model. It was deleted; nothing was installed. "
                    + "NorwegianLlama runs GGUF files only: download the .gguf file of the model (its repository's GGUF variant), "
                    + "or convert your own weights with llama.cpp's convert_hf_to_gguf.py.",
            e),
        "ModelDownloadNotGguf", ErrorCategory.InvalidData, uri);

    /// <summary>Why <see cref="ModelInstaller.Verify"/> refused a download.</summary>
    public static ErrorRecord Refused(Uri uri, DownloadResult result, Verification verified) => verified.Failure switch
    {
        GgufFormatException e => NotGguf(uri, e, verified.Foreign),
        { } unreadable => ModelErrors.Unreadable(result.PartialPath, unreadable),
        _ => HashMismatch(uri, result.ExpectedSha256 ?? "(none)", result.ActualSha256 ?? "(none)", result.ExpectedFrom ?? "-Sha256"),
    };

    public static ErrorRecord InstallFailed(string path, Exception e) => new(
        new IOException($"The download is complete but cannot be moved to '{path}': {e.Message}", e),
        "ModelInstallFailed", ErrorCategory.WriteError, path);

    public static ErrorRecord UriInvalid(string uri, string why) => new(
        new ArgumentException($"-Uri '{uri}' {why}"),
        "ModelUriInvalid", ErrorCategory.InvalidArgument, uri);

    public static ErrorRecord DestinationInvalid(string path, string why) => new(
        new ArgumentException($"-Destination '{path}' {why}"),
        "ModelDestinationInvalid", ErrorCategory.InvalidArgument, path);

    public static ErrorRecord EndpointInvalid(ArgumentException e) => new(
        e, "ModelEndpointInvalid", ErrorCategory.InvalidArgument, Environment.GetEnvironmentVariable(HuggingFaceSource.EndpointVariable));

    public static ErrorRecord NotInstalled(string what, string folder) => new(
        new ItemNotFoundException($"No installed model matches '{what}' in '{folder}'. Get-NorskModelInfo -ListAvailable lists the installed models."),
        "ModelNotInstalled", ErrorCategory.ObjectNotFound, what);

    public static ErrorRecord OutsideModelsFolder(string path, string folder) => new(
        new ArgumentException(
            $"'{path}' is not in the models folder '{folder}'. Uninstall-NorskModel only deletes installed models; use Remove-Item for other files."),
        "ModelOutsideModelsFolder", ErrorCategory.InvalidArgument, path);

    public static ErrorRecord UninstallFailed(string path, Exception e) => new(
        new IOException($"'{path}' cannot be deleted: {e.Message}", e),
        "ModelUninstallFailed", ErrorCategory.WriteError, path);
}
