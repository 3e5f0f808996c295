using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using LLama;
using LLama.Common;

namespace NorwegianLlama.Inference;

/// <summary>
/// Vocabulary-only weights of model files that are not loaded, for tokenising without a model: read once per
/// file version (length and write time), so a changed file is read again. Process-wide like the model cache.
/// </summary>
internal static class VocabularyCache
{
    // A 32,000-piece vocabulary is a few megabytes; a handful of files covers any real session.
    private const int MaxEntries = 8;

    private static readonly object Gate = new();

    // Orders uses for eviction; a clock could give two uses the same tick.
    private static long useCount;
    private static readonly Dictionary<string, CachedVocabulary> Entries =
        new(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

    public static int Count
    {
        get
        {
            lock (Gate)
            {
                return Entries.Count;
            }
        }
    }

    /// <summary>The file's vocabulary, read now unless this version of the file was read before.</summary>
    /// <exception cref="LLama.Exceptions.LoadWeightsFailedException">llama.cpp refused the file; its reason is in the native log.</exception>
    public static TokenizerLease Acquire(string path)
    {
        var file = new FileInfo(Path.GetFullPath(path));
        // Reading a vocabulary takes milliseconds, so it happens under the gate: parallel callers for one file share one read.
        lock (Gate)
        {
            bool loadedNow = false;
            if (!Entries.TryGetValue(file.FullName, out CachedVocabulary? entry) || !entry.IsVersionOf(file))
            {
                entry?.ReleaseUser();
                var weights = LLamaWeights.LoadFromFile(new ModelParams(file.FullName) { VocabOnly = true, GpuLayerCount = 0 });
                entry = new CachedVocabulary(file, weights);
                Entries[file.FullName] = entry;
                loadedNow = true;
                EvictBeyondLimit();
            }

            entry.AddUser();
            CachedVocabulary held = entry;
            return new TokenizerLease(path, held.Weights.NativeHandle, loadedNow, held.ReleaseUser);
        }
    }

    public static void Clear()
    {
        lock (Gate)
        {
            foreach (CachedVocabulary entry in Entries.Values)
            {
                entry.ReleaseUser();
            }

            Entries.Clear();
        }
    }

    private static void EvictBeyondLimit()
    {
        while (Entries.Count > MaxEntries)
        {
            var (path, oldest) = Entries.MinBy(pair => pair.Value.LastUsed);
            Entries.Remove(path);
            oldest.ReleaseUser();
        }
    }

    /// <summary>One file version's vocabulary; the cache holds it, and so does every lease until disposed.</summary>
    private sealed class CachedVocabulary(FileInfo file, LLamaWeights weights)
    {
        private readonly long length = file.Length;
        private readonly DateTime modified = file.LastWriteTimeUtc;
        private readonly object gate = new();
        private int users = 1;

        public LLamaWeights Weights { get; } = weights;

        public long LastUsed { get; private set; } = Interlocked.Increment(ref useCount);

        public bool IsVersionOf(FileInfo current)
        {
            current.Refresh();
            return current.Exists && current.Length == length && current.LastWriteTimeUtc == modified;
        }

        // Called under the cache's gate, so the entry is still in the cache and held by it.
        public void AddUser()
        {
            lock (gate)
            {
                users++;
                LastUsed = Interlocked.Increment(ref useCount);
            }
        }

        public void ReleaseUser()
        {
            lock (gate)
            {
                if (--users == 0)
                {
                    Weights.Dispose();
                }
            }
        }
    }
}
