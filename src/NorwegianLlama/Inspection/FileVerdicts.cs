using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Inspection;

/// <summary>
/// What a check concluded about a file, remembered per file version (length and write time): a 32,000-token
/// vocabulary or an adapter's tensor table costs milliseconds to re-check on every call. A verdict's problem is
/// worded in the language of the runspace that checked, so a runspace that reads another language checks again.
/// </summary>
internal sealed class FileVerdicts<T>
    where T : class
{
    private const int MaxRemembered = 64;

    private readonly ConcurrentDictionary<string, Entry> known =
        new(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

    /// <summary>The verdict for this version of the file, if it was checked before.</summary>
    public T? Find(FileInfo file) =>
        file.Exists && known.TryGetValue(file.FullName, out Entry? entry)
        && entry.Length == file.Length && entry.Modified == file.LastWriteTimeUtc && entry.Language.Equals(CurrentLanguage)
            ? entry.Verdict
            : null;

    /// <summary>Remembers the verdict for the version of the file that <paramref name="file"/> saw.</summary>
    public void Remember(FileInfo file, T verdict)
    {
        if (known.Count >= MaxRemembered)
        {
            known.Clear();
        }

        known[file.FullName] = new Entry(file.Length, file.LastWriteTimeUtc, CurrentLanguage, verdict);
    }

    private static CultureInfo CurrentLanguage => MessageCulture.For(CultureInfo.CurrentUICulture);

    private sealed record Entry(long Length, DateTime Modified, CultureInfo Language, T Verdict);
}
