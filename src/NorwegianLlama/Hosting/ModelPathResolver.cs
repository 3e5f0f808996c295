using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Microsoft.PowerShell.Commands;

namespace NorwegianLlama.Hosting;

/// <summary>Turns -Path (wildcards) and -LiteralPath values into existing file system paths, reporting the rest.</summary>
internal static class ModelPathResolver
{
    public static IEnumerable<string> Resolve(PSCmdlet cmdlet, string[] paths, bool literal)
    {
        foreach (string path in paths)
        {
            foreach (string resolved in ResolveOne(cmdlet, path, literal))
            {
                yield return resolved;
            }
        }
    }

    private static List<string> ResolveOne(PSCmdlet cmdlet, string path, bool literal)
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
        catch (ItemNotFoundException)
        {
            cmdlet.WriteError(ModelErrors.NotFound(path));
            return files;
        }

        if (provider.ImplementingType != typeof(FileSystemProvider))
        {
            cmdlet.WriteError(ModelErrors.NotFileSystem(path));
            files.Clear();
            return files;
        }

        files.RemoveAll(file =>
        {
            if (Directory.Exists(file))
            {
                cmdlet.WriteError(ModelErrors.IsDirectory(file));
                return true;
            }

            if (!File.Exists(file))
            {
                cmdlet.WriteError(ModelErrors.NotFound(file));
                return true;
            }

            return false;
        });
        return files;
    }
}
