using System.Threading;
using NorwegianLlama.Inference;

namespace NorwegianLlama.Hosting;

/// <summary>
/// Called by the module's .psm1 on import and removal. Every runspace shares the cache, so the weights are
/// released only when the last runspace that imported the module removes it.
/// </summary>
public static class ModuleLifetime
{
    private static int importCount;

    public static void Imported() => Interlocked.Increment(ref importCount);

    public static void Removed()
    {
        if (Interlocked.Decrement(ref importCount) <= 0)
        {
            Interlocked.Exchange(ref importCount, 0);
            ModelCache.Clear();
        }
    }
}
