using System;
using System.IO;
using System.Management.Automation;
using NorwegianLlama.Gguf;
using NorwegianLlama.Resources;
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
            message += " " + StoreMessages.PartialKept(ByteSize.Format(new FileInfo(partialPath).Length), partialPath);
        }

        return new ErrorRecord(new IOException(message, e), id, category, uri);
    }

    public static ErrorRecord HashMismatch(Uri uri, string expected, string actual, string from) => new(
        new InvalidDataException(
            StoreMessages.HashMismatch(uri.AbsoluteUri, actual, from, expected)),
        "ModelDownloadHashMismatch", ErrorCategory.InvalidData, uri);

    /// <param name="found">The format the file turned out to be, when it is one of the known non-GGUF ones.</param>
    public static ErrorRecord NotGguf(Uri uri, GgufFormatException e, ForeignModel? found = null) => new(
        new InvalidDataException(
            found is null
                ? StoreMessages.NotGguf(uri.AbsoluteUri, e.Message)
                : StoreMessages.NotGgufForeign(uri.AbsoluteUri, found.Description),
            e),
        "ModelDownloadNotGguf", ErrorCategory.InvalidData, uri);

    /// <summary>Why <see cref="ModelInstaller.Verify"/> refused a download.</summary>
    public static ErrorRecord Refused(Uri uri, DownloadResult result, Verification verified) => verified.Failure switch
    {
        GgufFormatException e => NotGguf(uri, e, verified.Foreign),
        { } unreadable => ModelErrors.Unreadable(result.PartialPath, unreadable),
        _ => HashMismatch(uri, result.ExpectedSha256 ?? StoreMessages.NoHash(), result.ActualSha256 ?? StoreMessages.NoHash(), result.ExpectedFrom ?? "-Sha256"),
    };

    public static ErrorRecord InstallFailed(string path, Exception e) => new(
        new IOException(StoreMessages.InstallFailed(path, e.Message), e),
        "ModelInstallFailed", ErrorCategory.WriteError, path);

    /// <param name="message">What is wrong, as <see cref="ModelInstaller.FileNameOf"/> says it.</param>
    public static ErrorRecord UriInvalid(string uri, string message) => new(
        new ArgumentException(message),
        "ModelUriInvalid", ErrorCategory.InvalidArgument, uri);

    /// <param name="message">One of the StoreMessages.Destination… sentences.</param>
    public static ErrorRecord DestinationInvalid(string path, string message) => new(
        new ArgumentException(message),
        "ModelDestinationInvalid", ErrorCategory.InvalidArgument, path);

    public static ErrorRecord EndpointInvalid(ArgumentException e) => new(
        e, "ModelEndpointInvalid", ErrorCategory.InvalidArgument, Environment.GetEnvironmentVariable(HuggingFaceSource.EndpointVariable));

    public static ErrorRecord NotInstalled(string what, string folder) => new(
        new ItemNotFoundException(StoreMessages.NotInstalled(what, folder)),
        "ModelNotInstalled", ErrorCategory.ObjectNotFound, what);

    public static ErrorRecord OutsideModelsFolder(string path, string folder) => new(
        new ArgumentException(
            StoreMessages.OutsideModelsFolder(path, folder)),
        "ModelOutsideModelsFolder", ErrorCategory.InvalidArgument, path);

    public static ErrorRecord UninstallFailed(string path, Exception e) => new(
        new IOException(StoreMessages.UninstallFailed(path, e.Message), e),
        "ModelUninstallFailed", ErrorCategory.WriteError, path);
}
