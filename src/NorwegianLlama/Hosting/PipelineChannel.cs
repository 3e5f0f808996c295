using System;
using System.Collections.Concurrent;
using System.Threading;

namespace NorwegianLlama.Hosting;

/// <summary>
/// Hands text produced on a worker thread to the pipeline thread, waking it at once so streamed tokens
/// appear as they are generated rather than at the next polling tick.
/// </summary>
internal sealed class PipelineChannel : IDisposable
{
    private readonly ConcurrentQueue<string> items = new();
    private readonly AutoResetEvent arrived = new(false);
    private readonly Action<string> consume;

    public PipelineChannel(Action<string> consumeOnPipelineThread) => consume = consumeOnPipelineThread;

    internal WaitHandle Arrived => arrived;

    /// <summary>Called from any thread.</summary>
    public void Post(string item)
    {
        items.Enqueue(item);
        arrived.Set();
    }

    /// <summary>Called on the pipeline thread only.</summary>
    internal void Drain()
    {
        while (items.TryDequeue(out string? item))
        {
            consume(item);
        }
    }

    public void Dispose() => arrived.Dispose();
}
