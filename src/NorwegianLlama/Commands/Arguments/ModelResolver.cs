using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using NorwegianLlama.Errors;
using NorwegianLlama.Inference;
using NorwegianLlama.Resources;
using NorwegianLlama.Store;

namespace NorwegianLlama.Commands.Arguments;

/// <param name="Path">The model file's full path; null when nothing names a model.</param>
/// <param name="Explicit">Whether -ModelPath named it (rather than the environment or the cache).</param>
/// <param name="Error">Why the named path cannot be a model file.</param>
/// <param name="CachedLoras">The adapters of the cache entry the model was taken from, when nothing named a model.</param>
internal sealed record ResolvedModel(string? Path, bool Explicit, ErrorRecord? Error, LoraSet? CachedLoras = null);

/// <summary>
/// Which model a cmdlet uses: -ModelPath, then $env:NORSK_MODEL_PATH, then the model loaded last (with the adapters it
/// was loaded with), then the installed default (13B Q4_K_M, else the first installed model by name).
/// </summary>
internal static class ModelResolver
{
    public const string EnvironmentVariable = "NORSK_MODEL_PATH";

    public static ResolvedModel Resolve(PSCmdlet cmdlet, string? modelPath)
    {
        bool isExplicit = !string.IsNullOrWhiteSpace(modelPath);
        string? named = isExplicit
            ? modelPath
            : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        if (named is null)
        {
            CachedModel? last = ModelCache.Snapshot().LastOrDefault();
            return last is not null
                ? new ResolvedModel(last.Path, false, null, last.Loras)
                : new ResolvedModel(FindInstalled(cmdlet), false, null);
        }

        // A missing file from the environment is caught here rather than by the model inspection, so that the record
        // can say where the path came from.
        PathFailure failure = FileSystemPath.TryResolve(cmdlet, named, out string path);
        ErrorRecord? error = failure == PathFailure.NotFileSystem ? FileErrors.Model.NotFileSystem(named)
            : failure == PathFailure.NotFound ? FileErrors.Model.NotFound(named)
            : Directory.Exists(path) ? FileErrors.Model.Folder(path)
            : !isExplicit && !File.Exists(path) ? FileErrors.Model.NotFound(path)
            : null;
        if (!isExplicit && error is { ErrorDetails: null })
        {
            // A foreign format's record already carries its own details, which name the path.
            error = FileErrors.NamedByEnvironment(error, EnvironmentVariable);
        }

        return new ResolvedModel(error is null ? path : null, isExplicit, error);
    }

    private static string? FindInstalled(PSCmdlet cmdlet)
    {
        string folder = ModelStore.GetFolder(cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath);
        string? installed = ModelStore.FindDefault(folder);
        if (installed is not null)
        {
            cmdlet.WriteVerbose(VerboseMessages.UsingInstalledModel(installed));
        }

        return installed;
    }
}
