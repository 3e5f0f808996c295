using System;
using System.Management.Automation;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Errors;

/// <summary>The ErrorRecords of Clear-NorskPromptCache, with stable ids.</summary>
internal static class PromptCacheErrors
{
    public static ErrorRecord ClearFailed(string path, Exception e) => new(
        new System.IO.IOException(ModelMessages.PromptCacheClearFailed(path, e.Message), e),
        "PromptCacheClearFailed", ErrorCategory.WriteError, path);
}
