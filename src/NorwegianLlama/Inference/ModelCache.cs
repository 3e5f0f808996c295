using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LLama;
using LLama.Common;
using LLama.Native;
using NorwegianLlama.Gguf;

namespace NorwegianLlama.Inference;

/// <summary>
/// The process-wide cache of loaded models. An entry is keyed by the model's full path and its adapter set
/// (<see cref="LoraSet"/>: adapter paths and scales); entries of one file share its weights, which are loaded once
/// and freed with the last entry that uses them.
/// </summary>
internal static class ModelCache
{
    private static readonly StringComparer PathComparer =
        OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private static readonly object Gate = new();
    private static readonly Dictionary<EntryKey, CachedModel> Models = new();

    // Loads are rare and memory-heavy: one at a time, and parallel callers for the same file share it.
    private static readonly SemaphoreSlim LoadLock = new(1, 1);

    public static bool SamePath(string a, string b) => PathComparer.Equals(a, b);

    /// <summary>Whether any entry (with or without adapters) holds the file's weights.</summary>
    public static bool IsLoaded(string path)
    {
        string fullPath = Path.GetFullPath(path);
        lock (Gate)
        {
            return Models.Keys.Any(key => SamePath(key.Path, fullPath));
        }
    }

    public static IReadOnlyList<CachedModel> Snapshot()
    {
        lock (Gate)
        {
            return Models.Values.OrderBy(m => m.LoadedAt).ToList();
        }
    }

