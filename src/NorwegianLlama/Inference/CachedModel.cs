using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LLama;
using LLama.Common;
using LLama.Native;
using NorwegianLlama.Gguf;
using NorwegianLlama.Inference.PromptCache;

namespace NorwegianLlama.Inference;

/// <summary>
/// A cache entry: a model's weights with one set of LoRA adapters, shared by every runspace in the process.
/// Entries of the same file with other adapter sets share the weights but never contexts, since a KV cache
/// computed with one adapter set is wrong for any other. Removal only marks an entry; its contexts (and the
/// weights, when no other entry holds them) are freed when the last user lets go, so one runspace cannot pull
/// them out from under another.
/// </summary>
internal sealed class CachedModel
{
    private readonly object gate = new();
    private readonly LoadedWeights loaded;
    private readonly (LoraAdapter Adapter, float Scale)[] applied;
    private int leases;
    private bool evicted;

    /// <param name="adapters">Loaded onto <paramref name="loaded"/>, in the order of <paramref name="loras"/>.</param>
    public CachedModel(LoadedWeights loaded, LoraSet loras, IReadOnlyList<LoraAdapter> adapters, ContextDefaults defaults)
    {
        if (!loaded.TryAddUser())
        {
            throw new ObjectDisposedException(nameof(LoadedWeights));
        }

        this.loaded = loaded;
        Loras = loras;
        applied = loras.Adapters.Zip(adapters, (setting, adapter) => (adapter, setting.Scale)).ToArray();
        Contexts = new ContextPool(loaded.Header, applied, loaded.IdleContexts, new PersistedPrefixes(loaded.Path, loras, loaded.Repacked, loaded.GpuLayers));
        Defaults = defaults;
        LoadedAt = DateTimeOffset.Now;
    }

    public string Path => loaded.Path;

    public GgufFile Header => loaded.Header;

    public LLamaWeights Weights => loaded.Weights;

    /// <summary>Whether the shared weights were repacked for the CPU when they were loaded.</summary>
    public bool Repacked => loaded.Repacked;

    /// <summary>The layers of the shared weights that run on the GPU.</summary>
    public int GpuLayers => loaded.GpuLayers;

    internal LoadedWeights Loaded => loaded;

    /// <summary>The byte-fallback tokens every answer is guarded against splitting characters with.</summary>
    public ByteTokens ByteTokens => loaded.ByteTokens;

    /// <summary>The adapters every context of this entry applies; part of the cache key.</summary>
    public LoraSet Loras { get; }

    /// <summary>Warm contexts for prefix reuse, all with this entry's adapters; freed before the weights they point into.</summary>
    public ContextPool Contexts { get; }

    public DateTimeOffset LoadedAt { get; }

    /// <summary>How long the weights took to load (when the first entry of the file was made).</summary>
    public TimeSpan LoadDuration => loaded.LoadDuration;

    /// <summary>Context settings from Import-NorskModel, used when a call does not give its own.</summary>
    public ContextDefaults Defaults { get; set; }

    public int ActiveLeases => Volatile.Read(ref leases);

    /// <summary>What of the model's attention decides its KV cache types and size.</summary>
    public KvCacheShape KvShape => KvCacheShape.From(Header);

    /// <summary>The KV cache types of a call that does not choose its own (Import-NorskModel's were checked there).</summary>
    public KvCacheTypes DefaultKvCache => KvCacheChoice.Decide(Defaults.KvCache, KvShape).Types;

    /// <summary>The context a call without settings of its own gets.</summary>
    public ContextShape DefaultShape => new(
        Defaults.ContextSize ?? ContextBudget.DefaultContextSize(Header), 1, Defaults.Threads ?? CpuTopology.PhysicalCores, DefaultKvCache);

    /// <summary>A fresh context on these weights with this entry's adapters applied.</summary>
    public LLamaContext CreateContext(ModelParams parameters) => ContextPool.CreateWithAdapters(Weights, parameters, applied);

    public ModelLease? TryAcquire(bool loadedNow = false, bool adaptersLoadedNow = false, bool createdNow = false, LoadedWeights? replacedWeights = null)
    {
        lock (gate)
        {
            if (evicted)
            {
                return null;
            }

            leases++;
            return new ModelLease(this, loadedNow, adaptersLoadedNow, createdNow, replacedWeights);
        }
    }

    public void Evict()
    {
        lock (gate)
        {
            if (evicted)
            {
                return;
            }

            evicted = true;
            if (leases == 0)
            {
                Free();
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
                Free();
            }
        }
    }

    private void Free()
    {
        Contexts.Dispose();
        loaded.ReleaseUser();
    }
}

/// <summary>A use of a cached model; dispose it when the operation ends.</summary>
internal sealed class ModelLease : IDisposable
{
    private CachedModel? model;

    internal ModelLease(CachedModel model, bool loadedNow, bool adaptersLoadedNow, bool createdNow, LoadedWeights? replacedWeights)
    {
        this.model = model;
        LoadedNow = loadedNow;
        AdaptersLoadedNow = adaptersLoadedNow;
        CreatedNow = createdNow;
        ReplacedWeights = replacedWeights;
    }

    public CachedModel Model => model ?? throw new ObjectDisposedException(nameof(ModelLease));

    /// <summary>False when the weights came from the cache.</summary>
    public bool LoadedNow { get; }

    /// <summary>True when at least one adapter was loaded by this call (onto new or cached weights).</summary>
    public bool AdaptersLoadedNow { get; }

    /// <summary>True when this call made the cache entry (possibly from weights and adapters already loaded).</summary>
    public bool CreatedNow { get; }

    /// <summary>
    /// The weights this call unloaded (every entry of the file) because they had another repack or GPU choice;
    /// null when it unloaded none.
    /// </summary>
    public LoadedWeights? ReplacedWeights { get; }

    public void Dispose() => Interlocked.Exchange(ref model, null)?.Release();
}

/// <param name="ContextSize">Null: the model's trained context length, capped to keep memory sane.</param>
/// <param name="Threads">Null: one per physical core.</param>
/// <param name="KvCache">Null: <see cref="KvCacheTypes.Default"/> where the model can take it.</param>
internal sealed record ContextDefaults(int? ContextSize, int? Threads, KvCacheTypes? KvCache = null)
{
    public static readonly ContextDefaults None = new(null, null);

    /// <summary>What is set here wins; what is not keeps the earlier value.</summary>
    public ContextDefaults Over(ContextDefaults earlier) =>
        new(ContextSize ?? earlier.ContextSize, Threads ?? earlier.Threads, KvCache ?? earlier.KvCache);
}
