using System;
using System.Threading;
using NorwegianLlama.Chat;

namespace NorwegianLlama.Hosting;

/// <summary>
/// Reads the chat's lines from the console key by key, with Ctrl+C read as a key: as a signal it would stop the
/// whole cmdlet before the conversation is written. The editing is <see cref="LineEditor"/>'s; this only draws it.
/// </summary>
internal sealed class ConsoleLineReader
{
    private static readonly TimeSpan KeyPoll = TimeSpan.FromMilliseconds(20);

    private readonly LineEditor editor = new();
    private int startLeft;
    private int startTop;
    private int drawn;
    private bool undrawn;

    /// <summary>Whether keys can be read and the cursor placed: a console that is neither read from nor written to a redirection.</summary>
    public static bool Available
    {
        get
        {
            try
            {
                return !Console.IsInputRedirected && !Console.IsOutputRedirected && Console.BufferWidth > 0;
            }
            catch (Exception e) when (e is InvalidOperationException or System.IO.IOException)
            {
                return false;
            }
        }
    }

    /// <summary>Reads a line after the prompt already shown; Ctrl+C, or Ctrl+D on an empty line, ends it without one.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="stopping"/> was cancelled while waiting for a key.</exception>
    public (LineEditResult Result, string Text) ReadLine(CancellationToken stopping)
    {
        bool previous = Console.TreatControlCAsInput;
        Console.TreatControlCAsInput = true;
        try
        {
            editor.Begin();
            startLeft = Console.CursorLeft;
            startTop = Console.CursorTop;
            drawn = 0;
            undrawn = false;
            while (true)
            {
                while (!Console.KeyAvailable)
                {
                    stopping.WaitHandle.WaitOne(KeyPoll);
                    stopping.ThrowIfCancellationRequested();
                }

                LineEditResult result = editor.Apply(Console.ReadKey(intercept: true));
                if (result == LineEditResult.Editing)
                {
                    // Pasted text arrives as a burst of keys: drawn once the burst is in, not again for every key.
                    undrawn = true;
                    if (!Console.KeyAvailable)
                    {
                        Draw();
                    }

                    continue;
                }

                // A line that ends inside a burst is drawn whole first.
                if (undrawn)
                {
                    Draw();
                }

                // The chat ends the line when it ends itself (Ctrl+C, Ctrl+D), as it does at the end of piped input.
                PlaceCursor(drawn);
                Console.Write(result switch { LineEditResult.Submitted => Environment.NewLine, LineEditResult.Cancelled => "^C", _ => "" });
                return (result, editor.Text);
            }
        }
        finally
        {
            Console.TreatControlCAsInput = previous;
        }
    }

    /// <summary>Writes the line over what was drawn before, scrolling first when it will reach past the last row.</summary>
    private void Draw()
    {
        string text = editor.Text;
        int erase = Math.Max(0, drawn - text.Length);
        try
        {
            int width = Math.Max(1, Console.BufferWidth);
            int lastRow = startTop + ((startLeft + text.Length + erase) / width);
            int bottom = Console.BufferHeight - 1;
            if (lastRow > bottom)
            {
                Console.SetCursorPosition(0, bottom);
                Console.Write(new string('\n', lastRow - bottom));
                startTop = Math.Max(0, startTop - (lastRow - bottom));
            }

            Console.SetCursorPosition(startLeft, startTop);
            Console.Write(text + new string(' ', erase));
            drawn = text.Length;
            undrawn = false;
            PlaceCursor(editor.Cursor);
        }
        catch (ArgumentOutOfRangeException)
        {
            // A line longer than the whole window: the cursor cannot be placed within it, the text is still kept.
        }
    }

    private void PlaceCursor(int index)
    {
        int width = Math.Max(1, Console.BufferWidth);
        int at = startLeft + index;
        try
        {
            Console.SetCursorPosition(at % width, Math.Min(Console.BufferHeight - 1, startTop + (at / width)));
        }
        catch (ArgumentOutOfRangeException)
        {
            // As in Draw: nowhere to put it.
        }
    }
}
