using System;
using System.Collections.Generic;

namespace NorwegianLlama.Inference;

/// <summary>
/// Cuts generated text at the first stop string. Text that might be the start of a stop string is held
/// back until it is known not to be one, so streamed output never shows part of a stop string.
/// </summary>
/// <remarks>
/// Runs once per generated token, so it works in one reusable buffer and allocates only the text it releases.
/// </remarks>
internal sealed class StopSequenceFilter
{
    private readonly string[] stops;
    private char[] pending = new char[64];
    private int pendingLength;

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

        this.stops = nonEmpty.ToArray();
    }

    public bool Stopped { get; private set; }

    /// <summary>Adds generated text; returns the part that is safe to show now.</summary>
    public string Push(string text)
    {
        if (Stopped)
        {
            return "";
        }

        if (stops.Length == 0)
        {
            return text;
        }

        Append(text);
        ReadOnlySpan<char> buffered = pending.AsSpan(0, pendingLength);

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
            pendingLength = 0;
            return new string(buffered[..cut]);
        }

        int hold = LongestStopPrefixAtEnd(buffered);
        int release = buffered.Length - hold;
        if (release == 0)
        {
            return "";
        }

        // The common case: nothing held back before or after, so the caller's string is the answer.
        string released = release == text.Length && hold == 0 ? text : new string(buffered[..release]);
        buffered[release..].CopyTo(pending);
        pendingLength = hold;
        return released;
    }

    /// <summary>The held-back text once generation has ended without reaching a stop string.</summary>
    public string Flush()
    {
        string rest = Stopped || pendingLength == 0 ? "" : new string(pending, 0, pendingLength);
        pendingLength = 0;
        return rest;
    }

    private void Append(string text)
    {
        if (pendingLength + text.Length > pending.Length)
        {
            Array.Resize(ref pending, Math.Max(pending.Length * 2, pendingLength + text.Length));
        }

        text.CopyTo(0, pending, pendingLength, text.Length);
        pendingLength += text.Length;
    }

    private int LongestStopPrefixAtEnd(ReadOnlySpan<char> text)
    {
        int longest = 0;
        foreach (string stop in stops)
        {
            for (int length = Math.Min(stop.Length - 1, text.Length); length > longest; length--)
            {
                if (text[^length..].SequenceEqual(stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }

        return longest;
    }
}
