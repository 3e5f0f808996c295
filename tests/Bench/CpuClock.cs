using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace NorwegianLlama.Bench;

/// <summary>
/// CPU time of the whole process, every thread. On a machine other work keeps busy, wall time per token swings
/// with the scheduler, while the CPU time the process itself spent stays close to the work it did.
/// </summary>
public static class CpuClock
{
    private const int ProcessCpuTimeClock = 2;

    /// <summary>Milliseconds of CPU time the process has used; microsecond resolution on Linux.</summary>
    public static double ProcessMilliseconds()
    {
        // /proc's figure behind Process.TotalProcessorTime counts in 10 ms ticks, too coarse for one answer.
        if (OperatingSystem.IsLinux() && ClockGetTime(ProcessCpuTimeClock, out TimeSpec now) == 0)
        {
            return now.Seconds * 1000.0 + now.Nanoseconds / 1e6;
        }

        using Process self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalMilliseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec value);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
