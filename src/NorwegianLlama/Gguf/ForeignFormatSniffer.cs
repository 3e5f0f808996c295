using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Gguf;

/// <summary>
/// Recognises the model formats that are not GGUF from their first bytes (or a folder's listing), so the user
/// hears what they have and how to get a GGUF instead. Only called once a file has failed the GGUF magic, and
/// never throws: anything it cannot read is simply not recognised.
/// </summary>
internal static class ForeignFormatSniffer
{
    private const int HeadLength = 512;

    // The safetensors specification caps its JSON header at 100 MB; a larger length is not safetensors.
    private const ulong MaxSafetensorsHeader = 100_000_000;

    // A 70B checkpoint's header is well under a megabyte; beyond this the tensor names are not worth reading.
    private const int MaxHeaderToParse = 16 << 20;

    private const int MaxConfigLength = 1 << 20;

    private static readonly byte[] ZipLocalHeader = "PK\u0003\u0004"u8.ToArray();

    public static ForeignModel? SniffFile(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return SniffFile(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The format of a seekable stream positioned at its start, or null when it is none of the known ones.</summary>
    public static ForeignModel? SniffFile(Stream stream)
    {
        byte[] buffer = new byte[HeadLength];
        int length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        ReadOnlySpan<byte> head = buffer.AsSpan(0, length);
        // Safetensors before pickle: a header length such as 0x0580 starts with the same two bytes as PROTO 5.
        return Ggml(head) ?? TorchZip(stream, head) ?? Safetensors(stream, head) ?? Pickle(head);
    }

    /// <summary>
    /// A folder of Hugging Face weights: config.json beside *.safetensors or pytorch_model*.bin files; GPTQ when
    /// quantize_config.json, config.json's quantization_config or the first safetensors file's tensors say so.
    /// </summary>
    public static ForeignModel? SniffFolder(string path)
    {
        try
        {
            var folder = new DirectoryInfo(path);
            FileInfo config = new(Path.Combine(folder.FullName, "config.json"));
            if (!config.Exists)
            {
                return null;
            }

            FileInfo[] safetensors = folder.EnumerateFiles("*.safetensors")
                .OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
            int pytorch = folder.EnumerateFiles("pytorch_model*.bin").Count();
            if (safetensors.Length == 0 && pytorch == 0)
            {
                return null;
            }

            if (File.Exists(Path.Combine(folder.FullName, "quantize_config.json")) || ConfigSaysGptq(config)
                || (safetensors.Length > 0 && SniffFile(safetensors[0].FullName)?.Format == ForeignFormat.Gptq))
            {
                return new(ForeignFormat.Gptq, ModelFileMessages.GptqFolder());
            }

            string description = safetensors.Length switch
            {
                1 => ModelFileMessages.HuggingFaceFolderOneSafetensors(),
                > 1 => ModelFileMessages.HuggingFaceFolderSafetensors(safetensors.Length),
                _ => pytorch == 1 ? ModelFileMessages.HuggingFaceFolderOnePytorchBin() : ModelFileMessages.HuggingFaceFolderPytorchBins(pytorch),
            };
            return new(ForeignFormat.HuggingFaceFolder, description);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return null;
        }
    }

    /// <summary>
    /// llama.cpp's own magics before GGUF, written as little-endian u32s ("lmgg", "fmgg", "tjgg" on disk);
    /// the spelled-out byte order too, which some writers produced.
    /// </summary>
    private static ForeignModel? Ggml(ReadOnlySpan<byte> head)
    {
        if (head.Length < 4)
        {
            return null;
        }

        foreach (bool littleEndian in new[] { true, false })
        {
            uint magic = littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(head) : BinaryPrimitives.ReadUInt32BigEndian(head);
            string? name = magic switch
            {
                0x67676d6c => "GGML",
                0x67676d66 => "GGMF",
                0x67676a74 => "GGJT",
                0x67676c61 => "GGLA",
                _ => null,
            };
            if (name is null)
            {
                continue;
            }

            // The unversioned 'ggml' has no version field; the others put one right after the magic.
            uint? version = name == "GGML" || head.Length < 8 ? null
                : littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(head[4..]) : BinaryPrimitives.ReadUInt32BigEndian(head[4..]);
            string label = version is >= 1 and <= 100 ? $"{name} v{version}" : name;
            return new(ForeignFormat.Ggml, name == "GGLA" ? ModelFileMessages.GgmlAdapter(label) : ModelFileMessages.GgmlFile(label));
        }

        return null;
    }

    /// <summary>Python pickle protocols 2 to 5 start with PROTO and the version: torch.save before PyTorch 1.6.</summary>
    private static ForeignModel? Pickle(ReadOnlySpan<byte> head) =>
        head.Length >= 3 && head[0] == 0x80 && head[1] is >= 2 and <= 5
            ? new(ForeignFormat.PyTorch, ModelFileMessages.PickleCheckpoint())
            : null;

    /// <summary>
    /// torch.save's zip archive holds &lt;name&gt;/data.pkl, which it writes first; other writers may not, so the
    /// central directory is the fallback. Zips without data.pkl are not ours to name.
    /// </summary>
    private static ForeignModel? TorchZip(Stream stream, ReadOnlySpan<byte> head)
    {
        if (!head.StartsWith(ZipLocalHeader))
        {
            return null;
        }

        var found = new ForeignModel(ForeignFormat.PyTorch, ModelFileMessages.TorchZipCheckpoint());
        if (head.Length >= 30)
        {
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(head[26..]);
            if (head.Length >= 30 + nameLength && IsPickleEntry(Encoding.UTF8.GetString(head.Slice(30, nameLength))))
            {
                return found;
            }
        }

        try
        {
            stream.Position = 0;
            using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            return archive.Entries.Any(entry => IsPickleEntry(entry.FullName)) ? found : null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    private static bool IsPickleEntry(string name) =>
        name == "data.pkl" || name.EndsWith("/data.pkl", StringComparison.Ordinal);

    /// <summary>
    /// An 8-byte little-endian header length, then a JSON object mapping tensor names to dtype, shape and
    /// offsets. GPTQ checkpoints are safetensors too, told apart by their packed qweight/qzeros tensors.
    /// </summary>
    private static ForeignModel? Safetensors(Stream stream, ReadOnlySpan<byte> head)
    {
        if (head.Length < 10 || head[8] != (byte)'{')
        {
            return null;
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(head);
        if (headerLength < 2 || headerLength > MaxSafetensorsHeader)
        {
            return null;
        }

        var plain = new ForeignModel(ForeignFormat.Safetensors, ModelFileMessages.SafetensorsFile());
        if (stream.Length < 8 + (long)headerLength)
        {
            // Cut off inside the header: a partial download still deserves the right name.
            return plain;
        }

        if (headerLength > MaxHeaderToParse)
        {
            return plain;
        }

        byte[] header = new byte[headerLength];
        stream.Position = 8;
        stream.ReadExactly(header);
        bool? gptq = HasGptqTensors(header);
        return gptq switch
        {
            null => null,
            true => new(ForeignFormat.Gptq, ModelFileMessages.GptqSafetensors()),
            false => plain,
        };
    }

    /// <summary>Whether any tensor name ends in .qweight or .qzeros; null when the header is not a JSON object.</summary>
    private static bool? HasGptqTensors(byte[] header)
    {
        try
        {
            var reader = new Utf8JsonReader(header, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            bool gptq = false;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    string name = reader.GetString()!;
                    gptq |= name.EndsWith(".qweight", StringComparison.Ordinal) || name.EndsWith(".qzeros", StringComparison.Ordinal);
                }
            }

            return gptq;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>transformers writes quantization_config with quant_method "gptq" into a GPTQ model's config.json.</summary>
    private static bool ConfigSaysGptq(FileInfo config)
    {
        if (config.Length > MaxConfigLength)
        {
            return false;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(config.FullName));
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("quantization_config", out JsonElement quantization)
                && quantization.ValueKind == JsonValueKind.Object
                && (!quantization.TryGetProperty("quant_method", out JsonElement method)
                    || (method.ValueKind == JsonValueKind.String && string.Equals(method.GetString(), "gptq", StringComparison.OrdinalIgnoreCase)));
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
