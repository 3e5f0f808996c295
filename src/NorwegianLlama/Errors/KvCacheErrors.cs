using System;
using System.Management.Automation;
using NorwegianLlama.Inference;

namespace NorwegianLlama.Errors;

internal static class KvCacheErrors
{
    public static ErrorRecord Unsupported(KvCacheRefusal refusal, string modelPath) => new(
        new ArgumentException(
            $"The model '{modelPath}' cannot store its KV cache's {(refusal.Half == "K" ? "keys" : "values")} as "
            + $"{KvCacheTypes.Name(refusal.Type)}: its per-head {refusal.Half} width is {refusal.HeadWidth}, not a multiple of "
            + $"the type's {refusal.BlockSize}-value blocks. Use F16 for the {(refusal.Half == "K" ? "keys" : "values")} of this model."),
        "KvCacheTypeUnsupported", ErrorCategory.InvalidArgument, modelPath);

    public static ErrorRecord AllocationFailed(string modelPath, Exception e, string[] nativeErrors) => new(
        new InvalidOperationException(
            $"llama.cpp could not allocate the KV cache for '{modelPath}': "
            + (nativeErrors.Length > 0 ? string.Join(" ", nativeErrors) : e.Message), e),
        "KvCacheAllocationFailed", ErrorCategory.ResourceUnavailable, modelPath);
}
