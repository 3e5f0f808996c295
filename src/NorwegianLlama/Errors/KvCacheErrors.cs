using System;
using System.Management.Automation;
using NorwegianLlama.Inference;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Errors;

internal static class KvCacheErrors
{
    public static ErrorRecord Unsupported(KvCacheRefusal refusal, string modelPath) => new(
        new ArgumentException(refusal.Half == "K"
            ? ModelMessages.KvCacheKeysUnsupported(modelPath, KvCacheTypes.Name(refusal.Type), refusal.HeadWidth, refusal.BlockSize)
            : ModelMessages.KvCacheValuesUnsupported(modelPath, KvCacheTypes.Name(refusal.Type), refusal.HeadWidth, refusal.BlockSize)),
        "KvCacheTypeUnsupported", ErrorCategory.InvalidArgument, modelPath);

    public static ErrorRecord AllocationFailed(string modelPath, Exception e, string[] nativeErrors) => new(
        new InvalidOperationException(
            ModelMessages.KvCacheAllocationFailed(modelPath, nativeErrors.Length > 0 ? string.Join(" ", nativeErrors) : e.Message), e),
        "KvCacheAllocationFailed", ErrorCategory.ResourceUnavailable, modelPath);
}
