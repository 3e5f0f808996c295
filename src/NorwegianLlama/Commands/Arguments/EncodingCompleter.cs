using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace NorwegianLlama.Commands.Arguments;

/// <summary>Tab completion for -Encoding with the names PowerShell users know.</summary>
public sealed class EncodingCompleter : IArgumentCompleter
{
    private static readonly string[] Names = ["utf8", "utf8BOM", "utf8NoBOM", "ascii", "latin1", "unicode", "bigendianunicode", "utf32"];

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Names.Where(name => name.StartsWith(wordToComplete, StringComparison.OrdinalIgnoreCase))
            .Select(name => new CompletionResult(name, name, CompletionResultType.ParameterValue, name));
}
