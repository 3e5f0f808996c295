using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace NorwegianLlama.Commands.Arguments;

/// <summary>Tab completion for the values <see cref="ValidateCatalogAttribute"/> accepts, in the catalogue's order.</summary>
public abstract class CatalogCompleter : IArgumentCompleter
{
    private protected CatalogCompleter()
    {
    }

    private protected abstract CatalogList List { get; }

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string word = (wordToComplete ?? "").Trim('\'', '"');
        return ValidateCatalogAttribute.Values(List)
            .Where(value => value.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Select(value => new CompletionResult(value, value, CompletionResultType.ParameterValue, value));
    }
}

public sealed class ModelNameCompleter : CatalogCompleter
{
    private protected override CatalogList List => CatalogList.Name;
}

public sealed class QuantizationCompleter : CatalogCompleter
{
    private protected override CatalogList List => CatalogList.Quantization;
}
