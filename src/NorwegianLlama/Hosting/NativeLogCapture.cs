using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using LLama.Native;

namespace NorwegianLlama.Hosting;

internal readonly record struct NativeLogLine(LLamaLogLevel Level, string Text);

/// <summary>
/// Collects llama.cpp's log lines for one cmdlet operation. llama.cpp logs from whichever thread calls it,
/// so lines are queued here and written by the cmdlet on the pipeline thread.
/// </summary>
internal sealed class NativeLogCapture : IDisposable
{
    private static readonly AsyncLocal<NativeLogCapture?> Current = new();
    private static readonly object ActiveLock = new();
    private static readonly List<NativeLogCapture> Active = new();

    private readonly ConcurrentQueue<NativeLogLine> pending = new();
    private readonly ConcurrentQueue<string> errors = new();
    private readonly StringBuilder partial = new();
    private readonly NativeLogCapture? previous;
    private readonly bool keepLines;
    private LLamaLogLevel partialLevel = LLamaLogLevel.Info;

    private NativeLogCapture(bool keepLines)
    {
        this.keepLines = keepLines;
        previous = Current.Value;
        Current.Value = this;
        lock (ActiveLock)
        {
            Active.Add(this);
        }
    }

    /// <summary>Starts capturing for the calling flow; tasks started after this inherit it.</summary>
    /// <param name="keepLines">
    /// Whether anybody reads the lines. Without a reader only error lines are assembled (they explain a failure);
    /// the hundreds of others a model load logs cost no copying at all.
    /// </param>
    public static NativeLogCapture Begin(bool keepLines = true) => new(keepLines);

    /// <summary>llama.cpp's own error lines so far: the reason a load failed.</summary>
    public IReadOnlyCollection<string> Errors => errors;

    public bool TryDequeue(out NativeLogLine line) => pending.TryDequeue(out line);

    /// <summary>The process-wide callback handed to llama.cpp; it must never throw into native code.</summary>
    public static void Route(LLamaLogLevel level, string message)
    {
        try
        {
            NativeLogCapture? target = Current.Value;
            if (target is not null)
            {
                target.Append(level, message);
                return;
            }

            // Lines from llama.cpp's own worker threads carry no flow; every active operation may want them.
            lock (ActiveLock)
            {
                foreach (NativeLogCapture capture in Active)
                {
                    capture.Append(level, message);
                }
            }
        }
        catch
        {
            // A log line is never worth crashing the host over.
        }
    }

    public void Dispose()
    {
        lock (ActiveLock)
        {
            Active.Remove(this);
        }

        Flush();
        Current.Value = previous;
    }

    private void Append(LLamaLogLevel level, string message)
    {
        lock (partial)
        {
            if (level != LLamaLogLevel.Continue)
            {
                if (partial.Length > 0 && level != partialLevel)
                {
                    Emit();
                }

                partialLevel = level;
            }

            if (!keepLines && partialLevel != LLamaLogLevel.Error)
            {
                return;
            }

            foreach (char c in message)
            {
                if (c == '\n')
                {
                    Emit();
                }
                else
                {
                    partial.Append(c);
                }
            }
        }
    }

    private void Flush()
    {
        lock (partial)
        {
            Emit();
        }
    }

    private void Emit()
    {
        if (partial.Length == 0)
        {
            return;
        }

        string text = partial.ToString();
        partial.Clear();
        if (keepLines)
        {
            pending.Enqueue(new NativeLogLine(partialLevel, text));
        }

        if (partialLevel == LLamaLogLevel.Error)
        {
            errors.Enqueue(text.Trim());
        }
    }
}
