using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using NorwegianLlama.Commands.Arguments;
using NorwegianLlama.Commands.Base;
using NorwegianLlama.Errors;
using NorwegianLlama.Inference;
using NorwegianLlama.Resources;
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

    protected override void BeginProcessing()
    {
        DebugWithoutPrompts.Apply(this);
        folder = ModelStore.GetFolder(SessionState.Path.CurrentFileSystemLocation.ProviderPath);
    }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case NameSet:
                Array.ForEach(Name, name => RemoveByName(ModelCatalog.Canonical(ModelCatalog.Names, name)));

                break;
            case PathSet:
                Array.ForEach(Path, RemoveByPattern);

                break;
            case LiteralPathSet:
                foreach (string literal in LiteralPath)
                {
                    RemoveExact(literal, FileSystemPath.TryResolve(this, literal, out string path), path);
                }

                break;
            default:
                foreach (NorskModelInfo model in InputObject)
                {
                    RemoveExact(model.Path, FileSystemPath.CanNameFile(model.Path) ? PathFailure.None : PathFailure.NotFound, model.Path);
                }

                break;
        }
    }

    /// <summary>The catalogue's files of <paramref name="name"/> and their partial downloads, for the quantisations asked for (or all).</summary>
    private void RemoveByName(string name)
    {
        string[]? quantizations = Quantization?.Select(q => ModelCatalog.Canonical(ModelCatalog.Quantizations, q)).ToArray();
        var chosen = ModelStore.ListCatalogFiles(folder, name)
            .Where(f => quantizations is null || quantizations.Contains(f.Quantization, StringComparer.OrdinalIgnoreCase)).ToList();
        chosen.ForEach(f => Remove(f.File));

        string[] asked = quantizations is null ? [name] : quantizations.Select(q => $"{name} {q}").ToArray();
        var found = chosen.Select(f => quantizations is null ? name : $"{name} {f.Quantization}").ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (string missing in asked.Where(a => !found.Contains(a)))
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
        bool hasFolder = pattern.IndexOfAny(['/', '\\']) >= 0 || pattern.Contains(':', StringComparison.Ordinal) || pattern.StartsWith('~');
        string fullPattern = System.IO.Path.Combine(folder, pattern);
        PathFailure failure = hasFolder ? FileSystemPath.TryResolve(this, pattern, out fullPattern)
            : FileSystemPath.CanNameFile(pattern) ? PathFailure.None
            : PathFailure.NotFound;
        if (!IsInModelsFolder(pattern, failure, fullPattern))
        {
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

    private void RemoveExact(string given, PathFailure failure, string path)
    {
        if (!IsInModelsFolder(given, failure, path))
        {
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

    /// <summary>Reports a path that cannot name an installed model: no file (NotInstalled), or one outside the models folder.</summary>
    private bool IsInModelsFolder(string given, PathFailure failure, string path)
    {
        if (failure == PathFailure.NotFound)
        {
            WriteError(InstallErrors.NotInstalled(given, folder));
            return false;
        }

        if (failure == PathFailure.NotFileSystem || !ModelStore.IsDirectlyInside(folder, path))
        {
            WriteError(InstallErrors.OutsideModelsFolder(given, folder));
            return false;
        }

        return true;
    }

    private void Remove(string file)
    {
        if (!removed.Add(file))
        {
            return;
        }

        bool partial = ModelStore.IsPartialFile(file);
        if (!ShouldProcess(file, partial ? ActionMessages.DeletePartialDownload() : ActionMessages.UninstallModel()))
        {
            return;
        }

        string fullPath = System.IO.Path.GetFullPath(file);
        if (ModelCache.IsLoaded(fullPath))
        {
            WriteVerbose(VerboseMessages.UnloadingFirst(fullPath));
            ModelCache.Remove(fullPath);
        }

        try
        {
            File.Delete(fullPath);
            WriteVerbose(VerboseMessages.Deleted(fullPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(InstallErrors.UninstallFailed(fullPath, e));
        }
    }
}
