using System;
using System.IO;
using System.Linq;

namespace NorwegianLlama.Gguf;

/// <summary>Turns a LoRA adapter's GGUF header into the facts a person asks about it.</summary>
internal static class AdapterInfoFactory
{
    public static NorskAdapterInfo Create(GgufFile file, string path)
    {
        LoraAdapterLayout? layout = LoraAdapterCheck.Read(file, out LoraProblem? problem);

        // Even a file llama.cpp would refuse says what it targets, which helps to see why.
        string[] targets = layout?.Pairs.Select(p => p.BaseTensor).ToArray()
            ?? file.Tensors.Select(t => BaseOf(t.Name)).Where(n => n is not null).Select(n => n!).Distinct().ToArray();
        string[] modules = layout?.TargetModules.ToArray()
            ?? targets.Select(LoraAdapterLayout.ModuleOf).Distinct().Order(StringComparer.Ordinal).ToArray();

        return new NorskAdapterInfo
        {
            Name = file.FindString("general.name") ?? Path.GetFileNameWithoutExtension(path),
            Path = path,
            SizeBytes = file.FileSize,
            AdapterType = file.FindString("adapter.type"),
            BaseArchitecture = file.FindString("general.architecture"),
            BaseModelName = file.FindString("general.base_model.0.name"),
            Alpha = file.Find("adapter.lora.alpha")?.Scalar is float alpha ? alpha : null,
            Rank = layout?.Rank,
            TargetModules = modules,
            TargetTensors = targets,
            TargetTensorCount = targets.Length,
            TensorType = file.Tensors.GroupBy(t => t.TypeName).OrderByDescending(g => g.Sum(t => t.ElementCount)).Select(g => g.Key).FirstOrDefault(),
            ParameterCount = file.Tensors.Sum(t => t.ElementCount),
            GgufVersion = file.Version,
            TensorCount = file.Tensors.Count,
            Metadata = ModelInfoFactory.Summarise(file.Metadata),
            Problem = problem?.Message,
        };
    }

    private static string? BaseOf(string tensor) =>
        tensor.EndsWith(".lora_a", StringComparison.Ordinal) || tensor.EndsWith(".lora_b", StringComparison.Ordinal) ? tensor[..^".lora_a".Length] : null;
}
