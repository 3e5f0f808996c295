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

    // A file system may stamp folder changes this coarsely (FAT: 2 s); a listing taken closer than this to
    // the folder's last change may miss a change stamped the same, so it is not trusted.
    private static readonly TimeSpan StampResolution = TimeSpan.FromSeconds(2);

    private readonly object gate = new();
    private readonly Dictionary<string, int[]?> tokensByPath = new(StringComparer.Ordinal);
    private string[]? entries;
    private DateTime entriesStamp;

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

        string start = $"{identity.FilePrefix}-{ChunkHash(prompt.AsSpan(0, AlignedChunks.Size))}-";
        var candidates = new List<CacheCandidate>();
        foreach (string path in Entries())
        {
            if (!Path.GetFileName(path).StartsWith(start, StringComparison.Ordinal))
            {
                continue;
            }

            if (CachedTokens(path, identity) is not { } tokens)
            {
                TryDelete(path);
                Forget();
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
            Forget();
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
            Forget();
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

    /// <summary>
    /// The entry files, listed again only when the folder's last change is newer than the listing (an entry
    /// written, replaced or deleted by any process changes it) or too close to it to tell.
    /// </summary>
    private string[] Entries()
    {
        DateTime stamp;
        try
        {
            stamp = Directory.Exists(Folder) ? Directory.GetLastWriteTimeUtc(Folder) : DateTime.MinValue;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stamp = DateTime.MinValue;
        }

        lock (gate)
        {
            if (entries is not null && stamp == entriesStamp && stamp != DateTime.MinValue)
            {
                return entries;
            }
        }

        DateTime listing = DateTime.UtcNow;
        string[] listed = List("*" + PromptCacheEntry.Extension).ToArray();
        lock (gate)
        {
            bool settled = listing - stamp > StampResolution;
            entries = settled ? listed : null;
            entriesStamp = stamp;
            // Paths that are gone may come back as other files; only listed ones keep their tokens.
            var current = new HashSet<string>(listed, StringComparer.Ordinal);
            foreach (string path in tokensByPath.Keys.Where(p => !current.Contains(p)).ToList())
            {
                tokensByPath.Remove(path);
            }
        }

        return listed;
    }

    /// <summary>An entry's tokens, read once: its name hashes its tokens, so the same name holds the same ones.</summary>
    private int[]? CachedTokens(string path, PromptCacheIdentity identity)
    {
        lock (gate)
        {
            if (tokensByPath.TryGetValue(path, out int[]? known) && known is not null)
            {
                return known;
            }
        }

        int[]? tokens = ReadTokens(path, identity);
        lock (gate)
        {
            tokensByPath[path] = tokens;
        }

        return tokens;
    }

    /// <summary>Drops the remembered listing after this process changed the folder.</summary>
    private void Forget()
    {
        lock (gate)
        {
            entries = null;
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
