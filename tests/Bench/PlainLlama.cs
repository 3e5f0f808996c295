using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using LLama;
using LLama.Common;
using LLama.Native;

namespace NorwegianLlama.Bench;

/// <summary>
/// Entry points for the benchmark script: plain LLamaSharp, no module code. Loaded into the module's
/// AssemblyLoadContext, so it runs on the very LLamaSharp and llama.cpp the module uses.
/// </summary>
public static class PlainLlama
{
    /// <summary>The LLamaSharp this assembly bound to, so the script can check it is the module's copy.</summary>
    public static string LLamaSharpLocation => typeof(LLamaWeights).Assembly.Location;

    /// <summary>llama.cpp's build and CPU features, as it reports them.</summary>
    public static string SystemInfo => Marshal.PtrToStringUTF8(NativeApi.llama_print_system_info()) ?? "";

    /// <summary>
    /// Quantises a GGUF file with LLamaSharp's quantizer, output.weight included (as real Q4_K_M files have it).
    /// <paramref name="type"/> is an <see cref="LLamaFtype"/> name, such as MOSTLY_Q4_K_M.
    /// </summary>
    public static void Quantize(string source, string destination, string type, int threads)
    {
        LLamaFtype ftype = Enum.Parse<LLamaFtype>(type, ignoreCase: true);
        if (!LLamaQuantizer.Quantize(source, destination, ftype, threads, allowRequantize: false, quantizeOutputTensor: true))
        {
            throw new InvalidOperationException($"llama.cpp could not quantise '{source}' to {type}.");
        }
    }

    /// <summary>
    /// Loads the weights and reports how long that took. <paramref name="memoryMap"/> false leaves
    /// <see cref="ModelParams.LoadMode"/> at LLamaSharp's default.
    /// </summary>
    public static PlainModel Load(string path, bool memoryMap)
    {
        var parameters = new ModelParams(path) { GpuLayerCount = 0 };
        if (memoryMap)
        {
            parameters.LoadMode = LLamaLoadMode.MemoryMap;
        }

        var clock = Stopwatch.StartNew();
        LLamaWeights weights = LLamaWeights.LoadFromFile(parameters);
        return new PlainModel(path, weights, clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>Time for a load and its disposal to finish, in milliseconds (the load alone is reported).</summary>
    public static double TimeLoad(string path, bool memoryMap)
    {
        using PlainModel model = Load(path, memoryMap);
        return model.LoadMilliseconds;
    }

    internal static void Decode(LLamaContext context, LLamaBatch batch)
    {
        DecodeResult result = context.Decode(batch);
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"llama.cpp could not decode the batch ({result}).");
        }
    }

    internal static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
