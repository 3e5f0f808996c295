using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace NorwegianLlama.Store;

/// <summary>
/// The models folder: where Install-NorskModel puts models, what Get-NorskModelInfo -ListAvailable lists,
/// what Uninstall-NorskModel may delete, and where model resolution finds the installed default.
/// </summary>
internal static class ModelStore
{
    public const string EnvironmentVariable = "NORSK_MODEL_DIR";
    public const string ModelExtension = ".gguf";
    public const string PartialExtension = ".partial";

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>
    /// $env:NORSK_MODEL_DIR, else the per-user data folder (see <see cref="DataFolder"/>) + NorwegianLlama/models.
    /// A relative NORSK_MODEL_DIR is taken relative to <paramref name="relativeTo"/> (PowerShell's current location),
    /// else to the process's directory.
    /// </summary>
    public static string GetFolder(string? relativeTo = null)
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
        {
            configured = ExpandHome(configured);
            return Path.GetFullPath(relativeTo is null ? configured : Path.Combine(relativeTo, configured));
        }

        return Path.Combine(DataHome(), "NorwegianLlama", "models");
    }

    /// <summary>The installed models (*.gguf directly in the folder), by file name; partial downloads are not models.</summary>
    public static IReadOnlyList<string> ListModels(string folder) =>
        Enumerate(folder).Where(IsModelFile).OrderBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The files Uninstall-NorskModel may remove: models and the partial downloads of models.</summary>
    public static IReadOnlyList<string> ListRemovable(string folder) =>
        Enumerate(folder).Where(f => IsModelFile(f) || IsPartialFile(f)).OrderBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The catalogue's files of <paramref name="name"/> (see <see cref="ModelCatalog"/>), partial downloads too, with their quantisations.</summary>
    public static IReadOnlyList<(string File, string Quantization)> ListCatalogFiles(string folder, string name)
    {
        var files = new List<(string, string)>();
        foreach (string file in ListRemovable(folder))
        {
            if (ModelCatalog.TryParseFileName(Path.GetFileName(ModelPathOf(file)), out string fileModel, out string quantization)
                && string.Equals(fileModel, ModelCatalog.Canonical(ModelCatalog.Names, name), StringComparison.Ordinal))
            {
                files.Add((file, quantization));
            }
        }

        return files;
    }

    /// <summary>
    /// The model to use when nothing names one: the default download (13B Q4_K_M) when installed, else the
    /// first installed model by name. Null when nothing is installed.
    /// </summary>
    public static string? FindDefault(string folder)
    {
        IReadOnlyList<string> models = ListModels(folder);
        string preferred = ModelCatalog.FileName(ModelCatalog.DefaultName, ModelCatalog.DefaultQuantization);
        return models.FirstOrDefault(m => string.Equals(Path.GetFileName(m), preferred, PathComparison)) ?? models.FirstOrDefault();
    }

    public static string PartialPathOf(string modelPath) => modelPath + PartialExtension;

    /// <summary>The model a partial download becomes; any other path as it is.</summary>
    public static string ModelPathOf(string path) => IsPartialFile(path) ? path[..^PartialExtension.Length] : path;

    /// <summary>Whether <paramref name="path"/> is a file directly inside <paramref name="folder"/> (after normalising both).</summary>
    public static bool IsDirectlyInside(string folder, string path)
    {
        string parent = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "";
        return string.Equals(
            Path.TrimEndingDirectorySeparator(parent),
            Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)),
            PathComparison);
    }

    public static bool SamePath(string a, string b) => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), PathComparison);

    public static bool IsModelFile(string path) => path.EndsWith(ModelExtension, StringComparison.OrdinalIgnoreCase);

    public static bool IsPartialFile(string path) =>
        path.EndsWith(ModelExtension + PartialExtension, StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> Enumerate(string folder)
    {
        try
        {
            return Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The per-user data folder the module's folders go in (the prompt cache shares it).</summary>
    internal static string DataHome() => DataFolder.Current();

    internal static string ExpandHome(string path) =>
        path == "~" ? Home()
        : path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal) ? Path.Combine(Home(), path[2..])
        : path;

    private static string Home() => DataFolder.Home();
}
