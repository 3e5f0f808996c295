using System.Management.Automation;
using NorwegianLlama.Commands.Arguments;
using NorwegianLlama.Commands.Base;
using NorwegianLlama.Errors;
using NorwegianLlama.Gguf;
using NorwegianLlama.Inference;
using NorwegianLlama.Inspection;
using NorwegianLlama.Resources;
using NorwegianLlama.Store;

namespace NorwegianLlama.Commands;

[Cmdlet(VerbsCommon.Get, "NorskModelInfo", DefaultParameterSetName = PathSet)]
[OutputType(typeof(NorskModelInfo), typeof(NorskAdapterInfo))]
public sealed class GetNorskModelInfoCommand : PSCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string LoadedSet = "Loaded";
    private const string ListAvailableSet = "ListAvailable";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LoadedSet)]
    public SwitchParameter Loaded { get; set; }

    /// <summary>The models installed in the models folder (Install-NorskModel's destination).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ListAvailableSet)]
    public SwitchParameter ListAvailable { get; set; }

    protected override void BeginProcessing() => DebugWithoutPrompts.Apply(this);

    protected override void ProcessRecord()
    {
        if (Loaded)
        {
            foreach (CachedModel model in ModelCache.Snapshot())
            {
                WriteObject(ModelInfoFactory.Create(model.Header, model.Path, isLoaded: true, model.Loras, model.DefaultKvCache, model.Repacked, model.GpuLayers));
            }

            return;
        }

        if (ListAvailable)
        {
            string folder = ModelStore.GetFolder(SessionState.Path.CurrentFileSystemLocation.ProviderPath);
            WriteVerbose(VerboseMessages.ListingModels(folder));
            foreach (string file in ModelStore.ListModels(folder))
            {
                if (ModelHeaderReader.TryRead(this, file) is { } installed)
                {
                    WriteObject(Describe(installed, file));
                }
            }

            return;
        }

        bool literal = ParameterSetName == LiteralPathSet;
        foreach (string file in FilePathResolver.Resolve(this, literal ? LiteralPath : Path, literal, FileErrors.Model))
        {
            if (ModelHeaderReader.TryRead(this, file) is { } header)
            {
                WriteObject(Describe(header, file));
            }
        }
    }

    /// <summary>A LoRA adapter gets its own description; anything else is described as a model.</summary>
    private static object Describe(GgufFile header, string file) =>
        LoraAdapterCheck.IsAdapter(header)
            ? AdapterInfoFactory.Create(header, file)
            : ModelInfoFactory.Create(header, file, ModelCache.IsLoaded(file));
}
