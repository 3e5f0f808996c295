using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using NorwegianLlama.Resources;
using NorwegianLlama.Store;

namespace NorwegianLlama.Commands.Arguments;

/// <summary>
/// Tab completion for a model path: the installed models (the models folder), matched on the file name or the full
/// path, then the .gguf files and the folders that match the typed path, as PowerShell's own file completion offers
/// them. A custom completer replaces PowerShell's file completion rather than adding to it, so the files must come
/// from here too, or a path could not be completed at all.
/// </summary>
public sealed class ModelPathCompleter : IArgumentCompleter
{
    private const string ModelExtension = ".gguf";

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var results = new List<CompletionResult>(InstalledModels(wordToComplete ?? ""));
        var offered = new HashSet<string>(results.Select(result => Unquote(result.CompletionText)), StringComparer.Ordinal);
        foreach (CompletionResult entry in FileSystemEntries(wordToComplete ?? ""))
        {
            if (offered.Add(Unquote(entry.CompletionText)))
            {
                results.Add(entry);
            }
        }

        return results;
    }

    private static IEnumerable<CompletionResult> InstalledModels(string wordToComplete)
    {
        string word = Unquote(wordToComplete);
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

    /// <summary>PowerShell's own completion of the typed path (relative or absolute, quoted as needed), kept to models and folders.</summary>
    private static IEnumerable<CompletionResult> FileSystemEntries(string wordToComplete)
    {
        IEnumerable<CompletionResult> entries;
        try
        {
            entries = CompletionCompleters.CompleteFilename(wordToComplete);
        }
        catch (Exception e) when (e is PSInvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            // Completion must never throw at the user; a path it cannot walk simply completes to nothing.
            return [];
        }

        return entries.Where(entry => entry.ResultType == CompletionResultType.ProviderContainer
            || (entry.ResultType == CompletionResultType.ProviderItem
                && entry.ListItemText.EndsWith(ModelExtension, StringComparison.OrdinalIgnoreCase)));
    }

    private static string Unquote(string text) => text.Trim('\'', '"');

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
            return ActionMessages.SizeUnreadable();
        }
    }
}
