using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;

namespace NorwegianLlama.Inference.PromptCache;

/// <summary>
/// One saved prefix: our header, the prefix's token ids, then llama.cpp's sequence state as the payload.
/// llama.cpp may abort the whole process on state data it does not expect, so nothing read from disk reaches
/// it unless magic, version, identity, lengths and the SHA-256 over all of it check out.
/// </summary>
/// <remarks>
/// Layout, little-endian: "NLPCACHE", u32 version, u32 token count, u64 payload length, 32-byte identity hash,
/// 32-byte SHA-256 of everything else in the file (the fixed fields before it, the tokens and the payload),
/// then the tokens as i32, then the payload.
/// </remarks>
internal sealed class PromptCacheEntry(byte[] identity, int[] tokens, byte[] payload)
{
    public const int Version = 1;
    public const int HeaderLength = 88;
    public const string Extension = ".nlpc";

    // The largest prefix worth keeping; a header claiming more is damaged.
    private const int MaxTokens = 1 << 20;
    private const int ChecksumOffset = 56;
    private static readonly byte[] Magic = "NLPCACHE"u8.ToArray();

    public byte[] Identity { get; } = identity;

    public int[] Tokens { get; } = tokens;

    public byte[] Payload { get; } = payload;

    public long FileLength => HeaderLength + (4L * Tokens.Length) + Payload.Length;

    public void WriteTo(Stream stream)
    {
        byte[] header = FixedFields(Tokens.Length, Payload.Length, Identity);
        byte[] tokenBytes = TokenBytes(Tokens);
        Checksum(header, tokenBytes, Payload).CopyTo(header, ChecksumOffset);
        stream.Write(header);
        stream.Write(tokenBytes);
        stream.Write(Payload);
    }

    /// <summary>
    /// The token ids of a file of <paramref name="identity"/>, reading no payload; null when the header is not
    /// ours, not this identity's, or disagrees with the file's length (a truncated or foreign file).
    /// </summary>
    public static int[]? ReadTokens(Stream stream, PromptCacheIdentity identity)
    {
        byte[] header = new byte[HeaderLength];
        if (stream.Length < HeaderLength || stream.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false) < HeaderLength)
        {
            return null;
        }

        if (!header.AsSpan(0, 8).SequenceEqual(Magic)
            || BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8)) != Version
            || !identity.Matches(header.AsSpan(24, 32)))
        {
            return null;
        }

        int count = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
        long payloadLength = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(16));
        if (count <= 0 || count > MaxTokens || payloadLength <= 0 || payloadLength > Array.MaxLength
            || stream.Length != HeaderLength + (4L * count) + payloadLength)
        {
            return null;
        }

        byte[] tokenBytes = new byte[4 * count];
        stream.ReadExactly(tokenBytes);
        int[] tokens = new int[count];
        for (int i = 0; i < count; i++)
        {
            tokens[i] = BinaryPrimitives.ReadInt32LittleEndian(tokenBytes.AsSpan(4 * i));
        }

        return tokens;
    }

    /// <summary>The whole entry if every check passes, the checksum included; null otherwise.</summary>
    public static PromptCacheEntry? Read(Stream stream, PromptCacheIdentity identity)
    {
        if (ReadTokens(stream, identity) is not { } tokens)
        {
            return null;
        }

        byte[] payload = new byte[stream.Length - HeaderLength - (4L * tokens.Length)];
        stream.ReadExactly(payload);
        stream.Position = 0;
        byte[] header = new byte[HeaderLength];
        stream.ReadExactly(header);
        byte[] expected = Checksum(header, TokenBytes(tokens), payload);
        return expected.AsSpan().SequenceEqual(header.AsSpan(ChecksumOffset, 32))
            ? new PromptCacheEntry(identity.Hash, tokens, payload)
            : null;
    }

    private static byte[] FixedFields(int tokenCount, long payloadLength, byte[] identity)
    {
        byte[] header = new byte[HeaderLength];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), Version);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), tokenCount);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(16), payloadLength);
        identity.CopyTo(header, 24);
        return header;
    }

    private static byte[] TokenBytes(int[] tokens)
    {
        byte[] bytes = new byte[4 * tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4 * i), tokens[i]);
        }

        return bytes;
    }

    private static byte[] Checksum(byte[] header, byte[] tokenBytes, byte[] payload)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(header, 0, ChecksumOffset);
        sha.AppendData(tokenBytes);
        sha.AppendData(payload);
        return sha.GetHashAndReset();
    }
}
