using System.Management.Automation;
using NorwegianLlama.Inference;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Commands.Output;

/// <summary>The verbose lines of a generation: the context it ran in, and per answer what was read, reused and written.</summary>
internal static class GenerationReport
{
    public static void Write(Cmdlet cmdlet, GenerationOptions options, GenerationResult[] results)
    {
        if (results.Length == 0)
        {
            return;
        }

        cmdlet.WriteVerbose(VerboseMessages.GeneratedInContext(options.ContextSize, results[0].ContextCells, options.KvCache.ToString()));
        foreach (GenerationResult result in results)
        {
            cmdlet.WriteVerbose(VerboseMessages.AnswerTokens(
                result.PromptTokenCount, result.ReusedPromptTokenCount, result.CompletionTokenCount, result.Duration.TotalSeconds));
        }
    }
}
