using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace NorwegianLlama.TestModels;

/// <summary>
/// Small but well-formed files in the formats that are not GGUF, written the way their tools write them; the
/// unit tests, the fuzzer and the Pester tests (common.ps1's New-ForeignModelFiles) all use them.
/// </summary>
public static class ForeignFiles
{
    /// <summary>What torch.save's pickles start with: PROTO 2, then the legacy format's magic number as a LONG1.</summary>
    public static readonly byte[] LegacyTorchPickle = Convert.FromHexString("80028a0a6cfc9c46f9206aa850192e" + "80024de9032e");

    /// <summary>A protocol-2 pickle of a small dict, as data.pkl inside a torch.save zip holds.</summary>
    public static readonly byte[] StateDictPickle = Convert.FromHexString(
        "80027d710028581000000070726f746f636f6c5f76657273696f6e71014de903580d0000006c6974746c655f656e6469616e710288752e");

    /// <summary>Llama tensor names of one layer, each an F16 [4, 4] matrix.</summary>
    public static readonly string[] LlamaTensors =
    [
        "model.embed_tokens.weight", "model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.k_proj.weight",
        "model.layers.0.mlp.down_proj.weight", "model.norm.weight", "lm_head.weight",
    ];

    /// <summary>GPTQ's packed int32 weights, zero points, scales and group index for the projections.</summary>
    public static readonly string[] GptqTensors =
    [
        "model.embed_tokens.weight", "model.layers.0.self_attn.q_proj.qweight", "model.layers.0.self_attn.q_proj.qzeros",
        "model.layers.0.self_attn.q_proj.scales", "model.layers.0.self_attn.q_proj.g_idx", "model.norm.weight",
    ];

    /// <summary>8-byte little-endian header length, a JSON header (padded with spaces to 8 bytes), then the data.</summary>
    public static byte[] Safetensors(IEnumerable<string> tensorNames, int headerPadding = 0)
    {
        var header = new Dictionary<string, object> { ["__metadata__"] = new Dictionary<string, string> { ["format"] = "pt" } };
        long offset = 0;
        foreach (string name in tensorNames)
        {
            header[name] = new { dtype = "F16", shape = new[] { 4, 4 }, data_offsets = new[] { offset, offset + 32 } };
            offset += 32;
        }

        byte[] json = JsonSerializer.SerializeToUtf8Bytes(header);
        int padded = (json.Length + headerPadding + 7) / 8 * 8;
        var bytes = new byte[8 + padded + offset];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), (ulong)padded);
        json.CopyTo(bytes, 8);
        bytes.AsSpan(8 + json.Length, padded - json.Length).Fill((byte)' ');
        new Random(7).NextBytes(bytes.AsSpan(8 + padded));
        return bytes;
    }

    /// <summary>torch.save's layout: archive/data.pkl first, then the byte order, the storages and the version.</summary>
    public static byte[] TorchZip(string folder = "archive", bool pickleFirst = true, bool withPickle = true)
    {
        var entries = new List<(string Name, byte[] Data)>
        {
            ($"{folder}/byteorder", "little"u8.ToArray()),
            ($"{folder}/data/0", new byte[64]),
            ($"{folder}/version", "3\n"u8.ToArray()),
        };
        if (withPickle)
        {
            entries.Insert(pickleFirst ? 0 : entries.Count, ($"{folder}/data.pkl", StateDictPickle));
        }

        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach ((string name, byte[] data) in entries)
            {
                using Stream entry = archive.CreateEntry(name, CompressionLevel.NoCompression).Open();
                entry.Write(data);
            }
        }

        return stream.ToArray();
    }

    /// <summary>A pre-GGUF header: magic as a little-endian u32 (or spelled out), a version, then hyperparameters.</summary>
    public static byte[] Ggml(string magic, uint? version, bool littleEndian = true)
    {
        byte[] magicBytes = Encoding.ASCII.GetBytes(magic);
        if (littleEndian)
        {
            Array.Reverse(magicBytes);
        }

        var bytes = new List<byte>(magicBytes);
        if (version is { } v)
        {
            byte[] versionBytes = BitConverter.GetBytes(v);
            if (!littleEndian)
            {
                Array.Reverse(versionBytes);
            }

            bytes.AddRange(versionBytes);
        }

        foreach (uint hyperparameter in new uint[] { 32000, 4096, 256, 32, 32, 128, 2 })
        {
            bytes.AddRange(BitConverter.GetBytes(hyperparameter));
        }

        return bytes.ToArray();
    }

    public static byte[] LlamaConfig(string? quantizationMethod = null)
    {
        var config = new Dictionary<string, object>
        {
            ["architectures"] = new[] { "LlamaForCausalLM" },
            ["model_type"] = "llama",
            ["hidden_size"] = 4096,
            ["num_hidden_layers"] = 32,
            ["torch_dtype"] = "float16",
        };
        if (quantizationMethod is not null)
        {
            config["quantization_config"] = new { bits = 4, group_size = 128, desc_act = false, quant_method = quantizationMethod };
        }

        return JsonSerializer.SerializeToUtf8Bytes(config, new JsonSerializerOptions { WriteIndented = true });
    }

    public static byte[] QuantizeConfig => "{\n  \"bits\": 4,\n  \"group_size\": 128,\n  \"desc_act\": false,\n  \"sym\": true\n}"u8.ToArray();
}
