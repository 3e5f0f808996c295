using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Language;
using NorwegianLlama.Store;

namespace NorwegianLlama.Commands.Arguments;

/// <summary>
/// Tab completion for -ModelPath with the installed models (the models folder), matched on the file name or
/// the full path. When none matches, it offers nothing, so PowerShell completes file paths as usual.
/// </summary>
public sealed class InstalledModelCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string word = (wordToComplete ?? "").Trim('\'', '"');
        string folder;
        try
        {
            folder = ModelStore.GetFolder();
        }
        catch (Exception e) when (e is ArgumentException or IOException or NotSupportedException or System.Security.SecurityException)
        {
            return [];
        }

        var pattern = WildcardPattern.Get(WildcardPattern.Escape(word) + "*", WildcardOptions.IgnoreCase);
        var results = new List<CompletionResult>();
        foreach (string model in ModelStore.ListModels(folder))
        {
            string name = Path.GetFileName(model);
            if (pattern.IsMatch(name) || pattern.IsMatch(model))
            {
                results.Add(new CompletionResult(Quote(model), name, CompletionResultType.ParameterValue, $"{model} ({Size(model)})"));
            }
        }

        return results;
    }

    private static string Quote(string path) =>
        path.IndexOfAny([' ', '\'', '"', '`', '$', '&', '(', ')', '{', '}', ';', ',', '@', '#', '|', '<', '>']) < 0
            ? path
            : "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Size(string path)
    {
        try
        {
            return ByteSize.Format(new FileInfo(path).Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unreadable";
        }
    }
}
