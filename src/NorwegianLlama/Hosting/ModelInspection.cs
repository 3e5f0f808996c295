using System;
using System.Collections.Concurrent;
using System.IO;
using System.Management.Automation;
using NorwegianLlama.Gguf;

namespace NorwegianLlama.Hosting;

/// <summary>
/// Reads and checks a model file before llama.cpp may see it, remembering the verdict per file version
/// (length and write time): a 32,000-token vocabulary costs milliseconds to re-check on every chat call.
/// </summary>
internal static class ModelInspection
{
    private const int MaxRemembered = 64;

    private static readonly ConcurrentDictionary<string, Verdict> Known =
        new(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

    /// <summary>The header of a file llama.cpp can be given, or null with the ErrorRecord that says why not.</summary>
    public static GgufFile? Inspect(string path, out ErrorRecord? error)
    {
        error = null;
        var file = new FileInfo(path);
        if (file.Exists && Known.TryGetValue(file.FullName, out Verdict? known)
            && known.Length == file.Length && known.Modified == file.LastWriteTimeUtc)
        {
            return Conclude(path, known, out error);
        }

        GgufFile? header = ModelHeaderReader.TryRead(path, out error);
        if (header is null)
        {
            return null;
        }

        string? problem;
        try
        {
            problem = LoadabilityCheck.FindProblem(path, header);
        }
        catch (GgufFormatException e)
        {
            // A long token list is read only now, so its broken strings surface here rather than in the header.
            error = ModelErrors.Invalid(path, e);
            return null;
        }

        var verdict = new Verdict(file.Length, file.LastWriteTimeUtc, header, problem);
        if (Known.Count >= MaxRemembered)
        {
            Known.Clear();
        }

        Known[file.FullName] = verdict;
        return Conclude(path, verdict, out error);
    }

    private static GgufFile? Conclude(string path, Verdict verdict, out ErrorRecord? error)
    {
        // An adapter has no vocabulary or layers of its own; saying what it is beats naming the first missing key.
        error = LoraAdapterCheck.IsAdapter(verdict.Header) ? ModelErrors.IsAdapter(path)
            : verdict.Problem is null ? null
            : ModelErrors.NotLoadable(path, verdict.Problem);
        return error is null ? verdict.Header : null;
    }

    private sealed record Verdict(long Length, DateTime Modified, GgufFile Header, string? Problem);
}
