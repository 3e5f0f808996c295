using System;
using LLama.Native;

namespace NorwegianLlama.Tests.Structured;

/// <summary>
/// Keeps llama.cpp's load chatter out of the test output. Fixtures of different test classes start in
/// parallel, so another one may load the library between the check and the call; the configuration then
/// throws, and the other fixture's choice stands.
/// </summary>
internal static class QuietNativeLog
{
    private static readonly object Gate = new();

    public static void Configure()
    {
        lock (Gate)
        {
            if (NativeLibraryConfig.LLama.LibraryHasLoaded)
            {
                return;
            }

            try
            {
                NativeLibraryConfig.All.WithLogCallback((_, _) => { });
            }
            catch (InvalidOperationException)
            {
                // Loaded meanwhile by a fixture outside this lock.
            }
        }
    }
}
