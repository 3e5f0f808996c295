using System;
using System.Buffers.Binary;
using System.Linq;
using System.Text;
using NorwegianLlama.TestModels;

namespace NorwegianLlama.Fuzz;

/// <summary>
/// Model files in the formats that are not GGUF (TestModels' ForeignFiles: safetensors, GPTQ safetensors,
/// torch.save zips, legacy pickles, pre-GGUF GGML headers), whole and damaged, so the sniffer that names them
/// meets broken ones too.
/// </summary>
public static class ForeignFormats
{
    private static readonly (string Name, Func<Random, byte[]> Make)[] Variants =
    [
        ("a safetensors file", _ => ForeignFiles.Safetensors(ForeignFiles.LlamaTensors)),
        ("a GPTQ safetensors file", _ => ForeignFiles.Safetensors(ForeignFiles.GptqTensors)),
        ("a torch.save zip", _ => ForeignFiles.TorchZip()),
        ("a legacy pickle", _ => ForeignFiles.LegacyTorchPickle.ToArray()),
        ("an unversioned GGML file", _ => ForeignFiles.Ggml("ggml", null)),
        ("a GGMF v1 file", _ => ForeignFiles.Ggml("ggmf", 1)),
        ("a GGJT v3 file", _ => ForeignFiles.Ggml("ggjt", 3)),
        ("a GGJT v1 file in the other byte order", _ => ForeignFiles.Ggml("ggjt", 1, littleEndian: false)),
        ("safetensors whose header length is 2^64-1", _ => WithHeaderLength(ForeignFiles.Safetensors(ForeignFiles.LlamaTensors), ulong.MaxValue)),
        ("safetensors whose header runs past the end", random => WithHeaderLength(ForeignFiles.Safetensors(ForeignFiles.LlamaTensors), (ulong)(1 << 20) + (ulong)random.Next(1000))),
        ("safetensors cut inside its JSON header", random => ForeignFiles.Safetensors(ForeignFiles.LlamaTensors)[..(9 + random.Next(60))]),
        ("safetensors whose header is not JSON", random => NotJsonHeader(random)),
        ("a torch.save zip cut after its first entry header", _ => ForeignFiles.TorchZip()[..40]),
        ("a GGJT file of an absurd version", random => ForeignFiles.Ggml("ggjt", AbsurdValues.UInt32[random.Next(AbsurdValues.UInt32.Length)])),
        ("a bare zip signature", _ => "PK\u0003\u0004"u8.ToArray()),
        ("a GGJT magic alone", _ => ForeignFiles.Ggml("ggjt", null)[..4]),
    ];

    public static int Count => Variants.Length;

    public static (string Description, byte[] Bytes) Create(int which, Random random)
    {
        (string name, Func<Random, byte[]> make) = Variants[which % Variants.Length];
        return (name, make(random));
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
}
