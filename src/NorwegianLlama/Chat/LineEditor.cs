using System;
using System.Collections.Generic;
using System.Text;

namespace NorwegianLlama.Chat;

/// <summary>
/// The editing of one line at the chat's prompt, key by key, with the lines sent earlier in this chat as history.
/// It knows nothing of the console: the caller feeds it keys and shows <see cref="Text"/> and <see cref="Cursor"/>.
/// </summary>
internal sealed class LineEditor
{
    private readonly List<string> history = [];
    private readonly StringBuilder text = new();
    private int historyIndex;
    private string draft = "";

    public string Text => text.ToString();

    /// <summary>Where the next character goes: 0 before the first, <see cref="Text"/>'s length after the last.</summary>
    public int Cursor { get; private set; }

    /// <summary>Starts a new, empty line; Up then recalls the lines sent so far, newest first.</summary>
    public void Begin()
    {
        text.Clear();
        Cursor = 0;
        historyIndex = history.Count;
        draft = "";
    }

    public LineEditResult Apply(ConsoleKeyInfo key)
    {
        if (key.KeyChar == '\x03' || (key.Key == ConsoleKey.C && key.Modifiers.HasFlag(ConsoleModifiers.Control)))
        {
            return LineEditResult.Cancelled;
        }

        if (key.Modifiers.HasFlag(ConsoleModifiers.Control) || key.KeyChar is '\x04' or '\x01' or '\x05')
        {
            return Control(key);
        }

        switch (key.Key)
        {
            case ConsoleKey.Enter:
                Remember(Text);
                return LineEditResult.Submitted;
            case ConsoleKey.Backspace:
                if (Cursor > 0)
                {
                    text.Remove(--Cursor, 1);
                }

                break;
            case ConsoleKey.Delete:
                if (Cursor < text.Length)
                {
                    text.Remove(Cursor, 1);
                }

                break;
            case ConsoleKey.LeftArrow:
                Cursor = Math.Max(0, Cursor - 1);
                break;
            case ConsoleKey.RightArrow:
                Cursor = Math.Min(text.Length, Cursor + 1);
                break;
            case ConsoleKey.Home:
                Cursor = 0;
                break;
            case ConsoleKey.End:
                Cursor = text.Length;
                break;
            case ConsoleKey.UpArrow:
                Recall(historyIndex - 1);
                break;
            case ConsoleKey.DownArrow:
                Recall(historyIndex + 1);
                break;
            case ConsoleKey.Escape:
                Replace("");
                break;
            default:
                Insert(key.KeyChar);
                break;
        }

        return LineEditResult.Editing;
    }

    private LineEditResult Control(ConsoleKeyInfo key)
    {
        if (key.Key == ConsoleKey.D || key.KeyChar == '\x04')
        {
            return text.Length == 0 ? LineEditResult.EndOfInput : LineEditResult.Editing;
        }

        if (key.Key == ConsoleKey.A || key.KeyChar == '\x01')
        {
            Cursor = 0;
        }
        else if (key.Key == ConsoleKey.E || key.KeyChar == '\x05')
        {
            Cursor = text.Length;
        }

        return LineEditResult.Editing;
    }

    private void Insert(char c)
    {
        // Tab and other control characters would move the terminal's cursor behind the editor's back.
        if (c == '\0' || char.IsControl(c))
        {
            return;
        }

        text.Insert(Cursor++, c);
    }

    /// <summary>Moves through the history; one step past the newest line brings back what was being typed.</summary>
    private void Recall(int index)
    {
        if (index < 0 || index > history.Count || index == historyIndex)
        {
            return;
        }

        if (historyIndex == history.Count)
        {
            draft = Text;
        }

        historyIndex = index;
        Replace(index == history.Count ? draft : history[index]);
    }

    private void Replace(string line)
    {
        text.Clear().Append(line);
        Cursor = text.Length;
    }

    private void Remember(string line)
    {
        if (line.Trim().Length > 0 && (history.Count == 0 || history[^1] != line))
        {
            history.Add(line);
        }
    }
}
