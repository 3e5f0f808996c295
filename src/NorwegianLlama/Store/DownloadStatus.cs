using System.Collections.Concurrent;
using System.Threading;

namespace NorwegianLlama.Store;

/// <summary>
/// What a running download has done so far. The download writes it from the thread pool; the cmdlet reads it
/// on the pipeline thread, the only one allowed to write progress and verbose messages.
/// </summary>
internal sealed class DownloadStatus
{
    private readonly ConcurrentQueue<string> notes = new();
    private long position;
    private long total = -1;
    private long transferred;
    private string? phase;

    /// <summary>Bytes of the file that are on disk (including those a resumed download started with).</summary>
    public long Position => Volatile.Read(ref position);

    /// <summary>The file's full size, or -1 while unknown (no response yet, or no Content-Length).</summary>
    public long Total => Volatile.Read(ref total);

    /// <summary>Bytes received over the network in this call, across retries: what the rate is measured on.</summary>
    public long Transferred => Interlocked.Read(ref transferred);

    /// <summary>What happens instead of receiving data (connecting, checking, waiting to retry); null while receiving.</summary>
    public string? Phase => Volatile.Read(ref phase);

    public void SetPhase(string? text) => Volatile.Write(ref phase, text);

    public void Begin(long offset, long? size)
    {
        Volatile.Write(ref position, offset);
        Volatile.Write(ref total, size ?? -1);
        SetPhase(null);
    }

    public void Add(int count)
    {
        Interlocked.Add(ref position, count);
        Interlocked.Add(ref transferred, count);
    }

    /// <summary>A message for -Verbose.</summary>
    public void Note(string message) => notes.Enqueue(message);

    public bool TryTakeNote(out string message) => notes.TryDequeue(out message!);
}
