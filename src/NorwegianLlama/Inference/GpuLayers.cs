using System;
using System.Globalization;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Inference;

/// <summary>
/// How many of a model's layers llama.cpp offloads to the GPU: by default all of them where the platform has a GPU
/// backend and none elsewhere; $env:NORSK_GPU_LAYERS or -GpuLayerCount choose otherwise. Without a backend every
/// value runs on the CPU, so the count that matters (and that keys the caches) is the one truly offloaded.
/// </summary>
internal static class GpuLayers
{
    public const string Variable = "NORSK_GPU_LAYERS";

    /// <summary>The most -GpuLayerCount takes; far above any Llama's layer count, so "all" can be asked for plainly.</summary>
    public const int MaxParameter = 1000;

    /// <summary>
    /// All of a model in llama.cpp's counting: its blocks, and one more for the output layer, which llama.cpp
    /// offloads only when asked for more layers than the model has blocks.
    /// </summary>
    public static int All(long blockCount) => (int)Math.Clamp(blockCount + 1, 1, int.MaxValue);

    public static int Default(GpuPlatform platform, long blockCount) => platform.Backend is null ? 0 : All(blockCount);

    /// <summary>The layers that truly go to the GPU for a request: none without a backend, and never more than the model has.</summary>
    public static int Offloaded(int requested, GpuPlatform platform, long blockCount) =>
        platform.Backend is null ? 0 : Math.Clamp(requested, 0, All(blockCount));

    /// <summary>What the call asks for: the parameter, else the variable; null when neither says anything.</summary>
    /// <exception cref="GpuLayersVariableException">The variable is set to something other than a non-negative whole number.</exception>
    public static int? Requested(int? parameter, string? variable)
    {
        if (parameter is not null)
        {
            return parameter;
        }

        if (string.IsNullOrWhiteSpace(variable))
        {
            return null;
        }

        return int.TryParse(variable.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int layers)
            ? layers
            : throw new GpuLayersVariableException(variable);
    }

    /// <summary>One sentence for -Verbose on where a loaded model's layers run.</summary>
    public static string Describe(GpuPlatform platform, int offloaded, long blockCount) =>
        platform.Backend is not { } backend ? InferenceMessages.NoGpuBackend(blockCount)
        : offloaded == 0 ? InferenceMessages.GpuLayersOff(backend, blockCount, Variable)
        : offloaded > blockCount ? InferenceMessages.GpuLayersAll(backend, blockCount)
        : InferenceMessages.GpuLayersSome(backend, offloaded, blockCount);
}

/// <summary>$env:NORSK_GPU_LAYERS holds something other than a layer count.</summary>
internal sealed class GpuLayersVariableException(string value)
    : FormatException($"$env:{GpuLayers.Variable} is '{value}', which is not a number of layers.")
{
    public string Value { get; } = value;
}