    /// <summary>
    /// Returns the cached entry or makes it, loading the weights and adapters it still needs;
    /// <paramref name="header"/> and the adapters must already be validated against each other.
    /// </summary>
    /// <param name="repack">
    /// Whether llama.cpp repacks the weights for the CPU. Null takes the file's weights as they are loaded (repacked
    /// when it loads them). A choice the loaded weights do not match replaces them: every entry of the file goes, so
    /// that the file's weights are never held twice.
    /// </param>
    /// <param name="gpuLayers">
    /// The layers asked to run on the GPU (see <see cref="GpuLayers"/>). Null takes the file's weights as they are
    /// loaded (with the platform's default when it loads them); a count that offloads otherwise replaces them, as
    /// <paramref name="repack"/> does.
    /// </param>
    public static async Task<ModelLease> AcquireAsync(
        string path, GgufFile header, LoraSet loras, ContextDefaults? defaults, IProgress<float>? progress, CancellationToken cancellation,
        bool? repack = null, int? gpuLayers = null)
    {
        var key = new EntryKey(Path.GetFullPath(path), loras);
        long blockCount = KvCacheShape.From(header).Layers;
        var wanted = new WeightsChoice(repack, gpuLayers is int asked ? (int?)GpuLayers.Offloaded(asked, GpuPlatform.Current, blockCount) : null);
        if (TryLease(key, defaults, wanted) is { } cached)
        {
            return cached;
        }

        await LoadLock.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (TryLease(key, defaults, wanted) is { } loadedMeanwhile)
            {
                return loadedMeanwhile;
            }

            LoadedWeights? replaced = RemoveOtherChoice(key.Path, wanted);
            bool weightsLoadedNow = false;
            LoadedWeights? weights = HoldWeights(key.Path);
            if (weights is null)
            {
                int offloaded = wanted.GpuLayers ?? GpuLayers.Default(GpuPlatform.Current, blockCount);
                weights = await LoadWeightsAsync(key.Path, header, wanted.Repack ?? true, offloaded, progress, cancellation).ConfigureAwait(false);
                weightsLoadedNow = true;
            }

            try
            {
                bool adaptersLoadedNow = false;
                var adapters = new List<LoraAdapter>(loras.Adapters.Count);
                foreach (LoraSetting setting in loras.Adapters)
                {
                    cancellation.ThrowIfCancellationRequested();
                    adapters.Add(weights.GetOrLoadAdapter(setting.Path, out bool loadedNow));
                    adaptersLoadedNow |= loadedNow;
                }

                var model = new CachedModel(weights, loras, adapters, defaults ?? ContextDefaults.None);
                lock (Gate)
                {
                    Models[key] = model;
                }

                return model.TryAcquire(weightsLoadedNow, adaptersLoadedNow, createdNow: true, replaced)!;
            }
            finally
            {
                // The entry holds the weights now; without one (a failed adapter) they go unless another entry has them.
                weights.ReleaseUser();
            }
        }
        finally
        {
            LoadLock.Release();
        }
    }

    /// <summary>A lease on an entry of the file if one is loaded, preferring the one without adapters; never loads.</summary>
    public static ModelLease? TryAcquireLoaded(string path)
    {
        string fullPath = Path.GetFullPath(path);
        foreach (CachedModel model in Snapshot().Where(m => SamePath(m.Path, fullPath)).OrderBy(m => m.Loras.Adapters.Count))
        {
            if (model.TryAcquire() is { } lease)
            {
                return lease;
            }
        }

        return null;
    }

    /// <summary>
    /// A tokenizer for the file without loading its weights: a loaded model's own when there is one, otherwise
    /// the file's vocabulary alone, read once per file version.
    /// </summary>
    public static TokenizerLease AcquireTokenizer(string path) =>
        TryAcquireLoaded(path) is { } lease
            ? new TokenizerLease(path, lease.Model.Weights.NativeHandle, loadedNow: false, lease.Dispose)
            : VocabularyCache.Acquire(path);

    /// <summary>Removes every entry of the file, with or without adapters.</summary>
    public static bool Remove(string fullPath)
    {
        bool any = false;
        foreach (CachedModel model in Snapshot().Where(m => SamePath(m.Path, fullPath)))
        {
            any |= Remove(model);
        }

        return any;
    }

    /// <summary>Removes one entry; the weights stay while another entry of the file uses them.</summary>
    public static bool Remove(CachedModel model)
    {
        lock (Gate)
        {
            var key = new EntryKey(model.Path, model.Loras);
            if (!Models.TryGetValue(key, out CachedModel? current) || !ReferenceEquals(current, model))
            {
                return false;
            }

            Models.Remove(key);
        }

        model.Evict();
        return true;
    }

    /// <summary>Removes every entry, and the vocabularies read for tokenising alone.</summary>
    public static void Clear()
    {
        foreach (CachedModel model in Snapshot())
        {
            Remove(model);
        }

        VocabularyCache.Clear();
    }

    /// <summary>The file's loaded weights, held for the caller (release them), or null when none are loaded.</summary>
    private static LoadedWeights? HoldWeights(string fullPath)
    {
        lock (Gate)
        {
            foreach (var (key, model) in Models)
            {
                if (SamePath(key.Path, fullPath) && model.Loaded.TryAddUser())
                {
                    return model.Loaded;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Removes the file's entries when their weights were loaded with another repack or GPU choice; returns those
    /// weights (already released, for what they were loaded with) or null when none were removed.
    /// </summary>
    private static LoadedWeights? RemoveOtherChoice(string fullPath, WeightsChoice wanted)
    {
        LoadedWeights? other;
        lock (Gate)
        {
            other = Models.Values.FirstOrDefault(m => SamePath(m.Path, fullPath) && !wanted.IsMetBy(m.Loaded))?.Loaded;
        }

        return other is not null && Remove(fullPath) ? other : null;
    }

    private static async Task<LoadedWeights> LoadWeightsAsync(
        string fullPath, GgufFile header, bool repack, int gpuLayers, IProgress<float>? progress, CancellationToken cancellation)
    {
        var parameters = new ModelParams(fullPath)
        {
            GpuLayerCount = gpuLayers,
            // LLamaSharp defaults to reading the whole file into private memory; mapping shares the
            // page cache and loads several times faster.
            LoadMode = LLamaLoadMode.MemoryMap,
        };
        var stopwatch = Stopwatch.StartNew();
        LLamaWeights weights = await WeightsLoader.LoadAsync(parameters, repack, progress, cancellation).ConfigureAwait(false);
        return new LoadedWeights(fullPath, header, weights, repack, stopwatch.Elapsed, gpuLayers);
    }

    private static ModelLease? TryLease(EntryKey key, ContextDefaults? defaults, WeightsChoice wanted)
    {
        lock (Gate)
        {
            if (!Models.TryGetValue(key, out CachedModel? model) || !wanted.IsMetBy(model.Loaded))
            {
                return null;
            }

            if (defaults is not null)
            {
                model.Defaults = defaults.Over(model.Defaults);
            }

            return model.TryAcquire();
        }
    }

    /// <summary>What a call asks of the weights; null parts take them as loaded.</summary>
    /// <param name="GpuLayers">The layers truly offloaded, so requests that run the same way share the weights.</param>
    private readonly record struct WeightsChoice(bool? Repack, int? GpuLayers)
    {
        public bool IsMetBy(LoadedWeights weights) =>
            (Repack is not bool repack || weights.Repacked == repack) && (GpuLayers is not int layers || weights.GpuLayers == layers);
    }

    /// <summary>A cache entry's identity: the model file and the adapters with their scales.</summary>
    private sealed record EntryKey(string Path, LoraSet Loras)
    {
        public bool Equals(EntryKey? other) => other is not null && SamePath(Path, other.Path) && Loras.Equals(other.Loras);

        public override int GetHashCode() => HashCode.Combine(PathComparer.GetHashCode(Path), Loras);
    }
}
