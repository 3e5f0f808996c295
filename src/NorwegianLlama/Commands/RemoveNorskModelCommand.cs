using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using NorwegianLlama.Commands.Arguments;
using NorwegianLlama.Commands.Base;
using NorwegianLlama.Errors;
using NorwegianLlama.Inference;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Commands;

/// <summary>
/// Unloads cached models. -Path and -LiteralPath remove every entry of the file (with and without adapters); an
/// object from Get-NorskModelInfo -Loaded removes just its entry. Weights still in use elsewhere are freed when
/// that use ends, and a file's weights stay while another of its entries remains.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "NorskModel", DefaultParameterSetName = PathSet, SupportsShouldProcess = true,
    ConfirmImpact = ConfirmImpact.Low)]
public sealed class RemoveNorskModelCommand : PSCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string InputObjectSet = "InputObject";
    private const string AllSet = "All";

    /// <summary>Matched against the loaded models' full paths and file names; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Entries from Get-NorskModelInfo -Loaded; each removes the entry with its own adapters.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public NorskModelInfo[] InputObject { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = AllSet)]
    public SwitchParameter All { get; set; }

    protected override void BeginProcessing() => DebugWithoutPrompts.Apply(this);

    protected override void ProcessRecord()
    {
        IReadOnlyList<CachedModel> loaded = ModelCache.Snapshot();
        switch (ParameterSetName)
        {
            case AllSet:
                Unload(loaded);
                break;
            case PathSet:
                foreach (string pattern in Path)
                {
                    RemoveMatching(loaded, pattern, WildcardPattern.ContainsWildcardCharacters(pattern));
                }
                break;
            case InputObjectSet:
                foreach (NorskModelInfo model in InputObject)
                {
                    RemoveEntry(loaded, model);
                }
                break;
            default:
                foreach (string literal in LiteralPath)
                {
                    RemoveMatching(loaded, literal, isPattern: false);
                }
                break;
        }
    }

    /// <summary>Exactly the entry the object describes: its file with its adapters (none for a model file's object).</summary>
    private void RemoveEntry(IReadOnlyList<CachedModel> loaded, NorskModelInfo model)
    {
        if (!TryResolve(model.Path, out string fullPath))
        {
            return;
        }

        var adapters = model.LoraPath.Select((path, i) => new LoraSetting(path, i < model.LoraScale.Length ? model.LoraScale[i] : 1f));
        LoraSet loras;
        try
        {
            loras = new LoraSet(adapters);
        }
        catch (ArgumentException)
        {
            loras = LoraSet.None;
        }

        List<CachedModel> matches = loaded.Where(m => ModelCache.SamePath(m.Path, fullPath) && m.Loras.Equals(loras)).ToList();
        if (matches.Count == 0)
        {
            WriteError(ModelErrors.NotLoaded(loras.IsEmpty ? model.Path : ActionMessages.ModelWithAdapters(model.Path, loras.ToString())));
        }

        Unload(matches);
    }

    private void RemoveMatching(IReadOnlyList<CachedModel> loaded, string path, bool isPattern)
    {
        if (!TryResolve(path, out string fullPath))
        {
            return;
        }

        List<CachedModel> matches;
        if (isPattern)
        {
            // Case follows the platform's file system, as the cache's own keys do.
            var options = OperatingSystem.IsWindows() ? WildcardOptions.IgnoreCase : WildcardOptions.None;
            var byFullPath = WildcardPattern.Get(fullPath, options);
            var byName = WildcardPattern.Get(path, options);
            matches = loaded.Where(m => byFullPath.IsMatch(m.Path) || byName.IsMatch(System.IO.Path.GetFileName(m.Path))).ToList();
        }
        else
        {
            matches = loaded.Where(m => ModelCache.SamePath(m.Path, fullPath)).ToList();
            if (matches.Count == 0)
            {
                WriteError(ModelErrors.NotLoaded(path));
            }
        }

        Unload(matches);
    }

    /// <summary>The file system path of <paramref name="path"/>; reports one that cannot name a model file (a missing drive, another provider).</summary>
    private bool TryResolve(string path, out string fullPath)
    {
        PathFailure failure = FileSystemPath.TryResolve(this, path, out fullPath);
        if (failure != PathFailure.None)
        {
            WriteError(failure == PathFailure.NotFileSystem ? FileErrors.Model.NotFileSystem(path) : ModelErrors.NotLoaded(path));
        }

        return failure == PathFailure.None;
    }

    private void Unload(IEnumerable<CachedModel> models)
    {
        foreach (CachedModel model in models)
        {
            string target = model.Loras.IsEmpty ? model.Path : ActionMessages.ModelWithAdapters(model.Path, model.Loras.ToString());
            if (ShouldProcess(target, ActionMessages.UnloadModel()))
            {
                ModelCache.Remove(model);
            }
        }
    }
}
