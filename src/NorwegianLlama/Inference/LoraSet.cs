using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace NorwegianLlama.Inference;

/// <param name="Path">The adapter file's full path.</param>
/// <param name="Scale">How much of the adapter to add: 0 none, 1 as trained, negative subtracts it.</param>
internal sealed record LoraSetting(string Path, float Scale);

/// <summary>
/// The adapters applied to a model, part of its cache key: two sets are the same when they name the same files
/// with the same scales. llama.cpp keeps a context's adapters in an unordered map, so the order they were given
/// in does not matter and is not kept.
/// </summary>
internal sealed class LoraSet : IEquatable<LoraSet>
{
    public static readonly LoraSet None = new([]);

    private static readonly StringComparer PathComparer =
        OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    public LoraSet(IEnumerable<LoraSetting> adapters)
    {
        Adapters = adapters.OrderBy(a => a.Path, PathComparer).ToList();
        for (int i = 1; i < Adapters.Count; i++)
        {
            if (PathComparer.Equals(Adapters[i - 1].Path, Adapters[i].Path))
            {
                throw new ArgumentException($"The adapter '{Adapters[i].Path}' is given twice.", nameof(adapters));
            }
        }
    }

    /// <summary>In path order.</summary>
    public IReadOnlyList<LoraSetting> Adapters { get; }

    public bool IsEmpty => Adapters.Count == 0;

    public bool Equals(LoraSet? other) =>
        other is not null
        && other.Adapters.Count == Adapters.Count
        && Adapters.Zip(other.Adapters).All(pair => PathComparer.Equals(pair.First.Path, pair.Second.Path) && pair.First.Scale == pair.Second.Scale);

    public override bool Equals(object? obj) => Equals(obj as LoraSet);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (LoraSetting adapter in Adapters)
        {
            hash.Add(adapter.Path, PathComparer);
            // 0 and -0 are equal scales, so they must hash alike.
            hash.Add(adapter.Scale == 0 ? 0f : adapter.Scale);
        }

        return hash.ToHashCode();
    }

    /// <summary>For messages: "tone.gguf ×1, legal.gguf ×0.5", or "no adapters".</summary>
    public override string ToString() => IsEmpty
        ? "no adapters"
        : string.Join(", ", Adapters.Select(a => $"{System.IO.Path.GetFileName(a.Path)} ×{a.Scale.ToString(CultureInfo.InvariantCulture)}"));
}
