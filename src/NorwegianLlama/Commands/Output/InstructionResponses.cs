using System;
using NorwegianLlama.Commands.Arguments;
using NorwegianLlama.Inference;

namespace NorwegianLlama.Commands.Output;

/// <summary>Makes Invoke-NorskInstruction's response objects for one run: one instruction, model and seed.</summary>
internal sealed class InstructionResponses(string instruction, string modelPath, uint seed)
{
    /// <param name="partCount">1 for an input answered whole; the most parts of any pass for one answered in parts.</param>
    /// <param name="duration">From the first read of the input to the end of its final answer.</param>
    public NorskInstructionResponse Create(InstructionInput input, string text, GenerationResult result, int partCount, TimeSpan duration) => new()
    {
        Instruction = instruction,
        Input = input.IsNone ? null : InstructionInput.Preview(text),
        Source = input.Source,
        Content = result.Text.Trim(),
        PromptTokenCount = result.PromptTokenCount,
        CompletionTokenCount = result.CompletionTokenCount,
        ReusedPromptTokenCount = result.ReusedPromptTokenCount,
        StopReason = result.StopReason.ToString(),
        ChunkCount = partCount,
        Model = modelPath,
        Seed = seed,
        Duration = duration,
        // A long input's earlier passes count as reading: the first token that reaches the person is the final pass's.
        TimeToFirstToken = duration - (result.Duration - result.TimeToFirstToken),
        TokensPerSecond = Math.Round(result.TokensPerSecond, 2),
    };
}
