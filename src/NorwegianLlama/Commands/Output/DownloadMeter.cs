using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using NorwegianLlama.Resources;
using NorwegianLlama.Store;

namespace NorwegianLlama.Commands.Output;

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

    /// <summary>Writes the download's notes as verbose messages and its progress, when due.</summary>
    public void Report(Cmdlet cmdlet, DownloadStatus status)
    {
        while (status.TryTakeNote(out string note))
        {
            cmdlet.WriteVerbose(note);
        }

        if (Next(status) is { } record)
        {
            cmdlet.WriteProgress(record);
        }
    }

    public ProgressRecord Completed() => new(activityId, activity, OutputMessages.ProgressDone()) { RecordType = ProgressRecordType.Completed };

    private static string Describe(string? phase, long position, long total, double? rate)
    {
        string done = total > 0 ? OutputMessages.BytesOf(ByteSize.Format(position), ByteSize.Format(total)) : ByteSize.Format(position);
        if (phase is not null)
        {
            return position > 0 ? $"{phase} ({done})" : phase;
        }

        return rate is null ? done : OutputMessages.BytesAtRate(done, ByteSize.Format((long)rate.Value));
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
