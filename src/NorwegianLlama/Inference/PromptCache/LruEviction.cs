using System;
using System.Collections.Generic;
using System.Linq;

namespace NorwegianLlama.Inference.PromptCache;

/// <param name="LastUsed">When the file was last written or restored from.</param>
internal sealed record CacheFile(string Path, long Length, DateTime LastUsed);

internal static class LruEviction
{
    /// <summary>
    /// The files to delete, least recently used first, so that the rest fit in <paramref name="maxBytes"/>.
    /// <paramref name="keep"/> (the file just written) is never chosen.
    /// </summary>
    public static IReadOnlyList<CacheFile> Choose(IEnumerable<CacheFile> files, long maxBytes, string? keep = null)
    {
        List<CacheFile> all = files.ToList();
        long total = all.Sum(f => f.Length);
        var victims = new List<CacheFile>();
        foreach (CacheFile file in all.OrderBy(f => f.LastUsed).ThenBy(f => f.Path, StringComparer.Ordinal))
        {
            if (total <= maxBytes)
            {
                break;
            }

            if (file.Path != keep)
            {
                victims.Add(file);
                total -= file.Length;
            }
        }

        return victims;
    }
}
