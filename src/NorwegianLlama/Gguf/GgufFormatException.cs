using System;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Gguf;

internal enum GgufErrorKind
{
    /// <summary>The file does not start with the GGUF magic.</summary>
    NotGguf,
    /// <summary>A GGUF version this reader (and llama.cpp) cannot read.</summary>
    UnsupportedVersion,
    /// <summary>The file ends before the structure it announces.</summary>
    Truncated,
    /// <summary>The structure is inconsistent: absurd counts, bad types, misaligned or overlapping tensors.</summary>
    Malformed,
}

internal sealed class GgufFormatException : Exception
{
    public GgufFormatException(GgufErrorKind kind, long offset, string message)
        : base(GgufFormatMessages.AtByte(message, offset))
    {
        Kind = kind;
        Offset = offset;
    }

    public GgufErrorKind Kind { get; }

    public long Offset { get; }
}
