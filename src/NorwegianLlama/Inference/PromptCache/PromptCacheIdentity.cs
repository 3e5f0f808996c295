using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace NorwegianLlama.Inference.PromptCache;

/// <summary>
/// Everything a saved KV state depends on besides its tokens, hashed: the model file (path, size, last write
/// and its header bytes), the adapters with their scales, the KV cache types, the context shape and the
/// llama.cpp build. A state computed under any other identity is wrong, or unreadable to llama.cpp.
/// </summary>
internal sealed class PromptCacheIdentity
{
    // Enough of a GGUF to cover its header, vocabulary included, without reading weights.
    internal const int HeaderBytesHashed = 1 << 20;

    private PromptCacheIdentity(byte[] hash) => Hash = hash;

    /// <summary>SHA-256 of the description; 32 bytes.</summary>
    public byte[] Hash { get; }

    /// <summary>The start of every file name of this identity, so a lookup lists only its own files.</summary>
    public string FilePrefix => Convert.ToHexStringLower(Hash, 0, 8);

    public static PromptCacheIdentity FromDescription(string description) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes(description)));

    /// <summary>Describes the model file and adapters as they are on disk now; throws IOException when one cannot be read.</summary>
    public static string DescribeFiles(string modelPath, IEnumerable<LoraSetting> adapters)
    {
        var text = new StringBuilder();
        text.Append("model ").AppendLine(DescribeFile(modelPath));
        foreach (LoraSetting adapter in adapters)
        {
            text.Append("lora ").Append(DescribeFile(adapter.Path))
                .Append(" scale ").AppendLine(adapter.Scale.ToString("R", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>The identity of one context shape on <paramref name="files"/> (from <see cref="DescribeFiles"/>).</summary>
    /// <param name="sequences">
    /// A batch's context (several sequences in one unified cache) keeps its own entries; a single answer's
    /// identity names no sequence count, so its entries saved before batches had any still match.
    /// </param>
    public static PromptCacheIdentity For(string files, string kvTypes, int contextSize, int threads, string runtime, int sequences = 1) =>
        FromDescription(string.Create(
            CultureInfo.InvariantCulture,
            $"norsk prompt cache\n{files}kv {kvTypes}\ncontext {contextSize} threads {threads}\n{(sequences > 1 ? $"sequences {sequences} unified\n" : "")}runtime {runtime}\n"));

    public bool Matches(ReadOnlySpan<byte> hash) => hash.SequenceEqual(Hash);

    private static string DescribeFile(string path)
    {
        var file = new FileInfo(Path.GetFullPath(path));
        string description = string.Create(
            CultureInfo.InvariantCulture, $"{file.FullName}|{file.Length}|{file.LastWriteTimeUtc.Ticks}");
        using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[(int)Math.Min(HeaderBytesHashed, file.Length)];
        stream.ReadExactly(buffer);
        return description + "|" + Convert.ToHexStringLower(SHA256.HashData(buffer));
    }
}
