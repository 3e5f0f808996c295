using System.Collections.Generic;
using System.Management.Automation;
using NorwegianLlama.Resources;
using NorwegianLlama.Store;

namespace NorwegianLlama.Commands.Arguments;

internal enum CatalogList
{
    Name,
    Quantization,
}

/// <summary>
/// ValidateSet for the lists of <see cref="ModelCatalog"/>. ValidateSet wants its values as constants in every
/// attribute, which would copy the catalogue into each cmdlet. Fails the same way (ParameterArgumentValidationError,
/// listing the set), so a typo is refused at once instead of as a 404 after a round trip.
/// </summary>
internal sealed class ValidateCatalogAttribute(CatalogList list) : ValidateEnumeratedArgumentsAttribute
{
    public static IReadOnlyList<string> Values(CatalogList list) =>
        list == CatalogList.Name ? ModelCatalog.Names : ModelCatalog.Quantizations;

    protected override void ValidateElement(object element)
    {
        string? value = (element is PSObject wrapped ? wrapped.BaseObject : element)?.ToString();
        if (!ModelCatalog.IsKnown(Values(list), value))
        {
            throw new ValidationMetadataException(
                CmdletMessages.ArgumentNotInSet(value ?? "", string.Join(",", Values(list))));
        }
    }
}
