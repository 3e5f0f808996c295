using System;
using System.IO;
using LLama.Native;

namespace NorwegianLlama.Hosting;

/// <summary>
/// Configures LLamaSharp's native library once per process. Module import happens once per runspace
/// (parallel loops, thread jobs), but a second configuration after the library has loaded throws.
/// </summary>
internal static class NativeRuntime
{
    private static readonly object SetupLock = new();
    private static bool ready;
    private static string? failure;

    /// <summary>Loads llama.cpp if needed; throws <see cref="InvalidOperationException"/> with the reason when it cannot.</summary>
    public static void EnsureReady()
    {
        if (ready)
        {
            return;
        }

        lock (SetupLock)
        {
            if (ready)
            {
                return;
            }

            if (failure is not null)
            {
                throw new InvalidOperationException(failure);
            }

            try
            {
                string moduleDirectory = Path.GetDirectoryName(typeof(NativeRuntime).Assembly.Location)!;
                if (!NativeLibraryConfig.LLama.LibraryHasLoaded)
                {
                    NativeLibraryConfig.All
                        .WithSearchDirectory(moduleDirectory)
                        .WithLogCallback(NativeLogCapture.Route);
                }

                // Load now, so a broken native install is reported here rather than in the middle of a load.
                NativeApi.llama_empty_call();
                ready = true;
            }
            catch (Exception e)
            {
                failure = $"llama.cpp's native library could not be loaded on this machine: {e.Message}";
                throw new InvalidOperationException(failure, e);
            }
        }
    }
}
