using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using NorwegianLlama.Errors;

namespace NorwegianLlama.Commands.Arguments;

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
        IReadOnlyList<string> found;
        PathFailure failure;
        if (literal)
        {
            failure = FileSystemPath.TryResolve(cmdlet, path, out string file);
            found = [file];
        }
        else
        {
            failure = FileSystemPath.TryResolveWildcard(cmdlet, path, out found);
        }

        // One unusable path must not stop the others.
        if (failure == PathFailure.NotFileSystem)
        {
            cmdlet.WriteError(errors.NotFileSystem(path));
            return [];
        }

        if (failure == PathFailure.NotFound)
        {
            cmdlet.WriteError(errors.NotFound(literal && found[0].Length > 0 ? found[0] : path));
            return [];
        }

        var files = new List<string>();
        foreach (string file in found)
        {
            if (Directory.Exists(file))
            {
                cmdlet.WriteError(errors.Folder(file));
            }
            else if (!File.Exists(file))
            {
                cmdlet.WriteError(errors.NotFound(file));
            }
            else
            {
                files.Add(file);
            }
        }

        return files;
    }
}
