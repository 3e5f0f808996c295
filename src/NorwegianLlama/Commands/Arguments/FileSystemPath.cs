using System;
using System.Collections.Generic;
using System.Management.Automation;
using Microsoft.PowerShell.Commands;

namespace NorwegianLlama.Commands.Arguments;

internal enum PathFailure
{
    None,

    /// <summary>Nothing matches, or the path cannot name a file at all (a NUL in it).</summary>
    NotFound,

    /// <summary>Another provider, or a drive or provider that does not exist.</summary>
    NotFileSystem,
}

/// <summary>
/// PowerShell paths (drives, ~, relative to the current location) as file system paths, with every way PowerShell's
/// path functions fail turned into a <see cref="PathFailure"/> rather than an exception.
/// </summary>
internal static class FileSystemPath
{
    /// <summary>A literal path, which need not exist.</summary>
    /// <param name="providerPath">The resolved path, also when it fails a check; empty when it could not be resolved.</param>
    public static PathFailure TryResolve(PSCmdlet cmdlet, string path, out string providerPath)
    {
        providerPath = "";
        try
        {
            string resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
            providerPath = resolved;
            return Check(provider, resolved);
        }
        catch (Exception e) when (Classify(e) is { } failure)
        {
            return failure;
        }
    }

    /// <summary>A wildcard path: the existing items it matches (files or folders).</summary>
    public static PathFailure TryResolveWildcard(PSCmdlet cmdlet, string path, out IReadOnlyList<string> providerPaths)
    {
        providerPaths = [];
        try
        {
            var resolved = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out ProviderInfo provider);
            PathFailure failure = Check(provider, path);
            providerPaths = failure == PathFailure.None ? resolved : [];
            return failure;
        }
        catch (Exception e) when (Classify(e) is { } failure)
        {
            return failure;
        }
    }

    /// <summary>No file name holds a NUL, and .NET's file functions throw on one.</summary>
    public static bool CanNameFile(string path) => !path.Contains('\0', StringComparison.Ordinal);

    private static PathFailure Check(ProviderInfo provider, string path) =>
        provider.ImplementingType != typeof(FileSystemProvider) ? PathFailure.NotFileSystem
        : !CanNameFile(path) ? PathFailure.NotFound
        : PathFailure.None;

    /// <summary>The exceptions PowerShell's path functions throw for a path they cannot resolve; null for any other.</summary>
    private static PathFailure? Classify(Exception e) => e switch
    {
        // A malformed wildcard pattern ('[' without ']') matches nothing either.
        ItemNotFoundException or WildcardPatternException => PathFailure.NotFound,
        DriveNotFoundException or ProviderNotFoundException or NotSupportedException or PSInvalidOperationException => PathFailure.NotFileSystem,

        // Also PSArgumentException: a path the provider cannot parse.
        ArgumentException => PathFailure.NotFileSystem,
        _ => null,
    };
}
