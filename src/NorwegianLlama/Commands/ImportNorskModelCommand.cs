using System.Collections.Generic;
using System.Management.Automation;
using NorwegianLlama.Commands.Arguments;
using NorwegianLlama.Commands.Base;
using NorwegianLlama.Commands.Output;
using NorwegianLlama.Errors;
using NorwegianLlama.Gguf;
using NorwegianLlama.Inference;
using NorwegianLlama.Inspection;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Commands;

[Cmdlet(VerbsData.Import, "NorskModel", DefaultParameterSetName = PathSet)]
[OutputType(typeof(NorskModelInfo))]
public sealed class ImportNorskModelCommand : NorskCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string InputObjectSet = "InputObject";

    /// <summary>Also -ModelPath, the name every other cmdlet gives its model.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
    [Alias("ModelPath")]
    [ArgumentCompleter(typeof(ModelPathCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Models from Get-NorskModelInfo; their paths are taken literally.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public NorskModelInfo[] InputObject { get; set; } = [];

    /// <summary>Tokens the model can attend to in later calls; more costs memory.</summary>
    [Parameter]
    [ValidateRange(64, 1 << 20)]
    public int ContextSize { get; set; }

    [Parameter]
    [ValidateRange(1, 512)]
    public int Threads { get; set; }

    /// <summary>The KV cache types of later calls: one for keys and values, or two (keys, then values).</summary>
    [Parameter]
    [ValidateCount(1, 2)]
    public NorskKvCacheType[]? KvCacheType { get; set; }

    /// <summary>GGUF LoRA adapters to load with each model; the model and adapter set make one cache entry.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? LoraPath { get; set; }

    /// <summary>One scale per -LoraPath adapter, in order; 1 each when left out.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public float[]? LoraScale { get; set; }

    /// <summary>Leaves the weights as mapped from the file instead of repacking them for the CPU: less private memory, slower.</summary>
    [Parameter]
    public SwitchParameter NoRepack { get; set; }

    /// <summary>
    /// Layers to run on the GPU, where the platform has a GPU backend; defaults to $env:NORSK_GPU_LAYERS, else all
    /// layers where a backend is present (Metal on Apple Silicon) and none elsewhere.
    /// </summary>
    [Parameter]
    [ValidateRange(0, GpuLayers.MaxParameter)]
    public int GpuLayerCount { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private float[] scales = [];
    private int? requestedGpuLayers;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        bool scaleBound = MyInvocation.BoundParameters.ContainsKey(nameof(LoraScale));
        if (LoraInspection.ScalesFor(LoraPath, scaleBound ? LoraScale : null, out ErrorRecord? error) is not { } checkedScales)
        {
            ThrowTerminatingError(error!);
            return;
        }

        scales = checkedScales;
        requestedGpuLayers = RequestedGpuLayers(MyInvocation.BoundParameters.ContainsKey(nameof(GpuLayerCount)) ? GpuLayerCount : null);
    }

    protected override void ProcessRecord()
    {
        var defaults = new ContextDefaults(
            MyInvocation.BoundParameters.ContainsKey(nameof(ContextSize)) ? ContextSize : null,
            MyInvocation.BoundParameters.ContainsKey(nameof(Threads)) ? Threads : null,
            KvCacheType is { } kvCache ? KvCacheTypes.FromParameter(kvCache) : null);

        if (ParameterSetName == InputObjectSet)
        {
            // A loaded entry from Get-NorskModelInfo -Loaded comes back with its own adapters unless -LoraPath says otherwise,
            // and with its own GPU layers unless -GpuLayerCount or $env:NORSK_GPU_LAYERS does.
            foreach (NorskModelInfo model in InputObject)
            {
                bool own = LoraPath is null;
                foreach (string file in FilePathResolver.Resolve(this, [model.Path], literal: true, FileErrors.Model))
                {
                    ImportOne(file, defaults, own ? model.LoraPath : LoraPath!, own ? model.LoraScale : scales, requestedGpuLayers ?? model.GpuLayers);
                }
            }

            return;
        }

        IEnumerable<string> files = ParameterSetName == LiteralPathSet
            ? FilePathResolver.Resolve(this, LiteralPath, literal: true, FileErrors.Model)
            : FilePathResolver.Resolve(this, Path, literal: false, FileErrors.Model);
        foreach (string file in files)
        {
            ImportOne(file, defaults, LoraPath ?? [], scales, requestedGpuLayers);
        }
    }

    private void ImportOne(string file, ContextDefaults defaults, string[] loraPaths, float[] loraScales, int? gpuLayers)
    {
        if (ModelInspection.Inspect(file, out ErrorRecord? error) is not { } header)
        {
            WriteError(error!);
            return;
        }

        // Before anything native: llama.cpp aborts the process on a KV cache type the model cannot take.
        if (defaults.KvCache is { } asked && KvCacheChoice.Decide(asked, KvCacheShape.From(header)).Refusal is { } refusal)
        {
            WriteError(KvCacheErrors.Unsupported(refusal, file));
            return;
        }

        if (loraPaths.Length != loraScales.Length)
        {
            WriteError(LoraErrors.ScaleCountMismatch(loraPaths.Length, loraScales.Length));
            return;
        }

        if (LoraInspection.Inspect(this, loraPaths, loraScales, file, header, out ErrorRecord? loraError) is not { } loras)
        {
            WriteError(loraError!);
            return;
        }

        ContextSizeWarning.WarnIfBeyondTraining(this, header, defaults.ContextSize);

        Load(file, header, loras, defaults, gpuLayers);
    }

    private void Load(string file, GgufFile header, LoraSet loras, ContextDefaults defaults, int? requested)
    {
        // Like the repack choice, an import settles the GPU layers: asked for, or the platform's default.
        int gpuLayers = requested ?? GpuLayers.Default(GpuPlatform.Current, KvCacheShape.From(header).Layers);
        if (AcquireModel(file, header, loras, defaults, out ErrorRecord? error, repack: !NoRepack, gpuLayers: gpuLayers) is not { } lease)
        {
            WriteError(error!);
            return;
        }

        using (lease)
        {
            if (lease.ReplacedWeights is { } replaced)
            {
                WriteVerbose(replaced.Repacked == lease.Model.Repacked ? VerboseMessages.UnloadedOtherGpuLayers(file, replaced.GpuLayers)
                    : NoRepack ? VerboseMessages.UnloadedRepacked(file)
                    : VerboseMessages.UnloadedNotRepacked(file));
            }

            WriteVerbose(LoadReport.Describe(lease, file, loras));
            WriteVerbose(lease.Model.Repacked ? VerboseMessages.WeightsRepacked() : VerboseMessages.WeightsNotRepacked());
            WriteWhereLayersRun(lease.Model);
            AllocateFirstContext(lease.Model);
            if (PassThru)
            {
                WriteObject(ModelInfoFactory.Create(lease.Model.Header, lease.Model.Path, isLoaded: true, lease.Model.Loras, lease.Model.DefaultKvCache, lease.Model.Repacked, lease.Model.GpuLayers));
            }
        }
    }
}
