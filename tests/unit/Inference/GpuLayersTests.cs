using System;
using NorwegianLlama.Hosting;
using NorwegianLlama.Inference;
using Xunit;

namespace NorwegianLlama.Tests.Inference;

public sealed class GpuLayersTests
{
    // The 13B model's 40 blocks; llama.cpp counts its output layer as a 41st.
    private const long Blocks = 40;

    // Where LLamaSharp.Backend.Cpu 0.30.0 puts its natives in a package that holds every platform.
    private static readonly string[] EveryPlatform =
    [
        "runtimes/osx-arm64/native/libggml-metal.dylib", "runtimes/osx-arm64/native/libggml-cpu.dylib", "runtimes/osx-arm64/native/libllama.dylib",
        "runtimes/osx-x64/native/libggml-cpu.dylib", "runtimes/osx-x64/native/libllama.dylib",
        "runtimes/linux-x64/native/avx2/libggml-cpu.so", "runtimes/linux-x64/native/avx2/libllama.so",
        "runtimes/linux-arm64/native/libggml-cpu.so", "runtimes/linux-musl-x64/native/avx2/libggml-cpu.so",
        "runtimes/win-x64/native/avx2/ggml-cpu.dll", "runtimes/win-arm64/native/ggml-cpu.dll",
    ];

    private static GpuPlatform AppleSilicon => Platform(HostOperatingSystem.MacOS, HostArchitecture.Arm64, EveryPlatform);

    [Fact]
    public void AppleSiliconOffloadsEveryLayerToMetal()
    {
        Assert.Equal("osx-arm64", AppleSilicon.RuntimeId);
        Assert.Equal("Metal", AppleSilicon.Backend);
        Assert.Equal(41, GpuLayers.Default(AppleSilicon, Blocks));
    }

    [Theory]
    [InlineData("MacOS", "X64", "osx-x64")]
    [InlineData("Linux", "X64", "linux-x64")]
    [InlineData("Linux", "Arm64", "linux-arm64")]
    [InlineData("Windows", "X64", "win-x64")]
    [InlineData("Windows", "Arm64", "win-arm64")]
    public void PlatformsWithoutAGpuBackendKeepEveryLayerOnTheCpu(string os, string architecture, string runtimeId)
    {
        var platform = Platform(Enum.Parse<HostOperatingSystem>(os), Enum.Parse<HostArchitecture>(architecture), EveryPlatform);

        Assert.Equal(runtimeId, platform.RuntimeId);
        Assert.Null(platform.Backend);
        Assert.Equal(0, GpuLayers.Default(platform, Blocks));
        Assert.Equal(0, GpuLayers.Offloaded(99, platform, Blocks));
        Assert.Equal("No GPU backend here: all 40 layers run on the CPU.", GpuLayers.Describe(platform, 0, Blocks));
    }

    [Fact]
    public void AMacBuiltForItselfFindsMetalOutsideAPlatformFolder()
    {
        var hostOnly = Platform(HostOperatingSystem.MacOS, HostArchitecture.Arm64, ["libggml-metal.dylib", "libllama.dylib"]);

        Assert.Equal("Metal", hostOnly.Backend);
    }

    [Fact]
    public void AnotherPlatformsBackendDoesNotCount()
    {
        var linuxWithMacNatives = Platform(HostOperatingSystem.Linux, HostArchitecture.X64, ["runtimes/osx-arm64/native/libggml-metal.dylib"]);

        Assert.Null(linuxWithMacNatives.Backend);
    }

    [Fact]
    public void ALinuxPackageWithCudaOffloads()
    {
        var cuda = Platform(HostOperatingSystem.Linux, HostArchitecture.X64, ["runtimes/linux-x64/native/cuda12/libggml-cuda.so"]);

        Assert.Equal("CUDA", cuda.Backend);
        Assert.Equal(41, GpuLayers.Default(cuda, Blocks));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(10, 10)]
    [InlineData(41, 41)]
    [InlineData(99, 41)]
    [InlineData(1000, 41)]
    public void OffloadIsAtMostTheWholeModel(int requested, int offloaded)
    {
        Assert.Equal(offloaded, GpuLayers.Offloaded(requested, AppleSilicon, Blocks));
    }

    [Fact]
    public void DescriptionSaysWhereTheLayersRun()
    {
        Assert.Equal("Metal: all 40 layers and the output layer run on the GPU.", GpuLayers.Describe(AppleSilicon, 41, Blocks));
        Assert.Equal("Metal: 10 of 40 layers run on the GPU, the rest on the CPU.", GpuLayers.Describe(AppleSilicon, 10, Blocks));
        Assert.Equal(
            "Metal is here, but all 40 layers run on the CPU (-GpuLayerCount or $env:NORSK_GPU_LAYERS is 0).",
            GpuLayers.Describe(AppleSilicon, 0, Blocks));
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(null, "", null)]
    [InlineData(null, "  ", null)]
    [InlineData(null, "0", 0)]
    [InlineData(null, " 12 ", 12)]
    [InlineData(null, "5000", 5000)]
    [InlineData(7, "x", 7)]
    [InlineData(0, "20", 0)]
    public void TheParameterWinsOverTheVariable(int? parameter, string? variable, int? requested)
    {
        Assert.Equal(requested, GpuLayers.Requested(parameter, variable));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("-1")]
    [InlineData("+3")]
    [InlineData("1.5")]
    [InlineData("all")]
    [InlineData("99999999999")]
    public void AVariableThatIsNotALayerCountIsRefused(string variable)
    {
        var refused = Assert.Throws<GpuLayersVariableException>(() => GpuLayers.Requested(null, variable));

        Assert.Equal(variable, refused.Value);
        Assert.Contains("NORSK_GPU_LAYERS", refused.Message);
    }

    [Fact]
    public void TheVariableOverridesTheAppleSiliconDefault()
    {
        int? requested = GpuLayers.Requested(null, "0");

        Assert.Equal(0, GpuLayers.Offloaded(requested!.Value, AppleSilicon, Blocks));
    }

    private static GpuPlatform Platform(HostOperatingSystem os, HostArchitecture architecture, string[] files) =>
        new(new HostPlatform(os, architecture, IsMusl: false, X64InstructionSet.Avx2), files);
}
