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

/// <summary>The process-wide cache of loaded weights, keyed by full path.</summary>
internal static class ModelCache
{
    private static readonly StringComparer PathComparer =
        OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private static readonly object Gate = new();
    private static readonly Dictionary<string, CachedModel> Models = new(PathComparer);

    // Loads are rare and memory-heavy: one at a time, and parallel callers for the same file share it.
    private static readonly SemaphoreSlim LoadLock = new(1, 1);

    public static bool SamePath(string a, string b) => PathComparer.Equals(a, b);

    public static bool IsLoaded(string path)
    {
        lock (Gate)
        {
            return Models.ContainsKey(Path.GetFullPath(path));
        }
    }

    public static IReadOnlyList<CachedModel> Snapshot()
    {
        lock (Gate)
        {
            return Models.Values.OrderBy(m => m.LoadedAt).ToList();
        }
    }

    /// <summary>Returns the cached model or loads it; <paramref name="header"/> must already be validated.</summary>
    public static async Task<ModelLease> AcquireAsync(
        string path, GgufFile header, ContextDefaults? defaults, IProgress<float>? progress, CancellationToken cancellation)
    {
        string fullPath = Path.GetFullPath(path);
        if (TryLease(fullPath, defaults) is { } cached)
        {
            return cached;
        }

        await LoadLock.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (TryLease(fullPath, defaults) is { } loadedMeanwhile)
            {
                return loadedMeanwhile;
            }

            var parameters = new ModelParams(fullPath)
            {
                GpuLayerCount = 0,
                // LLamaSharp defaults to reading the whole file into private memory; mapping shares the
                // page cache and loads several times faster.
                LoadMode = LLamaLoadMode.MemoryMap,
            };
            var stopwatch = Stopwatch.StartNew();
            LLamaWeights weights = await LLamaWeights.LoadFromFileAsync(parameters, cancellation, progress).ConfigureAwait(false);
            var model = new CachedModel(fullPath, header, weights, stopwatch.Elapsed, defaults ?? ContextDefaults.None);
            lock (Gate)
            {
                Models[fullPath] = model;
            }

            return model.TryAcquire(loadedNow: true)!;
        }
        finally
        {
            LoadLock.Release();
        }
    }

    /// <summary>A lease on the model if it is already loaded; never loads.</summary>
    public static ModelLease? TryAcquireLoaded(string path) => TryLease(Path.GetFullPath(path), null);

    public static bool Remove(string fullPath)
    {
        CachedModel? model;
        lock (Gate)
        {
            if (!Models.Remove(fullPath, out model))
            {
                return false;
            }
        }

        model.Evict();
        return true;
    }

    public static void Clear()
    {
        foreach (CachedModel model in Snapshot())
        {
            Remove(model.Path);
        }
    }

    private static ModelLease? TryLease(string fullPath, ContextDefaults? defaults)
    {
        lock (Gate)
        {
            if (!Models.TryGetValue(fullPath, out CachedModel? model))
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
}
