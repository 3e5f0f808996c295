using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;

namespace NorwegianLlama.Inference.PromptCache;

/// <summary>A saved prefix a prompt could start from, and how many of its tokens the prompt can use.</summary>
internal sealed record CacheCandidate(string Path, int UsableTokens);

/// <summary>
/// The cache folder: finding entries for a prompt, writing them atomically and keeping the folder within its
/// size. Several processes may use one folder at once: a file is only ever written under a temporary name and
/// renamed into place, so a reader sees a whole file or none, and two writers of one entry both leave a whole
/// one. Anything unreadable is treated as absent.
/// </summary>
internal sealed class PromptCacheFolder(string folder, long maxBytes)
{
    private const string TempExtension = ".tmp";

    // A temporary file this old belongs to a writer that died.
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    public string Folder { get; } = folder;

    public long MaxBytes { get; } = maxBytes;

    /// <summary>The entry's file name: its identity, its first aligned chunk (what a lookup lists by) and all its tokens.</summary>
    public string PathOf(PromptCacheIdentity identity, ReadOnlySpan<int> tokens) =>
        Path.Combine(Folder, $"{identity.FilePrefix}-{ChunkHash(tokens[..Math.Min(tokens.Length, AlignedChunks.Size)])}-{ChunkHash(tokens)}{PromptCacheEntry.Extension}");

    /// <summary>
    /// Entries of <paramref name="identity"/> that share more than <paramref name="atLeast"/> tokens with the
    /// prompt in whole aligned chunks, best first. The prompt's last token is never usable: sampling needs its logits.
    /// </summary>
    public IReadOnlyList<CacheCandidate> FindCandidates(PromptCacheIdentity identity, int[] prompt, int atLeast)
    {
        int longest = AlignedChunks.Floor(prompt.Length - 1);
        if (longest <= atLeast || longest < AlignedChunks.Size)
        {
            return [];
        }

        string pattern = $"{identity.FilePrefix}-{ChunkHash(prompt.AsSpan(0, AlignedChunks.Size))}-*{PromptCacheEntry.Extension}";
        var candidates = new List<CacheCandidate>();
        foreach (string path in List(pattern))
        {
            if (ReadTokens(path, identity) is not { } tokens)
            {
                TryDelete(path);
                continue;
            }

            int usable = AlignedChunks.Floor(Math.Min(CommonPrefix(tokens, prompt), prompt.Length - 1));
            if (usable > atLeast)
            {
                candidates.Add(new CacheCandidate(path, usable));
            }
        }

        return candidates.OrderByDescending(c => c.UsableTokens).ToList();
    }

    /// <summary>The verified entry, or null (and the file deleted) when any check fails.</summary>
    public PromptCacheEntry? Load(string path, PromptCacheIdentity identity)
    {
        PromptCacheEntry? entry = null;
        try
        {
            using FileStream stream = OpenRead(path);
            entry = PromptCacheEntry.Read(stream, identity);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (entry is null)
        {
            TryDelete(path);
        }

        return entry;
    }

    /// <summary>Records a use, for least-recently-used eviction (access times are often not kept by file systems).</summary>
    public static void MarkUsed(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Writes the entry under a temporary name, renames it into place and evicts down to the bound; false when it did not fit or could not be written.</summary>
    public bool Save(PromptCacheIdentity identity, PromptCacheEntry entry)
    {
        if (entry.FileLength > MaxBytes)
        {
            return false;
        }

        string target = PathOf(identity, entry.Tokens);
        string temporary = $"{target}.{Environment.ProcessId}.{Guid.NewGuid():N}{TempExtension}";
        try
        {
            Directory.CreateDirectory(Folder);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                entry.WriteTo(stream);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another writer's copy of the same entry, or none: either way nothing partial is left.
            TryDelete(temporary);
            return false;
        }

        Evict(keep: target);
        return true;
    }

    /// <summary>Deletes least recently used entries until the folder is within its bound, and abandoned temporary files.</summary>
    public void Evict(string? keep = null)
    {
        var files = new List<CacheFile>();
        foreach (string path in List("*" + PromptCacheEntry.Extension))
        {
            try
            {
                var info = new FileInfo(path);
                files.Add(new CacheFile(path, info.Length, info.LastWriteTimeUtc));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        foreach (CacheFile victim in LruEviction.Choose(files, MaxBytes, keep))
        {
            TryDelete(victim.Path);
        }

        foreach (string path in List("*" + TempExtension))
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > AbandonedAfter)
            {
                TryDelete(path);
            }
        }
    }

    /// <summary>The cache's files (entries and temporary files) now in the folder.</summary>
    public IReadOnlyList<string> ListFiles() =>
        List("*" + PromptCacheEntry.Extension).Concat(List("*" + PromptCacheEntry.Extension + "*" + TempExtension)).Distinct().ToList();

    public static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static int[]? ReadTokens(string path, PromptCacheIdentity identity)
    {
        try
        {
            using FileStream stream = OpenRead(path);
            return PromptCacheEntry.ReadTokens(stream, identity);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // Delete sharing lets another process evict or replace the file while it is read (Windows).
    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

    private IEnumerable<string> List(string pattern)
    {
        try
        {
            return Directory.Exists(Folder) ? Directory.GetFiles(Folder, pattern) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string ChunkHash(ReadOnlySpan<int> tokens) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(tokens)), 0, 8);

    private static int CommonPrefix(int[] a, int[] b)
    {
        int length = Math.Min(a.Length, b.Length);
        int shared = 0;
        while (shared < length && a[shared] == b[shared])
        {
            shared++;
        }

        return shared;
    }
}
