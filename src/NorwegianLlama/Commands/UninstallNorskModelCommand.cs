using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using NorwegianLlama.Commands.Arguments;
using NorwegianLlama.Errors;
using NorwegianLlama.Inference;
using NorwegianLlama.Store;

namespace NorwegianLlama.Commands;

/// <summary>
/// Deletes installed models (and their partial downloads) from the models folder, unloading them first.
/// Refuses any file outside the models folder.
/// </summary>
[Cmdlet(VerbsLifecycle.Uninstall, "NorskModel", DefaultParameterSetName = NameSet, SupportsShouldProcess = true,
    ConfirmImpact = ConfirmImpact.Medium)]
public sealed class UninstallNorskModelCommand : PSCmdlet
{
    private const string NameSet = "Name";
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string InputObjectSet = "InputObject";

    private readonly HashSet<string> removed = new(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
    private string folder = "";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
    [ValidateCatalog(CatalogList.Name)]
    [ArgumentCompleter(typeof(ModelNameCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>Which quantisations of -Name; all installed ones when omitted.</summary>
    [Parameter(ParameterSetName = NameSet)]
    [ValidateCatalog(CatalogList.Quantization)]
    [ArgumentCompleter(typeof(QuantizationCompleter))]
    public string[]? Quantization { get; set; }

    /// <summary>File names in the models folder (wildcards), or paths that lead into it.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Models from Get-NorskModelInfo -ListAvailable.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public NorskModelInfo[] InputObject { get; set; } = [];

    protected override void BeginProcessing() =>
        folder = ModelStore.GetFolder(SessionState.Path.CurrentFileSystemLocation.ProviderPath);

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case NameSet:
                foreach (string name in Name)
                {
                    RemoveByName(ModelCatalog.Canonical(ModelCatalog.Names, name));
                }

                break;
            case PathSet:
                foreach (string pattern in Path)
                {
                    RemoveByPattern(pattern);
                }

                break;
            case LiteralPathSet:
                foreach (string literal in LiteralPath)
                {
                    RemoveExact(literal, Resolve(literal));
                }

                break;
            default:
                foreach (NorskModelInfo model in InputObject)
                {
                    RemoveExact(model.Path, model.Path);
                }

                break;
        }
    }

    /// <summary>The catalogue's files of <paramref name="name"/> and their partial downloads, for the quantisations asked for (or all).</summary>
    private void RemoveByName(string name)
    {
        string[]? quantizations = Quantization?.Select(q => ModelCatalog.Canonical(ModelCatalog.Quantizations, q)).ToArray();
        string[] what = quantizations is null ? [name] : quantizations.Select(q => $"{name} {q}").ToArray();
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        foreach (string file in ModelStore.ListRemovable(folder))
        {
            string fileName = System.IO.Path.GetFileName(ModelStore.ModelPathOf(file));
            if (!ModelCatalog.TryParseFileName(fileName, out string fileModel, out string quantization)
                || !string.Equals(fileModel, name, StringComparison.Ordinal)
                || (quantizations is not null && !quantizations.Contains(quantization, StringComparer.OrdinalIgnoreCase)))
            {
                continue;
            }

            found.Add(quantizations is null ? name : $"{name} {quantization}");
            Remove(file);
        }

        foreach (string missing in what.Where(w => !found.Contains(w)))
        {
            WriteError(InstallErrors.NotInstalled(missing, folder));
        }
    }

    /// <summary>
    /// A bare name (wildcards allowed) is looked up in the models folder; a path with a folder in it is
    /// resolved like any PowerShell path and must lead into the models folder.
    /// </summary>
    private void RemoveByPattern(string pattern)
    {
        // No file name holds a NUL, and .NET's path functions throw on one.
        if (pattern.Contains('\0', StringComparison.Ordinal))
        {
            WriteError(InstallErrors.NotInstalled(pattern, folder));
            return;
        }

        bool hasFolder = pattern.IndexOfAny(['/', '\\']) >= 0 || pattern.Contains(':', StringComparison.Ordinal) || pattern.StartsWith('~');
        string? fullPattern = hasFolder ? Resolve(pattern) : System.IO.Path.Combine(folder, pattern);
        if (fullPattern is null || !ModelStore.IsDirectlyInside(folder, fullPattern))
        {
            WriteError(InstallErrors.OutsideModelsFolder(pattern, folder));
            return;
        }

        var options = OperatingSystem.IsWindows() ? WildcardOptions.IgnoreCase : WildcardOptions.None;
        var byName = WildcardPattern.Get(System.IO.Path.GetFileName(fullPattern), options);
        List<string> matches = ModelStore.ListRemovable(folder).Where(f => byName.IsMatch(System.IO.Path.GetFileName(f))).ToList();
        if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
        {
            WriteError(InstallErrors.NotInstalled(pattern, folder));
        }

        matches.ForEach(Remove);
    }

    private void RemoveExact(string given, string? path)
    {
        if (given.Contains('\0', StringComparison.Ordinal))
        {
            WriteError(InstallErrors.NotInstalled(given, folder));
            return;
        }

        if (path is null || !ModelStore.IsDirectlyInside(folder, path))
        {
            WriteError(InstallErrors.OutsideModelsFolder(given, folder));
            return;
        }

        string? file = ModelStore.ListRemovable(folder).FirstOrDefault(f => ModelStore.SamePath(f, path));
        if (file is null)
        {
            WriteError(InstallErrors.NotInstalled(given, folder));
            return;
        }

        Remove(file);
    }

    /// <summary>A PowerShell path as a file system path; null when it is on another provider or drive.</summary>
    private string? Resolve(string path)
    {
        try
        {
            string resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
            return provider.ImplementingType == typeof(Microsoft.PowerShell.Commands.FileSystemProvider) ? resolved : null;
        }
        catch (Exception e) when (e is ProviderNotFoundException or System.Management.Automation.DriveNotFoundException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }

    private void Remove(string file)
    {
        if (!removed.Add(file))
        {
            return;
        }

        bool partial = ModelStore.IsPartialFile(file);
        if (!ShouldProcess(file, partial ? "Delete partial download" : "Uninstall model"))
        {
            return;
        }

        string fullPath = System.IO.Path.GetFullPath(file);
        if (ModelCache.IsLoaded(fullPath))
        {
            WriteVerbose($"Unloading '{fullPath}' first.");
            ModelCache.Remove(fullPath);
        }

        try
        {
            File.Delete(fullPath);
            WriteVerbose($"Deleted '{fullPath}'.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(InstallErrors.UninstallFailed(fullPath, e));
        }
    }
}
