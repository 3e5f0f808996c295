using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Threading;

namespace NorwegianLlama.Hosting;

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

/// <summary>Turns a <see cref="DownloadStatus"/> into progress records with size, rate and time left.</summary>
internal sealed class DownloadMeter(int activityId, string activity)
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Queue<(TimeSpan At, long Bytes)> samples = new();
    private TimeSpan? lastWritten;

    /// <summary>The next record to write, or null when the last one is too recent to replace.</summary>
    public ProgressRecord? Next(DownloadStatus status)
    {
        TimeSpan now = clock.Elapsed;
        double? rate = Sample(now, status.Transferred);
        if (lastWritten is { } last && now - last < Interval)
        {
            return null;
        }

        lastWritten = now;
        long position = status.Position;
        long total = status.Total;
        var record = new ProgressRecord(activityId, activity, Describe(status.Phase, position, total, rate));
        if (total > 0)
        {
            record.PercentComplete = (int)Math.Clamp(position * 100 / total, 0, 100);
            if (rate > 0 && status.Phase is null)
            {
                record.SecondsRemaining = (int)Math.Min(int.MaxValue, Math.Ceiling((total - position) / rate.Value));
            }
        }

        return record;
    }

    public ProgressRecord Completed() => new(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed };

    /// <summary>Sizes as PowerShell counts them (1GB = 1024³), the way the module's formats show SizeBytes.</summary>
    public static string FormatSize(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Format(CultureInfo.CurrentCulture, "{0:N2} GB", bytes / (double)(1L << 30)),
        >= 1L << 20 => string.Format(CultureInfo.CurrentCulture, "{0:N1} MB", bytes / (double)(1L << 20)),
        >= 1L << 10 => string.Format(CultureInfo.CurrentCulture, "{0:N0} KB", bytes / (double)(1L << 10)),
        _ => string.Format(CultureInfo.CurrentCulture, "{0:N0} bytes", bytes),
    };

    private static string Describe(string? phase, long position, long total, double? rate)
    {
        string done = total > 0 ? $"{FormatSize(position)} of {FormatSize(total)}" : FormatSize(position);
        if (phase is not null)
        {
            return position > 0 ? $"{phase} ({done})" : phase;
        }

        return rate is null ? done : $"{done} at {FormatSize((long)rate.Value)}/s";
    }

    /// <summary>Bytes per second over the last few seconds; null until there is enough to measure.</summary>
    private double? Sample(TimeSpan now, long bytes)
    {
        samples.Enqueue((now, bytes));
        while (samples.Count > 2 && now - samples.Peek().At > RateWindow)
        {
            samples.Dequeue();
        }

        (TimeSpan at, long first) = samples.Peek();
        double seconds = (now - at).TotalSeconds;
        return seconds >= 0.5 ? (bytes - first) / seconds : null;
    }
}
