using System;
using System.Management.Automation;

namespace NorwegianLlama.Errors;

/// <summary>The ErrorRecords of Clear-NorskPromptCache, with stable ids.</summary>
internal static class PromptCacheErrors
{
    public static ErrorRecord ClearFailed(string path, Exception e) => new(
        new System.IO.IOException($"The prompt cache file '{path}' could not be deleted: {e.Message}", e),
        "PromptCacheClearFailed", ErrorCategory.WriteError, path);
}
