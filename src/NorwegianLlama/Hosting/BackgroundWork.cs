using System;
using System.Threading;
using System.Threading.Tasks;
using NorwegianLlama.Commands.Base;

namespace NorwegianLlama.Hosting;

/// <summary>
/// Runs managed work (a download) on the thread pool while the pipeline thread, the only one allowed to write
/// to the host, reports on it. The non-native sibling of <see cref="NorskCmdlet"/>'s RunNative.
/// </summary>
internal static class BackgroundWork
{
    private static readonly TimeSpan PumpInterval = TimeSpan.FromMilliseconds(100);

    // Long enough for a cancelled copy to close its file; the work never blocks longer than one read.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Calls <paramref name="onTick"/> on this thread until the work ends (and once more after), then returns
    /// its result or rethrows its exception. If a tick throws (the pipeline was stopped), the work is
    /// cancelled and awaited, so it never outlives the cmdlet holding files open.
    /// </summary>
    public static T Run<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellation, Action onTick)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        Task<T> task = Task.Run(() => work(stop.Token), CancellationToken.None);
        try
        {
            var done = ((IAsyncResult)task).AsyncWaitHandle;
            while (!done.WaitOne(PumpInterval))
            {
                onTick();
            }

            onTick();
        }
        catch
        {
            stop.Cancel();
            try
            {
                task.Wait(DrainTimeout);
            }
            catch (AggregateException)
            {
                // The work's own failure matters less than why the pipeline is going away.
            }

            throw;
        }

        return task.GetAwaiter().GetResult();
    }
}
