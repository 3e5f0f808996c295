using System.Management.Automation;
using NorwegianLlama.Inference;

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

        cmdlet.WriteVerbose(
            $"Generated in a {options.ContextSize:N0}-token context ({results[0].ContextCells:N0} cells allocated, {options.KvCache} KV cache).");
        foreach (GenerationResult result in results)
        {
            cmdlet.WriteVerbose(
                $"Read {result.PromptTokenCount:N0} prompt tokens ({result.ReusedPromptTokenCount:N0} reused from the KV or prompt cache) " +
                $"and wrote {result.CompletionTokenCount:N0} tokens in {result.Duration.TotalSeconds:N2} s.");
        }
    }
}
