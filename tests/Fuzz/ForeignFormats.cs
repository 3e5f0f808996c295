using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace NorwegianLlama.Fuzz;

/// <summary>
/// Model files in the formats that are not GGUF (as tests/ForeignFormatFiles.ps1 writes them for the Pester
/// tests: safetensors, GPTQ safetensors, torch.save zips, legacy pickles, pre-GGUF GGML headers), whole and
/// damaged, so the sniffer that names them meets broken ones too.
/// </summary>
public static class ForeignFormats
{
    private static readonly string[] LlamaTensors =
        ["model.embed_tokens.weight", "model.layers.0.self_attn.q_proj.weight", "model.layers.0.mlp.down_proj.weight", "model.norm.weight", "lm_head.weight"];

    private static readonly string[] GptqTensors =
    [
        "model.embed_tokens.weight", "model.layers.0.self_attn.q_proj.qweight", "model.layers.0.self_attn.q_proj.qzeros",
        "model.layers.0.self_attn.q_proj.scales", "model.layers.0.self_attn.q_proj.g_idx", "model.norm.weight",
    ];

    private static readonly (string Name, Func<Random, byte[]> Make)[] Variants =
    [
        ("a safetensors file", _ => Safetensors(LlamaTensors)),
        ("a GPTQ safetensors file", _ => Safetensors(GptqTensors)),
        ("a torch.save zip", _ => TorchZip()),
        ("a legacy pickle", _ => Convert.FromHexString("80028a0a6cfc9c46f9206aa850192e80024de9032e")),
        ("an unversioned GGML file", _ => Ggml("ggml", null, false)),
        ("a GGMF v1 file", _ => Ggml("ggmf", 1, false)),
        ("a GGJT v3 file", _ => Ggml("ggjt", 3, false)),
        ("a GGJT v1 file in the other byte order", _ => Ggml("ggjt", 1, true)),
        ("safetensors whose header length is 2^64-1", _ => WithHeaderLength(Safetensors(LlamaTensors), ulong.MaxValue)),
        ("safetensors whose header runs past the end", random => WithHeaderLength(Safetensors(LlamaTensors), (ulong)(1 << 20) + (ulong)random.Next(1000))),
        ("safetensors cut inside its JSON header", random => Safetensors(LlamaTensors)[..(9 + random.Next(60))]),
        ("safetensors whose header is not JSON", random => NotJsonHeader(random)),
        ("a torch.save zip cut after its first entry header", _ => TorchZip()[..40]),
        ("a GGJT file of an absurd version", random => Ggml("ggjt", AbsurdValues.UInt32[random.Next(AbsurdValues.UInt32.Length)], false)),
        ("a bare zip signature", _ => "PK\u0003\u0004"u8.ToArray()),
        ("a GGJT magic alone", _ => Ggml("ggjt", null, false)[..4]),
    ];

    public static int Count => Variants.Length;

    public static (string Description, byte[] Bytes) Create(int which, Random random)
    {
        (string name, Func<Random, byte[]> make) = Variants[which % Variants.Length];
        return (name, make(random));
    }

    /// <summary>8-byte little-endian header length, a JSON header padded with spaces to 8 bytes, then F16 data.</summary>
    public static byte[] Safetensors(IReadOnlyList<string> tensorNames)
    {
        var header = new Dictionary<string, object> { ["__metadata__"] = new Dictionary<string, string> { ["format"] = "pt" } };
        int offset = 0;
        foreach (string name in tensorNames)
        {
            header[name] = new Dictionary<string, object> { ["dtype"] = "F16", ["shape"] = new[] { 4, 4 }, ["data_offsets"] = new[] { offset, offset + 32 } };
            offset += 32;
        }

        byte[] json = JsonSerializer.SerializeToUtf8Bytes(header);
        int padded = (json.Length + 7) / 8 * 8;
        byte[] bytes = new byte[8 + padded + offset];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        json.CopyTo(bytes, 8);
        bytes.AsSpan(8 + json.Length, padded - json.Length).Fill(0x20);
        new Random(5).NextBytes(bytes.AsSpan(8 + padded));
        return bytes;
    }

    private static byte[] WithHeaderLength(byte[] bytes, ulong length)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, length);
        return bytes;
    }

    private static byte[] NotJsonHeader(Random random)
    {
        string[] headers = ["{\"a\":", "not json at all!", "{\"__metadata__\":{}}\0\0\0\0\0", "[1,2,3]\u00ff", "{}"];
        byte[] json = Encoding.UTF8.GetBytes(headers[random.Next(headers.Length)]);
        byte[] bytes = new byte[8 + json.Length + 32];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }

    /// <summary>torch.save's zip layout: archive/data.pkl (a protocol-2 pickle) first, then byte order, storages, version.</summary>
    private static byte[] TorchZip()
    {
        var entries = new (string Name, byte[] Data)[]
        {
            ("archive/data.pkl", Convert.FromHexString("80027d710028581000000070726f746f636f6c5f76657273696f6e71014de903580d0000006c6974746c655f656e6469616e710288752e")),
            ("archive/byteorder", "little"u8.ToArray()),
            ("archive/data/0", new byte[64]),
            ("archive/version", "3\n"u8.ToArray()),
        };
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                using Stream entry = archive.CreateEntry(name, CompressionLevel.NoCompression).Open();
                entry.Write(data);
            }
        }

        return stream.ToArray();
    }

    /// <summary>A pre-GGUF header: the magic as llama.cpp wrote it (a little-endian u32) or spelled out, a version, hyperparameters.</summary>
    private static byte[] Ggml(string magic, uint? version, bool spelledOut)
    {
        byte[] magicBytes = Encoding.ASCII.GetBytes(magic);
        if (!spelledOut)
        {
            Array.Reverse(magicBytes);
        }

        var bytes = new List<byte>(magicBytes);
        if (version is uint v)
        {
            byte[] versionBytes = BitConverter.GetBytes(v);
            if (spelledOut)
            {
                Array.Reverse(versionBytes);
            }

            bytes.AddRange(versionBytes);
        }

        foreach (uint value in new uint[] { 32000, 4096, 256, 32, 32, 128, 2 })
        {
            bytes.AddRange(BitConverter.GetBytes(value));
        }

        return bytes.ToArray();
    }
}
