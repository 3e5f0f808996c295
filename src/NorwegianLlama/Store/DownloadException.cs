using System;
using System.Net;

namespace NorwegianLlama.Store;

internal enum DownloadFailure
{
    /// <summary>404 or 410: no file at that address.</summary>
    NotFound,

    /// <summary>401, 403 or 407: the server wants a login or refuses access.</summary>
    Unauthorized,

    /// <summary>Any other HTTP status that is not a success.</summary>
    HttpError,

    /// <summary>No connection, a connection cut, or no data for too long.</summary>
    Network,

    /// <summary>The disk has no room for the rest of the file.</summary>
    DiskFull,

    /// <summary>The partial file cannot be written (permissions, a read-only disk, …).</summary>
    WriteFailed,

    /// <summary>Another download of the same file holds its partial file.</summary>
    InProgress,
}

/// <summary>Why a download stopped; <see cref="Transient"/> failures are retried, resuming where they left off.</summary>
internal sealed class DownloadException(DownloadFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public DownloadFailure Failure { get; } = failure;

    public HttpStatusCode? StatusCode { get; init; }

    public bool Transient { get; init; }

    /// <summary>How long the server asked us to wait (Retry-After), if it did.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
