using System;
using System.Collections.Generic;
using System.IO;

namespace NorwegianLlama.Inference;

/// <summary>
/// llama.cpp is bound by arithmetic and memory bandwidth, so a second hyper-thread on a core mostly competes
/// with the first; one thread per physical core is the default.
/// </summary>
internal static class CpuTopology
{
    private static readonly Lazy<int> Cores = new(CountPhysicalCores);

    public static int PhysicalCores => Cores.Value;

    private static int CountPhysicalCores()
    {
        try
        {
            if (OperatingSystem.IsLinux() && Directory.Exists("/sys/devices/system/cpu"))
            {
                // Logical CPUs that share a core list the same siblings; count the distinct lists.
                var cores = new HashSet<string>(StringComparer.Ordinal);
                foreach (string cpu in Directory.EnumerateDirectories("/sys/devices/system/cpu", "cpu*"))
                {
                    string siblings = Path.Combine(cpu, "topology", "thread_siblings_list");
                    if (File.Exists(siblings))
                    {
                        cores.Add(File.ReadAllText(siblings).Trim());
                    }
                }

                if (cores.Count > 0)
                {
                    return Math.Min(cores.Count, Environment.ProcessorCount);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Fall back to what .NET reports.
        }

        return Environment.ProcessorCount;
    }
}
