namespace NorwegianLlama.Gguf;

internal enum LoraProblemKind
{
    /// <summary>A model (or a file that does not say it is an adapter) given where an adapter belongs.</summary>
    NotAnAdapter,
    /// <summary>An adapter, but not a plain LoRA (a control vector, an activated LoRA).</summary>
    UnsupportedAdapterType,
    /// <summary>Keys or tensors llama.cpp would refuse, or abort the process on.</summary>
    Malformed,
    /// <summary>Made for another architecture than the base model's.</summary>
    ArchitectureMismatch,
    /// <summary>A factor that targets a tensor the base model lacks, or does not fit its shape.</summary>
    TensorMismatch,
}

/// <summary>Why an adapter file cannot be used, in words a person can act on.</summary>
internal sealed record LoraProblem(LoraProblemKind Kind, string Message);
