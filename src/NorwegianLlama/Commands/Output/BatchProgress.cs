using System;
using System.Diagnostics;
using System.Management.Automation;

namespace NorwegianLlama.Commands.Output;

/// <summary>A progress bar over inputs answered in groups: how many are done, which are being answered, and the time left at the pace so far.</summary>
internal sealed class BatchProgress(Cmdlet cmdlet, string activity, int total)
{
    private readonly ProgressRecord record = new(7100, activity, "Starting");
    private readonly Stopwatch clock = Stopwatch.StartNew();

    public void Answering(int done, int groupSize)
    {
        int last = Math.Min(total, done + groupSize);
        record.StatusDescription = $"{done} of {total} done; answering {(last - done == 1 ? $"{last}" : $"{done + 1}–{last}")}";
        record.PercentComplete = (int)(100.0 * done / total);
        record.SecondsRemaining = done == 0 ? -1 : (int)(clock.Elapsed.TotalSeconds / done * (total - done));
        cmdlet.WriteProgress(record);
    }

    public void Complete()
    {
        if (total > 0)
        {
            record.RecordType = ProgressRecordType.Completed;
            cmdlet.WriteProgress(record);
        }
    }
}
