using System.IO;
using System.Linq;
using System.Management.Automation;
using NorwegianLlama.Gguf;
using NorwegianLlama.Resources;
using NorwegianLlama.Store;

namespace NorwegianLlama.Errors;

/// <summary>
/// The ErrorRecord for a model path that holds weights in a format llama.cpp cannot load: one stable id per
/// format, and a message that names the format and the way to a GGUF.
/// </summary>
internal static class ForeignFormatErrors
{
    public static string ErrorId(ForeignFormat format) => format switch
    {
        ForeignFormat.Safetensors => "ModelIsSafetensors",
        ForeignFormat.Gptq => "ModelIsGptq",
        ForeignFormat.PyTorch => "ModelIsPyTorch",
        ForeignFormat.Ggml => "ModelIsGgml",
        _ => "ModelIsHuggingFaceFolder",
    };

    public static ErrorRecord Create(string path, ForeignModel found)
    {
        string message = string.Join(" ", new[]
        {
            ModelMessages.ForeignModel(path, found.Description),
            Why(found.Format),
            ModelMessages.GgufSources(HuggingFaceSource.Repository("13b"), HuggingFaceSource.Repository("7b")),
            Conversion(found.Format),
        }.OfType<string>());
        return new ErrorRecord(new InvalidDataException(message), ErrorId(found.Format), ErrorCategory.InvalidData, path)
        {
            ErrorDetails = new ErrorDetails(message) { RecommendedAction = ModelMessages.ForeignModelAction() },
        };
    }

    private static string? Why(ForeignFormat format) => format switch
    {
        ForeignFormat.Gptq => ModelMessages.GptqNotReadable(),
        ForeignFormat.Ggml => ModelMessages.GgmlNoLongerRead(),
        _ => null,
    };

    private static string Conversion(ForeignFormat format) => format switch
    {
        ForeignFormat.HuggingFaceFolder => ModelMessages.ConvertHuggingFaceFolder(),
        ForeignFormat.Gptq => ModelMessages.ConvertGptq(),
        ForeignFormat.Ggml => ModelMessages.ConvertGgml(),
        _ => ModelMessages.ConvertCheckpoint(),
    };
}
