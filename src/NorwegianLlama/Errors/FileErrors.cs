using System;
using System.IO;
using System.Management.Automation;
using NorwegianLlama.Gguf;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Errors;

/// <summary>The records for a path that does not name a usable file, worded for what the file was meant to be.</summary>
internal sealed class FileErrors
{
    public static readonly FileErrors Model = new(
        ("ModelFileNotFound", "ModelPathIsDirectory", "ModelPathNotFileSystem"),
        FileMessages.ModelFileNotFound, FileMessages.ModelPathIsDirectory, sniffsFolders: true);

    public static readonly FileErrors Lora = new(
        ("LoraFileNotFound", "LoraPathIsDirectory", "LoraPathNotFileSystem"), FileMessages.LoraFileNotFound, FileMessages.LoraPathIsDirectory);

    public static readonly FileErrors Input = new(
        ("InputFileNotFound", "InputPathIsDirectory", "InputPathNotFileSystem"), FileMessages.InputFileNotFound, FileMessages.InputPathIsDirectory);

    private readonly (string NotFound, string IsDirectory, string NotFileSystem) ids;
    private readonly Func<string, string> notFoundMessage;
    private readonly Func<string, string> folderMessage;
    private readonly bool sniffsFolders;

    // Whole sentences per kind of file rather than one sentence with the kind filled in: Norwegian inflects the noun.
    private FileErrors(
        (string NotFound, string IsDirectory, string NotFileSystem) ids,
        Func<string, string> notFoundMessage,
        Func<string, string> folderMessage,
        bool sniffsFolders = false)
    {
        this.ids = ids;
        this.notFoundMessage = notFoundMessage;
        this.folderMessage = folderMessage;
        this.sniffsFolders = sniffsFolders;
    }

    public ErrorRecord NotFound(string path) => new(
        new FileNotFoundException(notFoundMessage(path), path),
        ids.NotFound, ErrorCategory.ObjectNotFound, path);

    public ErrorRecord IsDirectory(string path) => new(
        new ArgumentException(folderMessage(path)),
        ids.IsDirectory, ErrorCategory.InvalidArgument, path);

    public ErrorRecord NotFileSystem(string path) => new(
        new ArgumentException(FileMessages.PathNotFileSystem(path)),
        ids.NotFileSystem, ErrorCategory.InvalidArgument, path);

    /// <summary>
    /// The same record, saying that an environment variable rather than a parameter named the path: nothing on the
    /// command line points there, so without it the user is left to guess where the path came from.
    /// </summary>
    public static ErrorRecord NamedByEnvironment(ErrorRecord record, string variable)
    {
        record.ErrorDetails = new ErrorDetails(FileMessages.PathFromEnvironment(record.Exception.Message, variable))
        {
            RecommendedAction = FileMessages.PathFromEnvironmentAction(variable),
        };
        return record;
    }

    /// <summary>A folder given as a file. A folder of Hugging Face weights given as a model is named as such.</summary>
    public ErrorRecord Folder(string path) =>
        sniffsFolders && ForeignFormatSniffer.SniffFolder(path) is { } foreign ? ForeignFormatErrors.Create(path, foreign) : IsDirectory(path);
}
