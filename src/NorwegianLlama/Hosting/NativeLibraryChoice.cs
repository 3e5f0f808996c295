using System.Collections.Generic;

namespace NorwegianLlama.Hosting;

/// <summary>
/// Which of LLamaSharp.Backend.Cpu's native folders (relative to the module's bin folder) serve a platform, best
/// first, following LLamaSharp 0.30's own selection so that the module and LLamaSharp never disagree:
/// on x64 Windows and Linux the highest instruction set the CPU has, then each lower one down to noavx; on arm64
/// Windows and Linux the one build in native/ (the backend has no instruction-set folders there); on macOS the one
/// build in native/, except that an x64 process without AVX (Rosetta 2 on Apple Silicon) needs native/rosetta2.
/// (LLamaSharp's last resort on arm64, native/noavx, is a folder the backend does not ship, so it is left out.)
/// </summary>
internal static class NativeLibraryChoice
{
    /// <summary>Every runtime identifier the backend ships natives for: the platform folders of a package that holds them all.</summary>
    public static IReadOnlyList<string> RuntimeIdentifiers { get; } =
        ["win-x64", "win-arm64", "linux-x64", "linux-musl-x64", "linux-arm64", "osx-x64", "osx-arm64"];

    /// <summary>The runtime identifier the backend files its natives under; null where it ships none.</summary>
    public static string? RuntimeIdentifier(HostPlatform platform) =>
        (platform.OperatingSystem, platform.Architecture, platform.IsMusl) switch
        {
            (HostOperatingSystem.Windows, HostArchitecture.X64, _) => "win-x64",
            (HostOperatingSystem.Windows, HostArchitecture.Arm64, _) => "win-arm64",
            (HostOperatingSystem.Linux, HostArchitecture.X64, false) => "linux-x64",
            (HostOperatingSystem.Linux, HostArchitecture.X64, true) => "linux-musl-x64",
            // LLamaSharp asks about musl only on x64; the backend has no musl build for arm64.
            (HostOperatingSystem.Linux, HostArchitecture.Arm64, _) => "linux-arm64",
            (HostOperatingSystem.MacOS, HostArchitecture.X64, _) => "osx-x64",
            (HostOperatingSystem.MacOS, HostArchitecture.Arm64, _) => "osx-arm64",
            _ => null,
        };

    /// <summary>The folders to try, best first, with '/' between parts; empty where the backend ships nothing.</summary>
    public static IReadOnlyList<string> Folders(HostPlatform platform)
    {
        if (RuntimeIdentifier(platform) is not { } rid)
        {
            return [];
        }

        string native = $"runtimes/{rid}/native";
        if (platform.Architecture == HostArchitecture.Arm64)
        {
            return [native];
        }

        if (platform.OperatingSystem == HostOperatingSystem.MacOS)
        {
            return [platform.InstructionSet == X64InstructionSet.None ? $"{native}/rosetta2" : native];
        }

        var folders = new List<string>();
        for (X64InstructionSet level = platform.InstructionSet; level >= X64InstructionSet.None; level--)
        {
            folders.Add($"{native}/{FolderName(level)}");
        }

        return folders;
    }

    /// <summary>llama.cpp's main library file as the platform names shared libraries.</summary>
    public static string LlamaFileName(HostOperatingSystem operatingSystem) => operatingSystem switch
    {
        HostOperatingSystem.Windows => "llama.dll",
        HostOperatingSystem.MacOS => "libllama.dylib",
        _ => "libllama.so",
    };

    private static string FolderName(X64InstructionSet level) => level switch
    {
        X64InstructionSet.Avx512 => "avx512",
        X64InstructionSet.Avx2 => "avx2",
        X64InstructionSet.Avx => "avx",
        _ => "noavx",
    };
}
