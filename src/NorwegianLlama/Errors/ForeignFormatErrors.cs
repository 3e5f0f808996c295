using System.IO;
using System.Management.Automation;
using NorwegianLlama.Gguf;
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
        string message = $"'{path}' is {found.Description}, not a GGUF model: NorwegianLlama runs GGUF files only, "
            + $"through llama.cpp. {Why(found.Format)}{GgufSources} {Conversion(found.Format)}";
        return new ErrorRecord(new InvalidDataException(message), ErrorId(found.Format), ErrorCategory.InvalidData, path)
        {
            ErrorDetails = new ErrorDetails(message) { RecommendedAction = RecommendedAction },
        };
    }

    private static string GgufSources =>
        $"Install-NorskModel downloads the Norwegian chat models as GGUF from {HuggingFaceSource.Repository("13b")} "
        + $"(the default) or {HuggingFaceSource.Repository("7b")} (Install-NorskModel 7b).";

    private static string RecommendedAction =>
        "Run Install-NorskModel (or Install-NorskModel 7b) to get the model as GGUF, or convert your own weights "
        + "with llama.cpp's convert_hf_to_gguf.py.";

    private static string Why(ForeignFormat format) => format switch
    {
        ForeignFormat.Gptq => "GPTQ is a quantisation for GPU runtimes that llama.cpp does not read. ",
        ForeignFormat.Ggml => "llama.cpp stopped reading GGML files in August 2023, when GGUF replaced them. ",
        _ => "",
    };

    private static string Conversion(ForeignFormat format) => format switch
    {
        ForeignFormat.HuggingFaceFolder =>
            "To use these weights, convert the folder with llama.cpp's convert_hf_to_gguf.py (and llama-quantize to shrink it).",
        ForeignFormat.Gptq =>
            "For weights of your own, convert the unquantised Hugging Face folder with llama.cpp's convert_hf_to_gguf.py, "
            + "then quantise it with llama-quantize.",
        ForeignFormat.Ggml =>
            "For weights of your own, convert the original Hugging Face folder again with llama.cpp's convert_hf_to_gguf.py.",
        _ =>
            "For weights of your own, convert the Hugging Face folder that holds this file (with its config.json and tokenizer) "
            + "with llama.cpp's convert_hf_to_gguf.py.",
    };
}
