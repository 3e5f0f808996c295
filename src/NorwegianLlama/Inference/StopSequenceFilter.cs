using System;
using System.Collections.Generic;
using System.Text;

namespace NorwegianLlama.Inference;

/// <summary>
/// Cuts generated text at the first stop string. Text that might be the start of a stop string is held
/// back until it is known not to be one, so streamed output never shows part of a stop string.
/// </summary>
internal sealed class StopSequenceFilter
{
    private readonly IReadOnlyList<string> stops;
    private readonly StringBuilder pending = new();

    public StopSequenceFilter(IEnumerable<string> stops)
    {
        var nonEmpty = new List<string>();
        foreach (string stop in stops)
        {
            if (!string.IsNullOrEmpty(stop))
            {
                nonEmpty.Add(stop);
            }
        }

        this.stops = nonEmpty;
    }

    public bool Stopped { get; private set; }

    /// <summary>Adds generated text; returns the part that is safe to show now.</summary>
    public string Push(string text)
    {
        if (Stopped)
        {
            return "";
        }

        pending.Append(text);
        string buffered = pending.ToString();

        int cut = -1;
        foreach (string stop in stops)
        {
            int at = buffered.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (cut < 0 || at < cut))
            {
                cut = at;
            }
        }

        if (cut >= 0)
        {
            Stopped = true;
            pending.Clear();
            return buffered[..cut];
        }

        int hold = LongestStopPrefixAtEnd(buffered);
        pending.Clear().Append(buffered, buffered.Length - hold, hold);
        return buffered[..^hold];
    }

    /// <summary>The held-back text once generation has ended without reaching a stop string.</summary>
    public string Flush()
    {
        string rest = Stopped ? "" : pending.ToString();
        pending.Clear();
        return rest;
    }

    private int LongestStopPrefixAtEnd(string text)
    {
        int longest = 0;
        foreach (string stop in stops)
        {
            for (int length = Math.Min(stop.Length - 1, text.Length); length > longest; length--)
            {
                if (text.AsSpan(text.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }

        return longest;
    }
}
