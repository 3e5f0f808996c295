using System;
using System.Collections.Concurrent;
using System.Threading;

namespace NorwegianLlama.Hosting;

/// <summary>Something the pipeline thread drains while native work runs.</summary>
internal interface IPipelinePump
{
    WaitHandle Arrived { get; }

    void Drain();
}

/// <summary>
/// Hands items produced on a worker thread to the pipeline thread, waking it at once so streamed tokens
/// appear as they are generated rather than at the next polling tick.
/// </summary>
internal sealed class PipelineChannel<T>(Action<T> consumeOnPipelineThread) : IPipelinePump, IDisposable
{
    private readonly ConcurrentQueue<T> items = new();
    private readonly AutoResetEvent arrived = new(false);

    public WaitHandle Arrived => arrived;

    /// <summary>Called from any thread.</summary>
    public void Post(T item)
    {
        items.Enqueue(item);
        arrived.Set();
    }

    /// <summary>Called on the pipeline thread only.</summary>
    public void Drain()
    {
        while (items.TryDequeue(out T? item))
        {
            consumeOnPipelineThread(item);
        }
    }

    public void Dispose() => arrived.Dispose();
}
