namespace NorwegianLlama.TestModels;

/// <summary>What <see cref="TestModelWriter.Write"/> produced, so tests can assert on it without parsing the file.</summary>
public sealed class TestModelSummary
{
    internal TestModelSummary(
        string path,
        long sizeBytes,
        int tensorCount,
        long parameterCount,
        int vocabularySize,
        int kvCount,
        int bosTokenId,
        int eosTokenId,
        int unknownTokenId)
    {
        Path = path;
        SizeBytes = sizeBytes;
        TensorCount = tensorCount;
        ParameterCount = parameterCount;
        VocabularySize = vocabularySize;
        KvCount = kvCount;
        BosTokenId = bosTokenId;
        EosTokenId = eosTokenId;
        UnknownTokenId = unknownTokenId;
    }

    /// <summary>Full path of the written file.</summary>
    public string Path { get; }

    public long SizeBytes { get; }

    public int TensorCount { get; }

    /// <summary>Total number of tensor elements.</summary>
    public long ParameterCount { get; }

    public int VocabularySize { get; }

    public int KvCount { get; }

    public int BosTokenId { get; }

    public int EosTokenId { get; }

    public int UnknownTokenId { get; }
}
