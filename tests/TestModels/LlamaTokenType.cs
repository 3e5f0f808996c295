namespace NorwegianLlama.TestModels;

/// <summary>SentencePiece token types as llama.cpp reads them from tokenizer.ggml.token_type.</summary>
internal enum LlamaTokenType
{
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6,
}
