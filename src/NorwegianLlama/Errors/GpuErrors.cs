using System.Management.Automation;
using NorwegianLlama.Inference;

namespace NorwegianLlama.Errors;

internal static class GpuErrors
{
    public static ErrorRecord VariableInvalid(GpuLayersVariableException e) => new(
        new PSArgumentException(
            $"$env:{GpuLayers.Variable} is '{e.Value}', which is not a number of layers. Set it to a whole number from 0 up "
            + "(0 keeps every layer on the CPU; more layers than the model has offloads all of it), or remove it for the "
            + "default: all layers where a GPU backend is present, none elsewhere.", e),
        "GpuLayersVariableInvalid", ErrorCategory.InvalidArgument, e.Value);
}
