namespace NorwegianLlama.Gguf;

/// <summary>
/// Model formats llama.cpp cannot load that people nevertheless point us at: each needs its own advice, and
/// recognising them spares the user llama.cpp's bare "invalid magic".
/// </summary>
internal enum ForeignFormat
{
    /// <summary>A Hugging Face safetensors file of unquantised weights.</summary>
    Safetensors,
    /// <summary>A GPTQ checkpoint (qweight/qzeros/scales tensors, or a folder saying so): a GPU quantisation.</summary>
    Gptq,
    /// <summary>A PyTorch checkpoint: torch.save's zip archive or the older bare pickle.</summary>
    PyTorch,
    /// <summary>A pre-GGUF GGML/GGMF/GGJT file, which llama.cpp stopped reading in August 2023.</summary>
    Ggml,
    /// <summary>A folder of Hugging Face weights: config.json with safetensors or pytorch_model*.bin files.</summary>
    HuggingFaceFolder,
}

/// <param name="Format">What was recognised.</param>
/// <param name="Description">The same in words that fit a message, e.g. "a pre-GGUF GGML file (GGJT v3)".</param>
internal sealed record ForeignModel(ForeignFormat Format, string Description);
