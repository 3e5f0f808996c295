using System;
using System.Management.Automation;
using NorwegianLlama.Commands.Arguments;
using NorwegianLlama.Commands.Output;
using NorwegianLlama.Errors;
using NorwegianLlama.Gguf;
using NorwegianLlama.Inference;
using NorwegianLlama.Inspection;

namespace NorwegianLlama.Commands.Base;

/// <summary>
/// Base of the cmdlets that run the model: one model per invocation, taken from the cache (loaded on first
/// use) in BeginProcessing and released when the cmdlet is disposed, however it ends.
/// </summary>
public abstract class NorskModelCmdlet : NorskCmdlet
{
    private ModelLease? lease;

    /// <summary>The GGUF model file; defaults to $env:NORSK_MODEL_PATH, the model loaded last, then the installed default.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ModelPathCompleter))]
    [ValidateNotNullOrEmpty]
    public string? ModelPath { get; set; }

    /// <summary>Tokens of prompt and answer together; defaults to the model's trained length, at most 4096.</summary>
    [Parameter]
    [ValidateRange(64, 1 << 20)]
    public int ContextSize { get; set; }

    [Parameter]
    [ValidateRange(1, 512)]
    public int Threads { get; set; }

    /// <summary>
    /// How the KV cache stores keys and values: one type for both, or two (keys, then values). Defaults to what
    /// Import-NorskModel set, else Q8_0 keys and Q4_0 values where the model's head width allows.
    /// </summary>
    [Parameter]
    [ValidateCount(1, 2)]
    public NorskKvCacheType[]? KvCacheType { get; set; }

    /// <summary>GGUF LoRA adapters (llama.cpp's adapter format) to apply to the model; the model and adapter set are cached together.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? LoraPath { get; set; }

    /// <summary>One scale per -LoraPath adapter, in order; 1 each when left out, 0 turns an adapter off.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public float[]? LoraScale { get; set; }

    /// <summary>
    /// Layers to run on the GPU, where the platform has a GPU backend; defaults to $env:NORSK_GPU_LAYERS, then the
    /// loaded model's, then all layers where a backend is present (Metal on Apple Silicon) and none elsewhere.
    /// </summary>
    [Parameter]
    [ValidateRange(0, GpuLayers.MaxParameter)]
    public int GpuLayerCount { get; set; }

    private protected CachedModel Model => lease?.Model ?? throw new InvalidOperationException("No model was acquired.");

    private protected int EffectiveContextSize { get; private set; }

    private protected int EffectiveThreads { get; private set; }

    private protected KvCacheTypes EffectiveKvCache { get; private set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        ResolvedModel resolved = ModelResolver.Resolve(this, ModelPath);
        if (resolved.Error is not null)
        {
            ThrowTerminatingError(resolved.Error);
        }

        string path = resolved.Path ?? ThrowTerminating<string>(ModelErrors.NoModel());
        GgufFile header = ModelInspection.Inspect(path, out ErrorRecord? error) ?? ThrowTerminating<GgufFile>(error!);

        // Checked before anything native: llama.cpp aborts the process on a KV cache type the model cannot take.
        KvCacheTypes? askedKvCache = KvCacheType is { } asked ? KvCacheTypes.FromParameter(asked) : null;
        if (askedKvCache is not null && KvCacheChoice.Decide(askedKvCache, KvCacheShape.From(header)).Refusal is { } refusal)
        {
            ThrowTerminatingError(KvCacheErrors.Unsupported(refusal, path));
        }

        LoraSet loras = ChooseLoras(path, header, resolved);
        int? gpuLayers = RequestedGpuLayers(Bound(nameof(GpuLayerCount)) ? GpuLayerCount : null);
        lease = AcquireModel(path, header, loras, null, out ErrorRecord? loadError, gpuLayers: gpuLayers) ?? ThrowTerminating<ModelLease>(loadError!);
        WriteVerbose(LoadReport.Describe(lease, path, loras));
        WriteWhereLayersRun(lease!.Model);

        EffectiveContextSize = Bound(nameof(ContextSize)) ? ContextSize : lease!.Model.Defaults.ContextSize ?? ContextBudget.DefaultContextSize(header);
        ContextSizeWarning.WarnIfBeyondTraining(this, header, Bound(nameof(ContextSize)) ? ContextSize : null);
        EffectiveThreads = Bound(nameof(Threads)) ? Threads : lease!.Model.Defaults.Threads ?? CpuTopology.PhysicalCores;
        EffectiveKvCache = askedKvCache ?? lease!.Model.DefaultKvCache;
    }

    protected override void DisposeResources() => lease?.Dispose();

    private protected bool Bound(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);

    /// <summary>
    /// -LoraPath, checked against the model; without it, the adapters of the cache entry the model came from
    /// (when nothing named a model), else none.
    /// </summary>
    private LoraSet ChooseLoras(string path, GgufFile header, ResolvedModel resolved)
    {
        float[] scales = LoraInspection.ScalesFor(LoraPath, Bound(nameof(LoraScale)) ? LoraScale : null, out ErrorRecord? scaleError)
            ?? ThrowTerminating<float[]>(scaleError!);
        if (LoraPath is not { Length: > 0 })
        {
            return resolved.CachedLoras ?? LoraSet.None;
        }

        return LoraInspection.Inspect(this, LoraPath, scales, path, header, out ErrorRecord? error) ?? ThrowTerminating<LoraSet>(error!);
    }

    private T ThrowTerminating<T>(ErrorRecord record)
    {
        ThrowTerminatingError(record);
        return default!;
    }
}
