using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Microsoft.PowerShell.Commands;
using NorwegianLlama.Errors;

namespace NorwegianLlama.Commands.Arguments;

/// <summary>The ErrorRecords a caller wants for paths that do not name a readable file.</summary>
internal sealed record FileErrors(
    Func<string, ErrorRecord> NotFound,
    Func<string, ErrorRecord> IsDirectory,
    Func<string, ErrorRecord> NotFileSystem)
{
    public static readonly FileErrors ForModels = new(ModelErrors.NotFound, ModelErrors.Folder, ModelErrors.NotFileSystem);
}

/// <summary>Turns -Path (wildcards) and -LiteralPath values into existing file system paths, reporting the rest.</summary>
internal static class FilePathResolver
{
    public static IEnumerable<string> Resolve(PSCmdlet cmdlet, string[] paths, bool literal, FileErrors errors)
    {
        foreach (string path in paths)
        {
            foreach (string resolved in ResolveOne(cmdlet, path, literal, errors))
            {
                yield return resolved;
            }
        }
    }

    private static List<string> ResolveOne(PSCmdlet cmdlet, string path, bool literal, FileErrors errors)
    {
        var files = new List<string>();
        ProviderInfo provider;
        try
        {
            if (literal)
            {
                files.Add(cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _));
            }
            else
            {
                files.AddRange(cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider));
            }
        }
        catch (Exception e) when (e is ItemNotFoundException or WildcardPatternException)
        {
            // A malformed wildcard pattern ('[' without ']') matches no file either.
            cmdlet.WriteError(errors.NotFound(path));
            return files;
        }
        catch (Exception e) when (e is System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException or ArgumentException)
        {
            // One unusable path must not stop the others.
            cmdlet.WriteError(errors.NotFileSystem(path));
            return files;
        }

        if (provider.ImplementingType != typeof(FileSystemProvider))
        {
            cmdlet.WriteError(errors.NotFileSystem(path));
            files.Clear();
            return files;
        }

        files.RemoveAll(file =>
        {
            if (Directory.Exists(file))
            {
                cmdlet.WriteError(errors.IsDirectory(file));
                return true;
            }

            if (!File.Exists(file))
            {
                cmdlet.WriteError(errors.NotFound(file));
                return true;
            }

            return false;
        });
        return files;
    }
}
