using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using NorwegianLlama.Hosting;
using NorwegianLlama.Inference;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Commands.Output;

/// <summary>
/// A progress bar over inputs answered in groups: how many are done, which are being answered, the parts of a long
/// input, the tokens written, and the time left at the pace so far. While a group runs it is pumped on the pipeline
/// thread, which alone may write; every write is a new record, so a thread job's Progress stream keeps each state.
/// </summary>
internal sealed class BatchProgress : IPipelinePump
{
    private const int ActivityId = 7100;

    // Often enough to look alive, seldom enough that a token costs nothing; the console redraws at most every 200 ms.
    private static readonly TimeSpan UpdateInterval = TimeSpan.FromMilliseconds(250);

    // The console host may not draw a record that follows another within its redraw interval; a later write draws it.
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(2);

    private static readonly WaitHandle Never = new ManualResetEvent(false);

    private readonly Cmdlet cmdlet;
    private readonly string activity;
    private readonly int total;
    private readonly WorkEstimate estimate;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private int done;
    private int groupEnd;
    private long spentBeforeGroup;
    private long shownTotal;
    private long shownWritten;
    private TimeSpan lastWrite;
    private (int Input, int Count, int Answered, int Pass)? parts;

    public BatchProgress(Cmdlet cmdlet, string activity, IReadOnlyList<Arguments.InstructionInput> inputs, int maxTokens)
    {
        this.cmdlet = cmdlet;
        this.activity = activity;
        total = inputs.Count;
        estimate = new WorkEstimate(inputs.Select(input => input.Size).ToArray(), maxTokens);
    }

    /// <summary>Counts the tokens of every generation of the call; give it in the options.</summary>
    public GenerationMeter Meter { get; } = new();

    /// <summary>Never set: the pump is drained at every tick of the wait for native work.</summary>
    public WaitHandle Arrived => Never;

    /// <summary>Shown before the group's inputs are read, so "0 of N" appears before any model work.</summary>
    public void Answering(int first, int groupSize)
    {
        done = first;
        groupEnd = Math.Min(total, first + groupSize);
        spentBeforeGroup = Meter.Total;
        Write();
    }

    public void Measured(int position, int promptTokens) => estimate.Measured(position, promptTokens);

    /// <summary>A long input is being answered in parts; <paramref name="pass"/> counts from 1.</summary>
    public void Splitting(int position, int partCount, int pass)
    {
        estimate.Split(position, partCount);
        parts = (position, partCount, 0, pass);
        Write();
    }

    public void PartsAnswered(IReadOnlyList<GenerationResult> results)
    {
        Answered(results);
        if (parts is { } current)
        {
            parts = current with { Answered = current.Answered + results.Count };
        }

        Write();
    }

    public void PartsEnded() => parts = null;

    public void Answered(IReadOnlyList<GenerationResult> results) => estimate.Answered(results.Count, results.Sum(r => (long)r.CompletionTokenCount));

    /// <summary>The group's inputs are answered or reported.</summary>
    public void GroupEnded()
    {
        for (int position = done; position < groupEnd; position++)
        {
            estimate.Finished(position);
        }

        done = groupEnd;
    }

    public void Drain()
    {
        long spent = Meter.Total;
        TimeSpan since = clock.Elapsed - lastWrite;
        // The first token written is shown at once, however soon after the last write: it proves the answer started.
        bool firstWords = shownWritten == 0 && Meter.Written > 0;
        if (firstWords || (spent != shownTotal && since >= UpdateInterval) || since >= Heartbeat)
        {
            Write();
        }
    }

    public void Complete()
    {
        if (total > 0)
        {
            Write();
            cmdlet.WriteProgress(new ProgressRecord(ActivityId, activity, Status()) { RecordType = ProgressRecordType.Completed });
        }
    }

    private void Write()
    {
        long spent = Meter.Total;
        long spentOnGroup = done < total ? spent - spentBeforeGroup : 0;
        cmdlet.WriteProgress(new ProgressRecord(ActivityId, activity, Status())
        {
            PercentComplete = done >= total ? 100 : spent == 0 ? (int)(100.0 * done / total) : estimate.PercentComplete(spent, spentOnGroup),
            SecondsRemaining = estimate.SecondsRemaining(spent, spentOnGroup, clock.Elapsed),
        });
        shownTotal = spent;
        shownWritten = Meter.Written;
        lastWrite = clock.Elapsed;
    }

    private string Status()
    {
        if (done >= total)
        {
            return OutputMessages.BatchAllDone(total);
        }

        string answering = groupEnd - done == 1 ? $"{groupEnd}" : $"{done + 1}–{groupEnd}";
        string status = OutputMessages.BatchAnswering(done, total, answering);
        if (parts is { } split)
        {
            status += "; " + (split.Pass > 1
                ? OutputMessages.BatchInputPartsPass(split.Input + 1, split.Answered, split.Count, split.Pass)
                : OutputMessages.BatchInputParts(split.Input + 1, split.Answered, split.Count));
        }

        long written = Meter.Written;
        return written > 0 ? $"{status}; {OutputMessages.BatchTokensWritten(written)}" : status;
    }
}
