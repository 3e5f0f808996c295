using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Reflection;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Store;

/// <param name="Uri">What to download; redirects are followed.</param>
/// <param name="TargetPath">The final path; data goes to TargetPath.partial, which the caller renames once verified.</param>
/// <param name="ExpectedSha256">-Sha256, lower-case; null to take the hash the server states, if it states one.</param>
/// <param name="MaximumRetryCount">Retries after a transient failure that made no progress (network, 5xx, 429).</param>
internal sealed record DownloadRequest(Uri Uri, string TargetPath, string? ExpectedSha256, int MaximumRetryCount);

/// <param name="PartialPath">The complete download, still under its .partial name.</param>
/// <param name="ActualSha256">The SHA-256 of the partial file; null when there was nothing to compare it with.</param>
/// <param name="ExpectedSha256">The SHA-256 it must have; null when neither -Sha256 nor the server gave one.</param>
/// <param name="ExpectedFrom">Who stated <paramref name="ExpectedSha256"/>, for messages.</param>
internal sealed record DownloadResult(
    string PartialPath, long Length, string? ActualSha256, string? ExpectedSha256, string? ExpectedFrom, long ResumedFrom);

/// <summary>
/// Downloads one file over HTTP into a .partial file: resumes with Range requests, retries transient failures,
/// follows redirects itself (Hugging Face states the SHA-256 on the redirect) and hashes while it writes.
/// Never buffers the file in memory; Ctrl+C cancels the request and leaves the partial file for a resume.
/// </summary>
internal static class ModelDownload
{
    private const int BufferSize = 1 << 20;
    private const int MaxRedirects = 10;
    private const int MaxRestarts = 2;

    /// <summary>No response headers, or no data, for this long means the connection is dead.</summary>
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(60);

    // Before Client: static initialisers run in textual order, and the client's User-Agent needs the version.
    public static string Version { get; } = ReadVersion();

    private static readonly HttpClient Client = CreateClient();

    public static Task<DownloadResult> RunAsync(DownloadRequest request, DownloadStatus status, CancellationToken cancellation) =>
        new Transfer(request, status).RunAsync(cancellation);

    private static HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler
        {
            // Followed by hand: the SHA-256 is a header of the redirect itself, which auto-redirect hides.
            AllowAutoRedirect = false,
            // Ranges count stored bytes, so the body must arrive exactly as stored.
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };

