using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Gguf;

/// <summary>
/// Little-endian primitives over a stream of known length. Every read checks the bytes left first, so a
/// lying length field becomes a clean error instead of a huge allocation or an end-of-stream exception.
/// </summary>
internal sealed class BoundedReader
{
    private readonly Stream stream;
    private readonly byte[] scratch = new byte[8];

    public BoundedReader(Stream stream, long length)
    {
        this.stream = stream;
        Length = length;
    }

    public long Length { get; }

    public long Position { get; private set; }

    public long Remaining => Length - Position;

    public byte ReadByte() => Fill(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Fill(2));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Fill(4));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Fill(8));

    public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(Fill(4));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Fill(8));

    /// <summary>A count field, refused when <paramref name="minimumBytesEach"/> per item cannot fit in what is left.</summary>
    public long ReadCount(HeaderField field, long minimumBytesEach, string? key = null)
    {
        long at = Position;
        ulong count = ReadUInt64();
        if (count > (ulong)long.MaxValue || (minimumBytesEach > 0 && (long)count > Remaining / minimumBytesEach))
        {
            throw new GgufFormatException(KindOfShortfall(count, (ulong)Math.Max(1, minimumBytesEach)), at,
                HeaderFieldMessages.CountTooLarge(field, key, count, Remaining));
        }

        return (long)count;
    }

    public string ReadString(HeaderField field, string? key = null)
    {
        long length = ReadStringLength(field, key);
        if (length > int.MaxValue)
        {
            throw new GgufFormatException(GgufErrorKind.Malformed, Position, HeaderFieldMessages.TooLong(field, key, length));
        }

        byte[] bytes = new byte[length];
        ReadExactly(bytes);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new GgufFormatException(GgufErrorKind.Malformed, Position - length, HeaderFieldMessages.NotUtf8(field, key));
        }
    }

    public void SkipString(HeaderField field, string? key = null) => Skip(ReadStringLength(field, key));

    public void Skip(long count)
    {
        if (count > Remaining)
        {
            throw Truncated();
        }

        stream.Seek(count, SeekOrigin.Current);
        Position += count;
    }

    private long ReadStringLength(HeaderField field, string? key)
    {
        long at = Position;
        ulong length = ReadUInt64();
        if (length > (ulong)Remaining)
        {
            throw new GgufFormatException(KindOfShortfall(length, 1), at,
                HeaderFieldMessages.BeyondFile(field, key, length, Remaining));
        }

        return (long)length;
    }

    /// <summary>
    /// A claim that a file of plausible size could satisfy means the file was cut short (an interrupted
    /// download); a claim no real model could satisfy means the header itself is corrupt.
    /// </summary>
    private static GgufErrorKind KindOfShortfall(ulong count, ulong bytesEach)
    {
        const ulong PlausibleFileSize = 1UL << 40;
        return count <= PlausibleFileSize / bytesEach ? GgufErrorKind.Truncated : GgufErrorKind.Malformed;
    }

    private ReadOnlySpan<byte> Fill(int count)
    {
        ReadExactly(scratch.AsSpan(0, count));
        return scratch.AsSpan(0, count);
    }

    private void ReadExactly(Span<byte> buffer)
    {
        if (buffer.Length > Remaining)
        {
            throw Truncated();
        }

        stream.ReadExactly(buffer);
        Position += buffer.Length;
    }

    private GgufFormatException Truncated() =>
        new(GgufErrorKind.Truncated, Position, GgufFormatMessages.FileEndsInHeader(Length));

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
