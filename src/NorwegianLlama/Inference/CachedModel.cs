using System;
using System.Threading;
using LLama;
using NorwegianLlama.Gguf;

namespace NorwegianLlama.Inference;

/// <summary>
/// Loaded weights shared by every runspace in the process. Removal only marks it; the native memory is
/// freed when the last user lets go, so one runspace cannot pull weights out from under another.
/// </summary>
internal sealed class CachedModel
{
    private readonly object gate = new();
    private readonly Lazy<ByteTokens> byteTokens;
    private int leases;
    private bool evicted;

    public CachedModel(string path, GgufFile header, LLamaWeights weights, TimeSpan loadDuration, ContextDefaults defaults)
    {
        Path = path;
        Header = header;
        Contexts = new ContextPool(header);
        Weights = weights;
        byteTokens = new Lazy<ByteTokens>(() => ByteTokens.For(weights.NativeHandle));
        LoadDuration = loadDuration;
        Defaults = defaults;
        LoadedAt = DateTimeOffset.Now;
    }

    public string Path { get; }

    public GgufFile Header { get; }

    public LLamaWeights Weights { get; }

    /// <summary>The byte-fallback tokens every answer is guarded against splitting characters with.</summary>
    public ByteTokens ByteTokens => byteTokens.Value;

    /// <summary>Warm contexts for prefix reuse; freed before the weights they point into.</summary>
    public ContextPool Contexts { get; }

    public DateTimeOffset LoadedAt { get; }

    public TimeSpan LoadDuration { get; }

    /// <summary>Context settings from Import-NorskModel, used when a call does not give its own.</summary>
    public ContextDefaults Defaults { get; set; }

    public int ActiveLeases => Volatile.Read(ref leases);

    public ModelLease? TryAcquire(bool loadedNow = false)
    {
        lock (gate)
        {
            if (evicted)
            {
                return null;
            }

            leases++;
            return new ModelLease(this, loadedNow);
        }
    }

    public void Evict()
    {
        lock (gate)
        {
            evicted = true;
            if (leases == 0)
            {
                Contexts.Dispose();
                Weights.Dispose();
            }
        }
    }

    internal void Release()
    {
        lock (gate)
        {
            leases--;
            if (evicted && leases == 0)
            {
                Contexts.Dispose();
                Weights.Dispose();
            }
        }
    }
}

/// <summary>A use of a cached model; dispose it when the operation ends.</summary>
internal sealed class ModelLease : IDisposable
{
    private CachedModel? model;

    internal ModelLease(CachedModel model, bool loadedNow)
    {
        this.model = model;
        LoadedNow = loadedNow;
    }

    public CachedModel Model => model ?? throw new ObjectDisposedException(nameof(ModelLease));

    /// <summary>False when the weights came from the cache.</summary>
    public bool LoadedNow { get; }

    public void Dispose() => Interlocked.Exchange(ref model, null)?.Release();
}

/// <param name="ContextSize">Null: the model's trained context length, capped to keep memory sane.</param>
/// <param name="Threads">Null: one per physical core.</param>
internal sealed record ContextDefaults(int? ContextSize, int? Threads)
{
    public static readonly ContextDefaults None = new(null, null);

    /// <summary>What is set here wins; what is not keeps the earlier value.</summary>
    public ContextDefaults Over(ContextDefaults earlier) =>
        new(ContextSize ?? earlier.ContextSize, Threads ?? earlier.Threads);
}
