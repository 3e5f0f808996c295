using System.Threading;

namespace NorwegianLlama.Inference;

/// <summary>
/// Tokens read and written so far, counted on the generating thread and read on the pipeline thread, which alone may
/// show them: a counter costs the token loop one interlocked add, where a handed-over message per token would cost far more.
/// </summary>
internal sealed class GenerationMeter
{
    private long read;
    private long written;

    /// <summary>Prompt tokens in the KV cache, whether decoded or found there already (reused or copied from a shared prefix).</summary>
    public long Read => Interlocked.Read(ref read);

    public long Written => Interlocked.Read(ref written);

    public long Total => Read + Written;

    public void AddRead(long tokens) => Interlocked.Add(ref read, tokens);

    public void AddWritten() => Interlocked.Increment(ref written);
}