        // No overall timeout: an 8 GB download takes as long as it takes. A stalled one is caught per read.
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("NorwegianLlama", Version));
        return client;
    }

    private static string ReadVersion()
    {
        Assembly assembly = typeof(ModelDownload).Assembly;
        string? informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        string version = informational?.Split('+')[0] is { Length: > 0 } v ? v : assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        return version;
    }

    private enum Outcome
    {
        Complete,
        Restart,
    }

    private sealed class Transfer(DownloadRequest request, DownloadStatus status)
    {
        private readonly string partialPath = ModelStore.PartialPathOf(request.TargetPath);
        private IncrementalHash? hasher;
        private long hashedLength;
        private string? expected = request.ExpectedSha256;
        private string? expectedFrom = request.ExpectedSha256 is null ? null : "-Sha256";
        private string? linkedSeen;
        private long resumedFrom;

        // Set once this download holds the partial file; until then it may belong to another download.
        private bool ownsPartial;
        private bool sourceChanged;

        public async Task<DownloadResult> RunAsync(CancellationToken cancellation)
        {
            try
            {
                int failures = 0;
                int restarts = 0;
                long best = -1;
                while (true)
                {
                    cancellation.ThrowIfCancellationRequested();
                    try
                    {
                        if (await AttemptAsync(cancellation).ConfigureAwait(false) == Outcome.Complete)
                        {
                            return Finish();
                        }

                        if (++restarts > MaxRestarts)
                        {
                            throw new DownloadException(DownloadFailure.HttpError,
                                StoreMessages.RangeAnswersInconsistent(request.Uri.Host, request.Uri.AbsoluteUri));
                        }

                        DeletePartial();
                    }
                    catch (DownloadException e) when (e.Transient)
                    {
                        long length = LengthOf(partialPath);
                        if (length > best)
                        {
                            best = length;
                            failures = 0;
                        }

                        if (++failures > request.MaximumRetryCount)
                        {
                            throw;
                        }

                        TimeSpan delay = Backoff(failures, e.RetryAfter);
                        status.Note(StoreMessages.Retrying(e.Message.TrimEnd('.'), delay.TotalSeconds, failures, request.MaximumRetryCount));
                        status.SetPhase(StoreMessages.PhaseRetrying(delay.TotalSeconds));
                        await Task.Delay(delay, cancellation).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                hasher?.Dispose();
                DeleteIfEmpty();
            }
        }

        /// <summary>The partial file is opened before the request; when nothing came, it should not stay behind.</summary>
        private void DeleteIfEmpty()
        {
            try
            {
                var info = new FileInfo(partialPath);
                if (ownsPartial && info.Exists && info.Length == 0 && info.LinkTarget is null)
                {
                    info.Delete();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Harmless: an empty partial file is simply started from.
            }
        }

        private DownloadResult Finish()
        {
            string? actual = expected is null || hasher is null ? null : Convert.ToHexStringLower(hasher.GetHashAndReset());
            return new DownloadResult(partialPath, LengthOf(partialPath), actual, expected, expectedFrom, resumedFrom);
        }

        private static TimeSpan Backoff(int failures, TimeSpan? retryAfter)
        {
            var delay = TimeSpan.FromSeconds(Math.Pow(2, Math.Min(failures - 1, 6)));
            if (retryAfter > delay)
            {
                delay = retryAfter.Value;
            }

            return delay > MaxRetryDelay ? MaxRetryDelay : delay;
        }

        private async Task<Outcome> AttemptAsync(CancellationToken cancellation)
        {
            status.SetPhase(StoreMessages.PhaseConnecting(request.Uri.Host));

            // Opened before the request: it locks out a second download of the same file, and its length (not a
            // FileInfo's, which would describe a symbolic link itself) is where to resume.
            using FileStream file = OpenPartial();
            ownsPartial = true;
            long offset = file.Length;

            using HttpResponseMessage response = await SendAsync(offset, cancellation).ConfigureAwait(false);
            if (sourceChanged)
            {
                sourceChanged = false;
                return Outcome.Restart;
            }

            long? total;
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    if (offset > 0)
                    {
                        status.Note(StoreMessages.RangeIgnored(response.RequestMessage?.RequestUri?.Host));
                        offset = 0;
                    }

                    total = response.Content.Headers.ContentLength;
                    break;

                case HttpStatusCode.PartialContent:
                    ContentRangeHeaderValue? range = response.Content.Headers.ContentRange;
                    if (offset == 0 || range is not { HasRange: true } || range.From != offset)
                    {
                        status.Note(StoreMessages.RangeAnsweredOtherwise(offset, range?.ToString()));
                        return Outcome.Restart;
                    }

                    total = range.Length ?? offset + response.Content.Headers.ContentLength;
                    resumedFrom = offset;
                    status.Note(StoreMessages.Resuming(offset, total is null ? "?" : total.Value.ToString("N0", CultureInfo.CurrentCulture)));
                    break;

                case HttpStatusCode.RequestedRangeNotSatisfiable:
                    // Asked for the bytes after the end: the partial file may already be the whole file.
                    if (offset > 0 && response.Content.Headers.ContentRange?.Length == offset)
                    {
                        status.Note(StoreMessages.PartialComplete(offset));
                        resumedFrom = offset;
                        status.Begin(offset, offset);
                        await EnsureHashedAsync(file, offset, cancellation).ConfigureAwait(false);
                        return Outcome.Complete;
                    }

                    return Outcome.Restart;

                default:
                    throw Classify(response);
            }

            if (total is { } size && size < offset)
            {
                return Outcome.Restart;
            }

            CheckFreeSpace(total - offset);
            if (file.Length != offset)
            {
                file.SetLength(offset);
            }

            await EnsureHashedAsync(file, offset, cancellation).ConfigureAwait(false);
            status.Begin(offset, total);
            file.Position = offset;
            await CopyAsync(response, file, cancellation).ConfigureAwait(false);

            if (total is { } expectedLength && file.Length != expectedLength)
            {
                throw new DownloadException(DownloadFailure.Network,
                    StoreMessages.DownloadEndedEarly(request.Uri.AbsoluteUri, file.Length, expectedLength))
                { Transient = true };
            }

            return Outcome.Complete;
        }

        private FileStream OpenPartial()
        {
            try
            {
                // bufferSize 0: the copy already writes 1 MiB blocks, so a second buffer would only copy them again.
                return new FileStream(partialPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, useAsync: true);
            }
            catch (IOException e) when (IsSharingViolation(e))
            {
                throw new DownloadException(DownloadFailure.InProgress,
                    StoreMessages.PartialInUse(partialPath), e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw WriteFailure(e);
            }
        }

        /// <summary>GET with redirects followed by hand, so that an X-Linked-ETag on any hop is seen.</summary>
        private async Task<HttpResponseMessage> SendAsync(long offset, CancellationToken cancellation)
        {
            Uri current = request.Uri;
            for (int hop = 0; ; hop++)
            {
                using var message = new HttpRequestMessage(HttpMethod.Get, current);
                if (offset > 0)
                {
                    message.Headers.Range = new RangeHeaderValue(offset, null);
                }

                HttpResponseMessage response;
                using (var headersDue = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
                {
                    headersDue.CancelAfter(StallTimeout);
                    try
                    {
                        response = await Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, headersDue.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                    {
                        throw new DownloadException(DownloadFailure.Network,
                            StoreMessages.NoAnswer(current.Host, StallTimeout.TotalSeconds))
                        { Transient = true };
                    }
                    catch (HttpRequestException e)
                    {
                        throw new DownloadException(DownloadFailure.Network, StoreMessages.CannotReach(current.Host, e.Message), e)
                        {
                            // An unknown host name does not come back by waiting a few seconds.
                            Transient = e.HttpRequestError != HttpRequestError.NameResolutionError,
                        };
                    }
                }

                NoteLinkedHash(response, current);
                if (!IsRedirect(response.StatusCode))
                {
                    return response;
                }

                using (response)
                {
                    Uri? location = response.Headers.Location;
                    if (location is null)
                    {
                        throw new DownloadException(DownloadFailure.HttpError,
                            StoreMessages.RedirectWithoutLocation(current.Host, current.AbsoluteUri, (int)response.StatusCode));
                    }

                    Uri next = location.IsAbsoluteUri ? location : new Uri(current, location);
                    if (hop >= MaxRedirects)
                    {
                        throw new DownloadException(DownloadFailure.HttpError, StoreMessages.TooManyRedirects(request.Uri.AbsoluteUri, MaxRedirects));
                    }

                    if (current.Scheme == Uri.UriSchemeHttps && next.Scheme != Uri.UriSchemeHttps)
                    {
                        throw new DownloadException(DownloadFailure.HttpError,
                            StoreMessages.InsecureRedirect(current.Host, current.AbsoluteUri, next.AbsoluteUri));
                    }

                    current = next;
                }
            }
        }

        private void NoteLinkedHash(HttpResponseMessage response, Uri from)
        {
            if (HuggingFaceSource.LinkedSha256(response) is not { } linked)
            {
                return;
            }

            if (linkedSeen is not null && linkedSeen != linked)
            {
                // The file changed on the server between attempts: what is on disk belongs to the old one.
                status.Note(StoreMessages.ChangedOnServer(request.Uri.AbsoluteUri));
                sourceChanged = true;
                if (request.ExpectedSha256 is null)
                {
                    expected = null;
                }
            }

            linkedSeen = linked;
            if (expected is null)
            {
                expected = linked;
                expectedFrom = StoreMessages.HashFromLinkedEtag(HuggingFaceSource.LinkedEtagHeader, from.Host);
                status.Note(StoreMessages.HostStatesHash(from.Host, linked));
            }
        }

        private static bool IsRedirect(HttpStatusCode code) => code is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
            or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

        private DownloadException Classify(HttpResponseMessage response)
        {
            int code = (int)response.StatusCode;
            Uri at = response.RequestMessage?.RequestUri ?? request.Uri;
            string status = $"{code} {response.ReasonPhrase}".TrimEnd();

            // Hugging Face explains refusals in a header ("Repository not found", "Entry not found", gated repos).
            string detail = response.Headers.TryGetValues("X-Error-Message", out var messages) ? " " + string.Join(" ", messages) : "";
            return response.StatusCode switch
            {
                HttpStatusCode.NotFound or HttpStatusCode.Gone => new DownloadException(DownloadFailure.NotFound,
                    StoreMessages.NoFileAt(at.AbsoluteUri, status, detail))
                { StatusCode = response.StatusCode },
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.ProxyAuthenticationRequired =>
                    new DownloadException(DownloadFailure.Unauthorized,
                        StoreMessages.AccessRefused(at.Host, at.AbsoluteUri, status, detail))
                    { StatusCode = response.StatusCode },
                HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
                    or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout =>
                    new DownloadException(DownloadFailure.HttpError, StoreMessages.ServerAnswered(at.Host, at.AbsoluteUri, status, detail))
                    {
                        StatusCode = response.StatusCode,
                        Transient = true,
                        RetryAfter = response.Headers.RetryAfter?.Delta
                            ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null),
                    },
                _ => new DownloadException(DownloadFailure.HttpError, StoreMessages.ServerAnswered(at.Host, at.AbsoluteUri, status, detail))
                {
                    StatusCode = response.StatusCode,
                },
            };
        }

        /// <summary>Brings the hash up to <paramref name="offset"/>: kept across retries, else read back from the partial file.</summary>
        private async Task EnsureHashedAsync(FileStream file, long offset, CancellationToken cancellation)
        {
            if (expected is null)
            {
                return;
            }

            if (hasher is not null && hashedLength == offset)
            {
                return;
            }

            hasher?.Dispose();
            hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hashedLength = 0;
            if (offset == 0)
            {
                return;
            }

            status.SetPhase(StoreMessages.PhaseChecking(ByteSize.Format(offset)));
            byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                file.Position = 0;
                while (hashedLength < offset)
                {
                    int read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(BufferSize, offset - hashedLength)), cancellation)
                        .ConfigureAwait(false);
                    if (read == 0)
                    {
                        throw new IOException(StoreMessages.PartialShrank(partialPath));
                    }

                    hasher.AppendData(buffer, 0, read);
                    hashedLength += read;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw WriteFailure(e);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private async Task CopyAsync(HttpResponseMessage response, FileStream file, CancellationToken cancellation)
        {
            string host = response.RequestMessage?.RequestUri?.Host ?? request.Uri.Host;
            byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                using var dataDue = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                Stream body = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
                while (true)
                {
                    int read;
                    dataDue.CancelAfter(StallTimeout);
                    try
                    {
                        read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), dataDue.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                    {
                        throw new DownloadException(DownloadFailure.Network,
                            StoreMessages.NoData(host, StallTimeout.TotalSeconds, file.Length))
                        { Transient = true };
                    }
                    catch (Exception e) when (e is IOException or HttpRequestException)
                    {
                        throw new DownloadException(DownloadFailure.Network,
                            StoreMessages.ConnectionLost(host, file.Length, e.Message), e)
                        { Transient = true };
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    try
                    {
                        await file.WriteAsync(buffer.AsMemory(0, read), cancellation).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        throw WriteFailure(e);
                    }

                    if (hasher is not null)
                    {
                        hasher.AppendData(buffer, 0, read);
                        hashedLength += read;
                    }

                    status.Add(read);
                }

                try
                {
                    file.Flush(flushToDisk: true);
                }
                catch (IOException e)
                {
                    throw WriteFailure(e);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>Fails before downloading gigabytes that cannot fit, rather than at 99 %.</summary>
        private void CheckFreeSpace(long? needed)
        {
            if (needed is not > 0)
            {
                return;
            }

            long available;
            try
            {
                string folder = Path.GetDirectoryName(Path.GetFullPath(partialPath))!;
                available = new DriveInfo(OperatingSystem.IsWindows() ? Path.GetPathRoot(folder)! : folder).AvailableFreeSpace;
            }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
            {
                return; // Unknown (a network share, say): find out while writing.
            }

            if (available < needed)
            {
                throw new DownloadException(DownloadFailure.DiskFull,
                    StoreMessages.DiskTooSmall(ByteSize.Format(needed.Value), ByteSize.Format(available), partialPath));
            }
        }

        private DownloadException WriteFailure(Exception e) => IsDiskFull(e)
            ? new DownloadException(DownloadFailure.DiskFull, StoreMessages.DiskFull(partialPath, e.Message), e)
            : new DownloadException(DownloadFailure.WriteFailed, StoreMessages.PartialNotWritable(partialPath, e.Message), e);

        private void DeletePartial()
        {
            hasher?.Dispose();
            hasher = null;
            hashedLength = 0;
            resumedFrom = 0;
            try
            {
                File.Delete(partialPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw WriteFailure(e);
            }
        }
    }

    private static long LengthOf(string path)
    {
        try
        {
            return File.Exists(path) ? new FileInfo(path).Length : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows, ENOSPC or EDQUOT elsewhere.</summary>
    private static bool IsDiskFull(Exception e)
    {
        int code = e.HResult;
        if (OperatingSystem.IsWindows())
        {
            return (code & 0xFFFF0000) == 0x80070000 && (code & 0xFFFF) is 112 or 39;
        }

        return code == 28 || code == (OperatingSystem.IsMacOS() ? 69 : 122);
    }

    /// <summary>ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION on Windows; elsewhere .NET reports flock's EWOULDBLOCK.</summary>
    private static bool IsSharingViolation(IOException e)
    {
        int code = e.HResult;
        if (OperatingSystem.IsWindows())
        {
            return (code & 0xFFFF0000) == 0x80070000 && (code & 0xFFFF) is 32 or 33;
        }

        return code == (OperatingSystem.IsMacOS() ? 35 : 11);
    }
}
