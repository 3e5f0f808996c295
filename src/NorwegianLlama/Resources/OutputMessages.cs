namespace NorwegianLlama.Resources;

/// <summary>The cmdlets' warnings and their progress activities and status texts.</summary>
internal static class OutputMessages
{
    private static readonly MessageTable Table = new("NorwegianLlama.Resources.OutputMessages");

    public static string ContextSizeBeyondTraining(int? contextSize, long? trainedLength) =>
        Table.Format(nameof(ContextSizeBeyondTraining), contextSize, trainedLength);

    public static string UndecodableInput(string file, string encoding) => Table.Format(nameof(UndecodableInput), file, encoding);

    public static string UncheckedDownload(string target, string host) => Table.Format(nameof(UncheckedDownload), target, host);

    public static string ConversationTrimmed(int contextSize, int droppedPairs) =>
        Table.Format(nameof(ConversationTrimmed), contextSize, droppedPairs);

    public static string NoTokenIds(string reason) => Table.Format(nameof(NoTokenIds), reason);

    public static string LoadingActivity(string file) => Table.Format(nameof(LoadingActivity), file);

    public static string AllocatingKvCache(string size) => Table.Format(nameof(AllocatingKvCache), size);

    public static string ProgressDone() => Table.Get(nameof(ProgressDone));

    public static string DownloadingActivity(string file) => Table.Format(nameof(DownloadingActivity), file);

    /// <summary>Bytes so far of a known total, both already formatted as sizes.</summary>
    public static string BytesOf(string done, string total) => Table.Format(nameof(BytesOf), done, total);

    public static string BytesAtRate(string done, string rate) => Table.Format(nameof(BytesAtRate), done, rate);

    public static string BatchAllDone(int total) => Table.Format(nameof(BatchAllDone), total);

    public static string BatchAnswering(int done, int total, string answering) => Table.Format(nameof(BatchAnswering), done, total, answering);

    public static string BatchInputParts(int input, int answered, int count) => Table.Format(nameof(BatchInputParts), input, answered, count);

    public static string BatchInputPartsPass(int input, int answered, int count, int pass) =>
        Table.Format(nameof(BatchInputPartsPass), input, answered, count, pass);

    public static string BatchTokensWritten(long written) => Table.Format(nameof(BatchTokensWritten), written);
}
