using System;
using System.Linq;
using System.Management.Automation;
using NorwegianLlama.Inference;

namespace NorwegianLlama.Hosting;

/// <summary>Which model a cmdlet uses: -ModelPath, then $env:NORSK_MODEL_PATH, then the model loaded last.</summary>
internal static class ModelResolver
{
    public const string EnvironmentVariable = "NORSK_MODEL_PATH";

    /// <returns>A full file system path, or null when nothing names a model.</returns>
    public static string? Resolve(PSCmdlet cmdlet, string? modelPath)
    {
        string? named = !string.IsNullOrWhiteSpace(modelPath)
            ? modelPath
            : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        if (named is not null)
        {
            return cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(named);
        }

        return ModelCache.Snapshot().LastOrDefault()?.Path;
    }
}
