using System.IO;
using System.Management.Automation;
using NorwegianLlama.Errors;
using NorwegianLlama.Gguf;

namespace NorwegianLlama.Inspection;

/// <summary>Reads and checks a model file before llama.cpp may see it, remembering the verdict per file version.</summary>
internal static class ModelInspection
{
    private static readonly FileVerdicts<Verdict> Known = new();

    /// <summary>The header of a file llama.cpp can be given, or null with the ErrorRecord that says why not.</summary>
    public static GgufFile? Inspect(string path, out ErrorRecord? error)
    {
        error = null;
        var file = new FileInfo(path);
        if (Known.Find(file) is { } known)
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

        var verdict = new Verdict(header, problem);
        Known.Remember(file, verdict);
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

    private sealed record Verdict(GgufFile Header, string? Problem);
}
