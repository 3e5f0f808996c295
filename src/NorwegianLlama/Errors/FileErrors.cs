using System;
using System.IO;
using System.Management.Automation;
using NorwegianLlama.Gguf;

namespace NorwegianLlama.Errors;

/// <summary>The records for a path that does not name a usable file, worded for what the file was meant to be.</summary>
internal sealed class FileErrors
{
    public static readonly FileErrors Model = new(
        ("ModelFileNotFound", "ModelPathIsDirectory", "ModelPathNotFileSystem"), "model file", _ => "give the path of a .gguf file.", sniffsFolders: true);

    public static readonly FileErrors Lora = new(
        ("LoraFileNotFound", "LoraPathIsDirectory", "LoraPathNotFileSystem"), "LoRA adapter file", _ => "give the path of a LoRA adapter .gguf file.");

    public static readonly FileErrors Input = new(
        ("InputFileNotFound", "InputPathIsDirectory", "InputPathNotFileSystem"), "input file",
        path => $"give files, e.g. Get-ChildItem -File '{path}' | Invoke-NorskInstruction …");

    private readonly (string NotFound, string IsDirectory, string NotFileSystem) ids;
    private readonly string fileKind;
    private readonly Func<string, string> folderAdvice;
    private readonly bool sniffsFolders;

    private FileErrors(
        (string NotFound, string IsDirectory, string NotFileSystem) ids, string fileKind, Func<string, string> folderAdvice, bool sniffsFolders = false)
    {
        this.ids = ids;
        this.fileKind = fileKind;
        this.folderAdvice = folderAdvice;
        this.sniffsFolders = sniffsFolders;
    }

    public ErrorRecord NotFound(string path) => new(
        new FileNotFoundException($"The {fileKind} '{path}' does not exist.", path),
        ids.NotFound, ErrorCategory.ObjectNotFound, path);

    public ErrorRecord IsDirectory(string path) => new(
        new ArgumentException($"'{path}' is a folder; {folderAdvice(path)}"),
        ids.IsDirectory, ErrorCategory.InvalidArgument, path);

    public ErrorRecord NotFileSystem(string path) => new(
        new ArgumentException($"'{path}' is not a file system path."),
        ids.NotFileSystem, ErrorCategory.InvalidArgument, path);

    /// <summary>
    /// The same record, saying that an environment variable rather than a parameter named the path: nothing on the
    /// command line points there, so without it the user is left to guess where the path came from.
    /// </summary>
    public static ErrorRecord NamedByEnvironment(ErrorRecord record, string variable)
    {
        record.ErrorDetails = new ErrorDetails($"{record.Exception.Message} The path came from $env:{variable}.")
        {
            RecommendedAction =
                $"Set $env:{variable} to the path of a .gguf file, or remove it (Remove-Item Env:{variable}) to use the model " +
                "loaded last or the installed default; -ModelPath overrides it for one call.",
        };
        return record;
    }

    /// <summary>A folder given as a file. A folder of Hugging Face weights given as a model is named as such.</summary>
    public ErrorRecord Folder(string path) =>
        sniffsFolders && ForeignFormatSniffer.SniffFolder(path) is { } foreign ? ForeignFormatErrors.Create(path, foreign) : IsDirectory(path);
}
