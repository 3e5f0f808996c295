using System.Text;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Prompting;

/// <summary>
/// The Alpaca instruction format from the model card (the norwegian-alpaca training data). Unlike the
/// chat format it is a single BOS-prefixed block with no EOS: the model writes the response.
/// </summary>
internal static class AlpacaTemplate
{
    /// <param name="instruction">What to do; must contain non-whitespace text.</param>
    /// <param name="input">Optional material to work on; the Input block is left out when it is blank, as in the training data.</param>
    /// <exception cref="PromptException">The instruction is null, empty or whitespace.</exception>
    public static RenderedPrompt Render(string instruction, string? input)
    {
        if (PythonWhitespace.IsNullOrWhiteSpace(instruction))
        {
            throw new PromptException(
                PromptErrorIds.InstructionEmpty,
                PromptMessages.InstructionEmpty());
        }

        var text = new StringBuilder();
        text.Append("### Instruction:\n").Append(PythonWhitespace.Strip(instruction)).Append('\n');
        if (!PythonWhitespace.IsNullOrWhiteSpace(input))
        {
            text.Append("### Input:\n").Append(PythonWhitespace.Strip(input)).Append('\n');
        }

        text.Append("### Response:\n");
        return new RenderedPrompt(PromptFormat.Alpaca, new[] { PromptSegment.Bos, PromptSegment.FromText(text.ToString()) });
    }
}
