using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using NorwegianLlama.Inference;
using NorwegianLlama.Inference.HugePages;
using Xunit;

namespace NorwegianLlama.Tests.Inference;

public sealed class HugePageAdvisorTests
{
    private const ulong Big = 64UL << 20;

    [Fact]
    public void ParseKeepsOnlyLargeAnonymousPrivateWritableMappings()
    {
        string[] lines =
        [
            "7f0000000000-7f0010000000 rw-p 00000000 00:00 0 ",
            "7f0010000000-7f0020000000 rw-p 00000000 00:00 0                          [heap]",
            "7f0020000000-7f0030000000 r--p 00000000 00:00 0",
            "7f0030000000-7f0040000000 rw-s 00000000 00:01 4711                       /dev/shm/x",
            "7f0040000000-7f0050000000 rw-p 00001000 08:01 1234                       /models/m.gguf",
            "7f0050000000-7f0050100000 rw-p 00000000 00:00 0",
            "7f0060000000-7f0070000000 rw-p 00000000 00:00 0",
            "not a mapping",
            "7f0080000000-7f0070000000 rw-p 00000000 00:00 0",
        ];

        AnonymousMapping[] found = [.. AnonymousMappings.Parse(lines, Big)];

        Assert.Equal(
            [new AnonymousMapping(0x7f0000000000, 0x10000000), new AnonymousMapping(0x7f0060000000, 0x10000000)],
            found);
    }

    [Fact]
    public void UnknownIsWhatNoKnownRangeCovers()
    {
        KnownRanges known = new();
        known.Add(new AnonymousMapping(0x2000, 0x1000));
        known.Add(new AnonymousMapping(0x5000, 0x1000));

        Assert.Equal(
            [new AnonymousMapping(0x1000, 0x1000), new AnonymousMapping(0x3000, 0x2000), new AnonymousMapping(0x6000, 0x1000)],
            known.Unknown(new AnonymousMapping(0x1000, 0x6000)));
        Assert.Empty(known.Unknown(new AnonymousMapping(0x2000, 0x1000)));
        Assert.Equal([new AnonymousMapping(0x8000, 0x1000)], known.Unknown(new AnonymousMapping(0x8000, 0x1000)));
    }

    [Fact]
    public void ABufferAllocatedInsideTheScopeIsAdvisedAndOneFromBeforeIsNot()
    {
        nint before = Alloc();
        try
        {
            using HugePageAdvisor advisor = HugePageAdvisor.Begin();
            nint inside = Alloc();
            try
            {
                advisor.AdviseNewMappings();

                Assert.Equal(ExpectAdvice(), advisor.AdvisedCount > 0);
                AssertEligibility(inside, expected: true);
                AssertEligibility(before, expected: false);
            }
            finally
            {
                Free(inside);
            }
        }
        finally
        {
            Free(before);
        }
    }

    [Fact]
    public void AWatchAdvisesABufferAllocatedWhileItIsOpen()
    {
        using HugePageAdvisor advisor = HugePageAdvisor.Watch();
        nint inside = Alloc();
        try
        {
            // The watcher looks every few milliseconds; this waits for it, it does not time it.
            SpinWait.SpinUntil(() => advisor.AdvisedCount > 0, TimeSpan.FromSeconds(30));

            Assert.Equal(ExpectAdvice(), advisor.AdvisedCount > 0);
            AssertEligibility(inside, expected: true);
        }
        finally
        {
            Free(inside);
        }
    }

    // Far above glibc's mmap threshold, so each buffer is a mapping of its own, as ggml's are.
    private static nint Alloc() => Marshal.AllocHGlobal((nint)Big);

    private static void Free(nint pointer) => Marshal.FreeHGlobal(pointer);

    private static string ThpMode() =>
        File.Exists("/sys/kernel/mm/transparent_hugepage/enabled")
            ? File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled").Split('[', ']')[1]
            : "none";

    // With huge pages switched off in the kernel madvise still succeeds; without THP support it fails.
    private static bool ExpectAdvice() =>
        OperatingSystem.IsLinux() && ThpMode() is "madvise" or "always" or "never"
        && EnvironmentSwitch.IsOnFor(HugePageAdvisor.SwitchVariable);

    // In "madvise" mode the kernel reports a mapping eligible for huge pages only once it has been advised.
    private static void AssertEligibility(nint pointer, bool expected)
    {
        if (ThpMode() != "madvise" || !ExpectAdvice())
        {
            Assert.False(OperatingSystem.IsLinux() && ThpMode() == "madvise" && ExpectAdvice());
            return;
        }

        Assert.Equal(expected, EligibleForHugePages((ulong)pointer));
    }

    private static bool EligibleForHugePages(ulong address)
    {
        string[] smaps = File.ReadAllLines("/proc/self/smaps");
        for (int i = 0; i < smaps.Length; i++)
        {
            AnonymousMapping[] header = [.. AnonymousMappings.Parse([smaps[i]], 1)];
            if (header.Length == 1 && header[0].Start <= address && address < header[0].Start + header[0].Length)
            {
                string eligible = smaps.Skip(i + 1).First(line => line.StartsWith("THPeligible:", StringComparison.Ordinal));
                return eligible.Split(':')[1].Trim() == "1";
            }
        }

        throw new InvalidOperationException($"No anonymous mapping holds 0x{address:x}.");
    }
}
