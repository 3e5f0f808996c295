using System;
using System.Linq;
using NorwegianLlama.Hosting;
using Xunit;

namespace NorwegianLlama.Tests.Hosting;

public sealed class NativeLibraryChoiceTests
{
    [Theory]
    [InlineData("Avx512", "avx512,avx2,avx,noavx")]
    [InlineData("Avx2", "avx2,avx,noavx")]
    [InlineData("Avx", "avx,noavx")]
    [InlineData("None", "noavx")]
    public void WindowsX64TriesTheBestInstructionSetThenEachLowerOne(string set, string levels)
    {
        Assert.Equal(Under("runtimes/win-x64/native", levels), Folders("Windows", "X64", set));
    }

    [Theory]
    [InlineData("Avx512", "avx512,avx2,avx,noavx")]
    [InlineData("Avx2", "avx2,avx,noavx")]
    [InlineData("Avx", "avx,noavx")]
    [InlineData("None", "noavx")]
    public void LinuxX64TriesTheBestInstructionSetThenEachLowerOne(string set, string levels)
    {
        Assert.Equal(Under("runtimes/linux-x64/native", levels), Folders("Linux", "X64", set));
    }

    [Theory]
    [InlineData("Avx512", "avx512,avx2,avx,noavx")]
    [InlineData("Avx2", "avx2,avx,noavx")]
    [InlineData("Avx", "avx,noavx")]
    [InlineData("None", "noavx")]
    public void MuslLinuxX64HasItsOwnBuildsWithTheSameFallbacks(string set, string levels)
    {
        Assert.Equal(Under("runtimes/linux-musl-x64/native", levels), Folders("Linux", "X64", set, musl: true));
    }

    [Theory]
    [InlineData("Windows", "runtimes/win-arm64/native")]
    [InlineData("Linux", "runtimes/linux-arm64/native")]
    [InlineData("MacOS", "runtimes/osx-arm64/native")]
    public void Arm64HasOneBuildWithoutInstructionSetFolders(string os, string folder)
    {
        Assert.Equal([folder], Folders(os, "Arm64", "None"));
    }

    [Theory]
    [InlineData("Avx512")]
    [InlineData("Avx2")]
    [InlineData("Avx")]
    public void IntelMacsHaveOneBuildWhateverTheirAvx(string set)
    {
        Assert.Equal(["runtimes/osx-x64/native"], Folders("MacOS", "X64", set));
    }

    [Fact]
    public void AnX64ProcessWithoutAvxOnAMacIsRosettaAndGetsItsBuild()
    {
        Assert.Equal(["runtimes/osx-x64/native/rosetta2"], Folders("MacOS", "X64", "None"));
    }

    [Theory]
    [InlineData("Windows", "X64", false, "win-x64")]
    [InlineData("Windows", "Arm64", false, "win-arm64")]
    [InlineData("Linux", "X64", false, "linux-x64")]
    [InlineData("Linux", "Arm64", false, "linux-arm64")]
    [InlineData("Linux", "Arm64", true, "linux-arm64")]
    [InlineData("Linux", "X64", true, "linux-musl-x64")]
    [InlineData("MacOS", "X64", false, "osx-x64")]
    [InlineData("MacOS", "Arm64", false, "osx-arm64")]
    public void NamesTheSevenPlatformsAsTheBackendFilesThem(string os, string architecture, bool musl, string rid)
    {
        HostPlatform platform = Platform(os, architecture, musl, "Avx2");
        Assert.Equal(rid, NativeLibraryChoice.RuntimeIdentifier(platform));
        Assert.All(NativeLibraryChoice.Folders(platform), folder => Assert.StartsWith($"runtimes/{rid}/native", folder));
    }

    [Theory]
    [InlineData("Linux", "Other", false)]
    [InlineData("Windows", "Other", false)]
    [InlineData("Other", "X64", false)]
    public void OffersNothingWhereTheBackendShipsNothing(string os, string architecture, bool musl)
    {
        HostPlatform platform = Platform(os, architecture, musl, "Avx2");
        Assert.Null(NativeLibraryChoice.RuntimeIdentifier(platform));
        Assert.Empty(NativeLibraryChoice.Folders(platform));
    }

    [Theory]
    [InlineData("Windows", "llama.dll")]
    [InlineData("Linux", "libllama.so")]
    [InlineData("MacOS", "libllama.dylib")]
    public void NamesLlamaCppsLibraryAsEachPlatformDoes(string os, string fileName)
    {
        Assert.Equal(fileName, NativeLibraryChoice.LlamaFileName(Enum.Parse<HostOperatingSystem>(os)));
    }

    [Fact]
    public void ThisMachineIsOneOfTheSevenAndItsFirstChoiceHoldsLlamaCpp()
    {
        // The module's bin folder next to this test holds the host's natives, as the staged module does.
        HostPlatform here = HostPlatform.Current;
        string bin = System.IO.Path.GetDirectoryName(typeof(NativeLibraryChoice).Assembly.Location)!;
        string first = NativeLibraryChoice.Folders(here)[0];
        Assert.True(System.IO.File.Exists(System.IO.Path.Combine(bin, first, NativeLibraryChoice.LlamaFileName(here.OperatingSystem))));
    }

    // The platform facts by name: xunit's public theories cannot take the module's internal enums.
    private static HostPlatform Platform(string os, string architecture, bool musl, string set) => new(
        Enum.Parse<HostOperatingSystem>(os), Enum.Parse<HostArchitecture>(architecture), musl, Enum.Parse<X64InstructionSet>(set));

    private static string[] Folders(string os, string architecture, string set, bool musl = false) =>
        NativeLibraryChoice.Folders(Platform(os, architecture, musl, set)).ToArray();

    private static string[] Under(string native, string levels) =>
        levels.Split(',').Select(level => $"{native}/{level}").ToArray();
}
