using System.Management.Automation;
using NorwegianLlama.Inference;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Errors;

internal static class GpuErrors
{
    public static ErrorRecord VariableInvalid(GpuLayersVariableException e) => new(
        new PSArgumentException(ModelMessages.GpuLayersVariableInvalid(GpuLayers.Variable, e.Value), e),
        "GpuLayersVariableInvalid", ErrorCategory.InvalidArgument, e.Value);
}
