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

    // The facts of the first failure, not its message: a later runspace may read another language.
    private static Exception? failure;

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
                throw new InvalidOperationException(Describe(failure), failure);
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
                failure = e;
                throw new InvalidOperationException(Describe(e), e);
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
        throw new MissingNativeBuildException(rid, library, folders, moduleDirectory);
    }

    private static string Describe(Exception e) =>
        InferenceMessages.NativeLibraryUnavailable(e is MissingNativeBuildException missing ? missing.Describe() : e.Message);

    /// <summary>No llama.cpp build for this platform in the module; described in the reader's language when reported.</summary>
    private sealed class MissingNativeBuildException(string runtimeIdentifier, string library, IReadOnlyList<string> folders, string moduleDirectory)
        : InvalidOperationException(Describe(runtimeIdentifier, library, folders, moduleDirectory))
    {
        public string Describe() => Describe(runtimeIdentifier, library, folders, moduleDirectory);

        private static string Describe(string runtimeIdentifier, string library, IReadOnlyList<string> folders, string moduleDirectory) =>
            folders.Count == 0
                ? InferenceMessages.NoNativeBuildForPlatform(runtimeIdentifier)
                : InferenceMessages.NoNativeBuildInModule(runtimeIdentifier, library, string.Join(", ", folders), moduleDirectory);
    }
}
