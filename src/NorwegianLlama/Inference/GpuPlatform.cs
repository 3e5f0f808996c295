using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NorwegianLlama.Hosting;

namespace NorwegianLlama.Inference;

/// <summary>
/// What decides whether a model's layers can go to a GPU: the OS and CPU architecture choose the native folder
/// llama.cpp loads from, and a GPU backend library in that folder (Metal on Apple Silicon) is what takes them.
/// </summary>
/// <param name="Host">The OS and architecture, which name the native folder.</param>
/// <param name="NativeFiles">The module folder's files, relative to it, with '/' or '\' between folders.</param>
internal sealed record GpuPlatform(HostPlatform Host, IReadOnlyCollection<string> NativeFiles)
{
    // LLamaSharp.Backend.Cpu 0.30.0 ships only Metal (for osx-arm64); the others are llama.cpp's names for its
    // GPU backends, so a package that adds one (a CUDA backend package, say) is recognised as well.
    private static readonly (string Library, string Name)[] Backends =
    [
        ("ggml-metal", "Metal"), ("ggml-cuda", "CUDA"), ("ggml-vulkan", "Vulkan"), ("ggml-hip", "HIP"), ("ggml-sycl", "SYCL"),
    ];

    private static readonly Lazy<GpuPlatform> CurrentPlatform = new(() => ForModuleFolder(
        Path.GetDirectoryName(typeof(GpuPlatform).Assembly.Location)!));

    /// <summary>The facts of this process: its OS and architecture, and the natives beside the module.</summary>
    public static GpuPlatform Current => CurrentPlatform.Value;

    /// <summary>LLamaSharp's name for the native folder of this OS and architecture ("osx-arm64"), as the natives are chosen.</summary>
    public string? RuntimeId => NativeLibraryChoice.RuntimeIdentifier(Host);

    /// <summary>The GPU backend this platform's natives hold ("Metal"), or null when its layers can only run on the CPU.</summary>
    public string? Backend => NativeFiles
        .Where(IsForThisPlatform)
        .Select(file => BackendOf(FileNameOf(file)))
        .FirstOrDefault(name => name is not null);

    public static GpuPlatform ForModuleFolder(string folder)
    {
        string[] files;
        try
        {
            files = Directory.EnumerateFiles(folder, "*ggml*", SearchOption.AllDirectories)
                .Select(file => Path.GetRelativePath(folder, file))
                .ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            files = [];
        }

        return new GpuPlatform(HostPlatform.Current, files);
    }

    private bool IsForThisPlatform(string file)
    {
        string[] folders = file.Split('/', '\\')[..^1];
        // A file in no platform folder is the host's own (a build for this platform alone).
        return (RuntimeId is not null && folders.Contains(RuntimeId, StringComparer.OrdinalIgnoreCase))
            || !folders.Any(folder => NativeLibraryChoice.RuntimeIdentifiers.Contains(folder, StringComparer.OrdinalIgnoreCase));
    }

    private static string FileNameOf(string file) => file.Split('/', '\\')[^1];

    private static string? BackendOf(string fileName)
    {
        string extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (extension is not (".dylib" or ".so" or ".dll"))
        {
            return null;
        }

        string stem = Path.GetFileNameWithoutExtension(fileName);
        stem = stem.StartsWith("lib", StringComparison.Ordinal) ? stem[3..] : stem;
        return Backends.FirstOrDefault(backend => stem.Equals(backend.Library, StringComparison.OrdinalIgnoreCase)).Name;
    }
}
