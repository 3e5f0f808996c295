using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace NorwegianLlama.Hosting;

internal enum HostOperatingSystem
{
    Other,
    Windows,
    Linux,
    MacOS,
}

internal enum HostArchitecture
{
    Other,
    X64,
    Arm64,
}

/// <summary>The x64 vector extensions llama.cpp's CPU builds are split by, lowest first.</summary>
internal enum X64InstructionSet
{
    None,
    Avx,
    Avx2,
    Avx512,
}

/// <summary>
/// The facts about this process that decide which llama.cpp build runs and where the module keeps its files.
/// Kept apart from the decisions, so that those can be tested for every platform on any one machine.
/// </summary>
internal sealed record HostPlatform(
    HostOperatingSystem OperatingSystem,
    HostArchitecture Architecture,
    bool IsMusl,
    X64InstructionSet InstructionSet)
{
    public static HostPlatform Current { get; } = Detect();

    private static HostPlatform Detect()
    {
        HostOperatingSystem os =
            System.OperatingSystem.IsWindows() ? HostOperatingSystem.Windows
            : System.OperatingSystem.IsMacOS() ? HostOperatingSystem.MacOS
            : System.OperatingSystem.IsLinux() ? HostOperatingSystem.Linux
            : HostOperatingSystem.Other;

        // The process, not the OS: an x64 pwsh on an Apple Silicon Mac runs under Rosetta 2 and needs x64 code.
        HostArchitecture architecture = RuntimeInformation.ProcessArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => HostArchitecture.X64,
            System.Runtime.InteropServices.Architecture.Arm64 => HostArchitecture.Arm64,
            _ => HostArchitecture.Other,
        };

        // As LLamaSharp tells musl (Alpine) apart: by the runtime's own identifier.
        bool musl = os == HostOperatingSystem.Linux
            && RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.OrdinalIgnoreCase);

        X64InstructionSet instructionSet =
            HasLlamaSharpsAvx512() ? X64InstructionSet.Avx512
            : Avx2.IsSupported ? X64InstructionSet.Avx2
            : Avx.IsSupported ? X64InstructionSet.Avx
            : X64InstructionSet.None;

        return new HostPlatform(os, architecture, musl, instructionSet);
    }

    /// <summary>
    /// LLamaSharp 0.30 counts a CPU as AVX-512 only with the F, BW and VBMI subsets and VNNI (CPUID leaf 7, ECX
    /// bit 11), since its avx512 build uses them all; a CPU with AVX-512F alone gets the avx2 build.
    /// </summary>
    private static bool HasLlamaSharpsAvx512() =>
        X86Base.IsSupported
        && (X86Base.CpuId(7, 0).Ecx & (1 << 11)) != 0
        && Avx512F.IsSupported && Avx512BW.IsSupported && Avx512Vbmi.IsSupported;
}
