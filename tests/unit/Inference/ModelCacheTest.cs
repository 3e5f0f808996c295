using System;
using NorwegianLlama.Inference;
using NorwegianLlama.Tests.Structured;

namespace NorwegianLlama.Tests.Inference;

/// <summary>
/// A test of the process-wide model cache: it starts and ends with the cache empty, so no test sees another's
/// models, and writes its models to a folder of its own.
/// </summary>
public abstract class ModelCacheTest : IDisposable
{
    protected ModelCacheTest()
    {
        QuietNativeLog.Configure();
        ModelCache.Clear();
    }

    protected GeneratedModels Models { get; } = new();

    public void Dispose()
    {
        ModelCache.Clear();
        Models.Dispose();
        GC.SuppressFinalize(this);
    }
}
