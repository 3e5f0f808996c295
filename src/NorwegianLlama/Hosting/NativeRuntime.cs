using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using LLama.Native;
using NorwegianLlama.Resources;

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
                    RequireNativesFor(HostPlatform.Current, moduleDirectory);
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
                failure = InferenceMessages.NativeLibraryUnavailable(e.Message);
                throw new InvalidOperationException(failure, e);
            }
        }
    }

    /// <summary>
    /// A copy built for another platform would otherwise fail with LLamaSharp's generic "cannot be correctly
    /// loaded" text; this names what is missing, from the same choice LLamaSharp makes.
    /// </summary>
    private static void RequireNativesFor(HostPlatform platform, string moduleDirectory)
    {
        string library = NativeLibraryChoice.LlamaFileName(platform.OperatingSystem);
        IReadOnlyList<string> folders = NativeLibraryChoice.Folders(platform);
        if (folders.Any(folder => File.Exists(Path.Combine(moduleDirectory, folder, library))))
        {
            return;
        }

        string rid = NativeLibraryChoice.RuntimeIdentifier(platform) ?? RuntimeInformation.RuntimeIdentifier;
        throw new InvalidOperationException(folders.Count == 0
            ? InferenceMessages.NoNativeBuildForPlatform(rid)
            : InferenceMessages.NoNativeBuildInModule(rid, library, string.Join(", ", folders), moduleDirectory));
    }
}
