namespace NorwegianLlama.Resources;

/// <summary>Messages of the model store: downloads (errors and progress), installs and uninstalls.</summary>
internal static class StoreMessages
{
    private static readonly MessageTable Table = new("NorwegianLlama.Resources.StoreMessages");

    public static string ByteCount(long bytes) => Table.Format(nameof(ByteCount), bytes);

    public static string EndpointNotHttp(string variable, string configured) => Table.Format(nameof(EndpointNotHttp), variable, configured);

    public static string RangeAnswersInconsistent(string host, string uri) => Table.Format(nameof(RangeAnswersInconsistent), host, uri);

    public static string PhaseRetrying(double seconds) => Table.Format(nameof(PhaseRetrying), seconds);

    public static string PhaseConnecting(string host) => Table.Format(nameof(PhaseConnecting), host);

    public static string PhaseChecking(string size) => Table.Format(nameof(PhaseChecking), size);

    public static string DownloadEndedEarly(string uri, long received, long expected) => Table.Format(nameof(DownloadEndedEarly), uri, received, expected);

    public static string PartialInUse(string path) => Table.Format(nameof(PartialInUse), path);

    public static string NoAnswer(string host, double seconds) => Table.Format(nameof(NoAnswer), host, seconds);

    public static string CannotReach(string host, string reason) => Table.Format(nameof(CannotReach), host, reason);

    public static string RedirectWithoutLocation(string host, string uri, int status) => Table.Format(nameof(RedirectWithoutLocation), host, uri, status);

    public static string TooManyRedirects(string uri, int maximum) => Table.Format(nameof(TooManyRedirects), uri, maximum);

    public static string InsecureRedirect(string host, string secure, string insecure) => Table.Format(nameof(InsecureRedirect), host, secure, insecure);

    public static string HashFromLinkedEtag(string header, string host) => Table.Format(nameof(HashFromLinkedEtag), header, host);

    public static string NoFileAt(string uri, string status, string detail) => Table.Format(nameof(NoFileAt), uri, status, detail);

    public static string AccessRefused(string host, string uri, string status, string detail) => Table.Format(nameof(AccessRefused), host, uri, status, detail);

    public static string ServerAnswered(string host, string uri, string status, string detail) => Table.Format(nameof(ServerAnswered), host, uri, status, detail);

    public static string PartialShrank(string path) => Table.Format(nameof(PartialShrank), path);

    public static string NoData(string host, double seconds, long bytes) => Table.Format(nameof(NoData), host, seconds, bytes);

    public static string ConnectionLost(string host, long bytes, string reason) => Table.Format(nameof(ConnectionLost), host, bytes, reason);

    public static string DiskTooSmall(string needed, string available, string path) => Table.Format(nameof(DiskTooSmall), needed, available, path);

    public static string DiskFull(string path, string reason) => Table.Format(nameof(DiskFull), path, reason);

    public static string PartialNotWritable(string path, string reason) => Table.Format(nameof(PartialNotWritable), path, reason);

    public static string DiscardFailed(string path, string reason) => Table.Format(nameof(DiscardFailed), path, reason);

    public static string PartialKept(string size, string path) => Table.Format(nameof(PartialKept), size, path);

    public static string HashMismatch(string uri, string actual, string source, string expected) => Table.Format(nameof(HashMismatch), uri, actual, source, expected);

    public static string NoHash() => Table.Get(nameof(NoHash));

    public static string NotGguf(string uri, string reason) => Table.Format(nameof(NotGguf), uri, reason);

    public static string NotGgufForeign(string uri, string description) => Table.Format(nameof(NotGgufForeign), uri, description);

    public static string InstallFailed(string path, string reason) => Table.Format(nameof(InstallFailed), path, reason);

    public static string NotInstalled(string name, string folder) => Table.Format(nameof(NotInstalled), name, folder);

    public static string OutsideModelsFolder(string path, string folder) => Table.Format(nameof(OutsideModelsFolder), path, folder);

    public static string UninstallFailed(string path, string reason) => Table.Format(nameof(UninstallFailed), path, reason);

    public static string DiscardingPartial(string path) => Table.Format(nameof(DiscardingPartial), path);

    public static string NoHashToCheck() => Table.Get(nameof(NoHashToCheck));

    public static string HashMatches(string? actual, string? source) => Table.Format(nameof(HashMatches), actual, source);

    public static string UnloadingBeforeReplacing(string path) => Table.Format(nameof(UnloadingBeforeReplacing), path);

    public static string Installed(string path, string size) => Table.Format(nameof(Installed), path, size);

    public static string AddingExtension(string name, string extension) => Table.Format(nameof(AddingExtension), name, extension);

    /// <param name="reason">The failure, without its final full stop.</param>
    public static string Retrying(string reason, double seconds, int retry, int maximum) => Table.Format(nameof(Retrying), reason, seconds, retry, maximum);

    public static string RangeIgnored(string? host) => Table.Format(nameof(RangeIgnored), host);

    public static string RangeAnsweredOtherwise(long offset, string? range) => Table.Format(nameof(RangeAnsweredOtherwise), offset, range);

    /// <param name="total">The total already formatted, or "?" when the server did not say.</param>
    public static string Resuming(long offset, string total) => Table.Format(nameof(Resuming), offset, total);

    public static string PartialComplete(long bytes) => Table.Format(nameof(PartialComplete), bytes);

    public static string ChangedOnServer(string uri) => Table.Format(nameof(ChangedOnServer), uri);

    public static string HostStatesHash(string host, string hash) => Table.Format(nameof(HostStatesHash), host, hash);

    public static string UriNotHttp(string uri) => Table.Format(nameof(UriNotHttp), uri);

    public static string UriNoFileName(string uri) => Table.Format(nameof(UriNoFileName), uri);

    public static string DestinationNotFileSystem(string path) => Table.Format(nameof(DestinationNotFileSystem), path);

    public static string DestinationNotFound(string path) => Table.Format(nameof(DestinationNotFound), path);

    public static string DestinationIsFile(string path) => Table.Format(nameof(DestinationIsFile), path);

    public static string DestinationNotWritable(string path, string reason) => Table.Format(nameof(DestinationNotWritable), path, reason);
}
