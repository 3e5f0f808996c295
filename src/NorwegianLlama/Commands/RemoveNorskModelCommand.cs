using System.Linq;
using System.Management.Automation;
using NorwegianLlama.Hosting;
using NorwegianLlama.Inference;

namespace NorwegianLlama.Commands;

/// <summary>Unloads cached models. Weights still in use elsewhere are freed when that use ends.</summary>
[Cmdlet(VerbsCommon.Remove, "NorskModel", DefaultParameterSetName = PathSet, SupportsShouldProcess = true,
    ConfirmImpact = ConfirmImpact.Low)]
public sealed class RemoveNorskModelCommand : PSCmdlet
{
    private const string PathSet = "Path";
    private const string AllSet = "All";

    /// <summary>Matched against the loaded models' full paths; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
        ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = AllSet)]
    public SwitchParameter All { get; set; }

    protected override void ProcessRecord()
    {
        var loaded = ModelCache.Snapshot();
        if (All)
        {
            foreach (CachedModel model in loaded)
            {
                Unload(model.Path);
            }

            return;
        }

        foreach (string path in Path)
        {
            var matches = loaded.Where(Matcher(path)).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(path))
            {
                WriteError(ModelErrors.NotLoaded(path));
            }

            foreach (CachedModel model in matches)
            {
                Unload(model.Path);
            }
        }
    }

    /// <summary>A wildcard matches a loaded model's full path or file name; a plain path must name the same file.</summary>
    private System.Func<CachedModel, bool> Matcher(string path)
    {
        if (WildcardPattern.ContainsWildcardCharacters(path))
        {
            var pattern = WildcardPattern.Get(path, WildcardOptions.None);
            return model => pattern.IsMatch(model.Path) || pattern.IsMatch(System.IO.Path.GetFileName(model.Path));
        }

        string fullPath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        return model => model.Path == fullPath;
    }

    private void Unload(string fullPath)
    {
        if (ShouldProcess(fullPath, "Unload model"))
        {
            ModelCache.Remove(fullPath);
        }
    }
}
