using System;

namespace NorwegianLlama;

/// <summary>The model's response to an instruction for one input: a file or a piped string.</summary>
/// <remarks>Flat and made of simple values, so Export-Csv, ConvertTo-Json and remoting carry it whole.</remarks>
public sealed class NorskInstructionResponse
{
    public string Instruction { get; init; } = "";

    /// <summary>The start of the input, for recognising it in a table; the whole input is not repeated.</summary>
    public string? Input { get; init; }

    /// <summary>The file's full path, or InputObject[n] for the n-th piped string.</summary>
    public string Source { get; init; } = "";

    public string Content { get; init; } = "";

    public int PromptTokenCount { get; init; }

    public int CompletionTokenCount { get; init; }

    /// <summary>Prompt tokens that a warm context already held (an earlier turn, the same instruction), so were not read again.</summary>
    public int ReusedPromptTokenCount { get; init; }

    /// <summary>
    /// Why the answer ended: a name of <see cref="NorskStopReason"/>. Text rather than the enum, so that ConvertTo-Json
    /// writes the name (it writes an enum as its number) as Export-Csv and the tables already do.
    /// </summary>
    public string StopReason { get; init; } = nameof(NorskStopReason.EndOfSequence);

    /// <summary>1, or how many overlapping parts a long input was split into with -SplitLongInput.</summary>
    public int ChunkCount { get; init; } = 1;

    public string Model { get; init; } = "";

    public uint Seed { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>From the start of the answer's generation to its first token: reading the prompt.</summary>
    public TimeSpan TimeToFirstToken { get; init; }

    public double TokensPerSecond { get; init; }

    public override string ToString() => Content;
}
