using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using NorwegianLlama.Commands.Arguments;
using NorwegianLlama.Errors;
using NorwegianLlama.Gguf;
using NorwegianLlama.Inference;

namespace NorwegianLlama.Inspection;

/// <summary>
/// Turns -LoraPath and -LoraScale into a checked <see cref="LoraSet"/> for one model, so llama.cpp only ever sees
/// adapters that fit it: some misfits make it log an error, others abort the process. A file's own verdict is
/// remembered per file version, as <see cref="ModelInspection"/> does for models.
/// </summary>
internal static class LoraInspection
{
    private static readonly FileVerdicts<Verdict> Known = new();

    /// <summary>
    /// The scales for the paths (1 each when none are given), or null with the ErrorRecord. Call once per
    /// invocation: it checks the parameters, not the files.
    /// </summary>
    public static float[]? ScalesFor(string[]? paths, float[]? scales, out ErrorRecord? error)
    {
        error = null;
        paths ??= [];
        if (scales is null)
        {
            return Array.ConvertAll(paths, _ => 1f);
        }

        if (paths.Length == 0)
        {
            error = LoraErrors.ScaleWithoutPath();
            return null;
        }

        if (scales.Length != paths.Length)
        {
            error = LoraErrors.ScaleCountMismatch(paths.Length, scales.Length);
            return null;
        }

        foreach (float scale in scales)
        {
            if (!float.IsFinite(scale))
            {
                error = LoraErrors.ScaleNotFinite(scale);
                return null;
            }
        }

        return scales;
    }

    /// <summary>Resolves each path against the current location and checks the file and its fit to the model.</summary>
    public static LoraSet? Inspect(
        PSCmdlet cmdlet, IReadOnlyList<string> paths, IReadOnlyList<float> scales, string modelPath, GgufFile model, out ErrorRecord? error)
    {
        error = null;
        var settings = new List<LoraSetting>(paths.Count);
        var seen = new HashSet<string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        for (int i = 0; i < paths.Count; i++)
        {
            string? fullPath = ResolveFile(cmdlet, paths[i], out error);
            if (fullPath is null)
            {
                return null;
            }

            if (!seen.Add(fullPath))
            {
                error = LoraErrors.Duplicate(fullPath);
                return null;
            }

            LoraAdapterLayout? layout = ReadLayout(fullPath, out error);
            if (layout is null)
            {
                return null;
            }

            if (LoraAdapterCheck.FindMismatch(layout, model) is { } mismatch)
            {
                error = LoraErrors.Unusable(fullPath, mismatch, modelPath);
                return null;
            }

            settings.Add(new LoraSetting(fullPath, scales[i]));
        }

        return settings.Count == 0 ? LoraSet.None : new LoraSet(settings);
    }

    /// <summary>The adapter's header, or null with the ErrorRecord that says why it cannot be read.</summary>
    public static GgufFile? ReadHeader(string path, out ErrorRecord? error)
    {
        error = null;
        try
        {
            return GgufReader.Read(path);
        }
        catch (GgufFormatException e)
        {
            error = LoraErrors.Invalid(path, e);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            error = FileErrors.Lora.NotFound(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = LoraErrors.Unreadable(path, e);
        }

        return null;
    }

    private static LoraAdapterLayout? ReadLayout(string fullPath, out ErrorRecord? error)
    {
        error = null;
        var file = new FileInfo(fullPath);
        if (Known.Find(file) is { } known)
        {
            error = known.Problem is null ? null : LoraErrors.Unusable(fullPath, known.Problem, null);
            return known.Layout;
        }

        GgufFile? header = ReadHeader(fullPath, out error);
        if (header is null)
        {
            return null;
        }

        LoraAdapterLayout? layout = LoraAdapterCheck.Read(header, out LoraProblem? problem);
        Known.Remember(file, new Verdict(layout, problem));
        error = problem is null ? null : LoraErrors.Unusable(fullPath, problem, null);
        return layout;
    }

    private static string? ResolveFile(PSCmdlet cmdlet, string path, out ErrorRecord? error)
    {
        error = null;
        PathFailure failure = FileSystemPath.TryResolve(cmdlet, path, out string fullPath);
        error = failure == PathFailure.NotFileSystem ? FileErrors.Lora.NotFileSystem(path)
            : failure == PathFailure.NotFound ? FileErrors.Lora.NotFound(fullPath.Length > 0 ? fullPath : path)
            : Directory.Exists(fullPath) ? FileErrors.Lora.IsDirectory(fullPath)
            : !File.Exists(fullPath) ? FileErrors.Lora.NotFound(fullPath)
            : null;
        return error is null ? fullPath : null;
    }

    private sealed record Verdict(LoraAdapterLayout? Layout, LoraProblem? Problem);
}
