using System;
using System.Threading;

namespace NorwegianLlama.Hosting;

/// <summary>
/// While an answer is generated, Ctrl+C is read as a key so it stops that answer only: as a signal it would
/// stop the whole cmdlet, and with it the chat. Does nothing without an interactive console.
/// </summary>
internal sealed class ControlCWatcher : IPipelinePump, IDisposable
{
    private readonly CancellationTokenSource stopAnswer;
    private readonly bool active;
    private readonly bool previous;
    private readonly ManualResetEvent never = new(false);

    public ControlCWatcher(CancellationTokenSource stopAnswer)
    {
        this.stopAnswer = stopAnswer;
        try
        {
            active = !Console.IsInputRedirected;
            if (active)
            {
                previous = Console.TreatControlCAsInput;
                Console.TreatControlCAsInput = true;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.IO.IOException)
        {
            active = false;
        }
    }

    public WaitHandle Arrived => never;

    public void Drain()
    {
        if (!active)
        {
            return;
        }

        while (Console.KeyAvailable)
        {
            ConsoleKeyInfo key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.C && key.Modifiers.HasFlag(ConsoleModifiers.Control))
            {
                stopAnswer.Cancel();
            }
        }
    }

    public void Dispose()
    {
        if (active)
        {
            Console.TreatControlCAsInput = previous;
        }

        never.Dispose();
    }
}
