namespace NorwegianLlama.TestModels;

/// <summary>Storage type of the generated 2-D weight matrices; norm weights stay F32 as llama.cpp expects.</summary>
public enum TestTensorType
{
    F32,
    F16,
}
