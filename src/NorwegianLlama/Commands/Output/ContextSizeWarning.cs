using System.Management.Automation;
using NorwegianLlama.Gguf;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Commands.Output;

internal static class ContextSizeWarning
{
    /// <summary>A context beyond the trained length works but degrades answers; people should know they asked for it.</summary>
    public static void WarnIfBeyondTraining(Cmdlet cmdlet, GgufFile header, int? contextSize)
    {
        if (contextSize > header.TrainedContextLength)
        {
            cmdlet.WriteWarning(OutputMessages.ContextSizeBeyondTraining(contextSize, header.TrainedContextLength));
        }
    }
}
