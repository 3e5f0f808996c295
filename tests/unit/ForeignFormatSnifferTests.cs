using System;
using System.IO;
using System.Linq;
using System.Text;
using NorwegianLlama.Gguf;
using NorwegianLlama.TestModels;
using Xunit;

namespace NorwegianLlama.Tests;

public sealed class ForeignFormatSnifferTests : IDisposable
{
    private readonly GeneratedModels models = new();

    public void Dispose() => models.Dispose();

    private ForeignModel? SniffBytes(byte[] bytes, string name = "model.bin") => ForeignFormatSniffer.SniffFile(models.WriteBytes(bytes, name));

    [Fact]
    public void NamesASafetensorsFile()
    {
        ForeignModel? found = SniffBytes(ForeignFiles.Safetensors(ForeignFiles.LlamaTensors), "model.safetensors");

        Assert.Equal(ForeignFormat.Safetensors, found?.Format);
        Assert.Contains("safetensors", found!.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void TellsGptqSafetensorsByTheirPackedTensors()
    {
        ForeignModel? found = SniffBytes(ForeignFiles.Safetensors(ForeignFiles.GptqTensors), "gptq_model-4bit-128g.safetensors");

        Assert.Equal(ForeignFormat.Gptq, found?.Format);
        Assert.Contains("GPTQ", found!.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void PrefersSafetensorsWhenTheHeaderLengthLooksLikeAPickle()
    {
        // A 0x0580-byte header starts with 80 05, which is also how a protocol-5 pickle starts.
        int json = ForeignFiles.Safetensors(ForeignFiles.LlamaTensors).Length - 8 - 6 * 32;
        byte[] bytes = ForeignFiles.Safetensors(ForeignFiles.LlamaTensors, headerPadding: 0x0580 - json);
        Assert.Equal(new byte[] { 0x80, 0x05 }, bytes[..2]);

        Assert.Equal(ForeignFormat.Safetensors, SniffBytes(bytes)?.Format);
    }

    [Fact]
    public void NamesASafetensorsFileCutOffInsideItsHeader()
    {
        byte[] whole = ForeignFiles.Safetensors(ForeignFiles.LlamaTensors);

        Assert.Equal(ForeignFormat.Safetensors, SniffBytes(whole[..40])?.Format);
    }

    [Fact]
    public void RefusesALengthPrefixFollowedByBracesThatAreNotJson()
    {
        byte[] bytes = new byte[64];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), 20UL);
        Encoding.ASCII.GetBytes("{ not json at all   ").CopyTo(bytes, 8);

        Assert.Null(SniffBytes(bytes));
    }

    [Theory]
    [InlineData("archive", true)]
    [InlineData("pytorch_model", true)]
    [InlineData("archive", false)]
    public void NamesATorchSaveZip(string folder, bool pickleFirst)
    {
        ForeignModel? found = SniffBytes(ForeignFiles.TorchZip(folder, pickleFirst), "pytorch_model.bin");

        Assert.Equal(ForeignFormat.PyTorch, found?.Format);
        Assert.Contains("PyTorch", found!.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void LeavesAZipWithoutAPickleUnnamed()
    {
        Assert.Null(SniffBytes(ForeignFiles.TorchZip(withPickle: false), "other.zip"));
    }

    [Fact]
    public void NamesALegacyPickleCheckpoint()
    {
        ForeignModel? found = SniffBytes(ForeignFiles.LegacyTorchPickle, "pytorch_model.bin");

        Assert.Equal(ForeignFormat.PyTorch, found?.Format);
        Assert.Contains("pickle", found!.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ggml", null, true, "GGML")]
    [InlineData("ggmf", 1u, true, "GGMF v1")]
    [InlineData("ggjt", 3u, true, "GGJT v3")]
    [InlineData("ggjt", 1u, false, "GGJT v1")]
    [InlineData("ggml", null, false, "GGML")]
    [InlineData("ggla", 1u, true, "GGLA v1")]
    public void NamesPreGgufGgmlFilesInEitherByteOrder(string magic, uint? version, bool littleEndian, string label)
    {
        ForeignModel? found = SniffBytes(ForeignFiles.Ggml(magic, version, littleEndian), "model.ggmlv3.q4_0.bin");

        Assert.Equal(ForeignFormat.Ggml, found?.Format);
        Assert.Contains($"({label})", found!.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void GgmlOnDiskIsTheLittleEndianMagic()
    {
        Assert.Equal("tjgg", Encoding.ASCII.GetString(ForeignFiles.Ggml("ggjt", 3, littleEndian: true)[..4]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(9)]
    public void LeavesTinyAndEmptyFilesUnnamed(int length)
    {
        Assert.Null(SniffBytes(new byte[length]));
        Assert.Null(SniffBytes(Enumerable.Repeat((byte)'{', length).ToArray()));
    }

    [Fact]
    public void LeavesTextRandomBytesAndGgufUnnamed()
    {
        Assert.Null(SniffBytes("Hei! Dette er ingen modell.\n"u8.ToArray(), "notes.gguf"));
        var random = new Random(2611);
        for (int i = 0; i < 200; i++)
        {
            byte[] bytes = new byte[random.Next(1, 2048)];
            random.NextBytes(bytes);
            ForeignModel? found = SniffBytes(bytes, $"random-{i}.bin");
            // The only format random bytes can plausibly fake is a two-byte pickle prefix.
            Assert.True(found is null || (found.Format == ForeignFormat.PyTorch && bytes[0] == 0x80), $"random-{i} gave {found}");
        }

        var (gguf, _) = models.Write(new TestModelSpec());
        Assert.Null(ForeignFormatSniffer.SniffFile(gguf));
    }

    [Fact]
    public void LeavesMissingFilesAndFoldersUnnamed()
    {
        Assert.Null(ForeignFormatSniffer.SniffFile(models.PathFor("missing.safetensors")));
        Assert.Null(ForeignFormatSniffer.SniffFolder(models.PathFor("missing")));
        Assert.Null(ForeignFormatSniffer.SniffFile(ForeignFolders.Folder(models, "a-folder")));
    }

    [Fact]
    public void NamesAHuggingFaceFolderOfSafetensorsShards()
    {
        byte[] shard = ForeignFiles.Safetensors(ForeignFiles.LlamaTensors);
        string folder = ForeignFolders.Folder(models, "Llama-2-13b-chat-norwegian",
            ("config.json", ForeignFiles.LlamaConfig()), ("generation_config.json", "{}"u8.ToArray()),
            ("model-00001-of-00002.safetensors", shard), ("model-00002-of-00002.safetensors", shard),
            ("model.safetensors.index.json", "{\"weight_map\": {}}"u8.ToArray()), ("tokenizer.model", new byte[16]));

        ForeignModel? found = ForeignFormatSniffer.SniffFolder(folder);

        Assert.Equal(ForeignFormat.HuggingFaceFolder, found?.Format);
        Assert.Contains("2 safetensors files", found!.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void NamesAHuggingFaceFolderOfPytorchShards()
    {
        string folder = ForeignFolders.Folder(models, "hf-bin",
            ("config.json", ForeignFiles.LlamaConfig()), ("pytorch_model-00001-of-00001.bin", ForeignFiles.TorchZip()));

        Assert.Equal(ForeignFormat.HuggingFaceFolder, ForeignFormatSniffer.SniffFolder(folder)?.Format);
    }

    [Fact]
    public void NamesGptqFoldersByQuantizeConfigByConfigOrByTensors()
    {
        byte[] plain = ForeignFiles.Safetensors(ForeignFiles.LlamaTensors);
        string byQuantizeConfig = ForeignFolders.Folder(models, "gptq-a",
            ("config.json", ForeignFiles.LlamaConfig()), ("quantize_config.json", ForeignFiles.QuantizeConfig), ("model.safetensors", plain));
        string byConfig = ForeignFolders.Folder(models, "gptq-b",
            ("config.json", ForeignFiles.LlamaConfig("gptq")), ("model.safetensors", plain));
        string byTensors = ForeignFolders.Folder(models, "gptq-c",
            ("config.json", ForeignFiles.LlamaConfig()), ("model.safetensors", ForeignFiles.Safetensors(ForeignFiles.GptqTensors)));
        string otherQuantization = ForeignFolders.Folder(models, "awq",
            ("config.json", ForeignFiles.LlamaConfig("awq")), ("model.safetensors", plain));

        Assert.Equal(ForeignFormat.Gptq, ForeignFormatSniffer.SniffFolder(byQuantizeConfig)?.Format);
        Assert.Equal(ForeignFormat.Gptq, ForeignFormatSniffer.SniffFolder(byConfig)?.Format);
        Assert.Equal(ForeignFormat.Gptq, ForeignFormatSniffer.SniffFolder(byTensors)?.Format);
        Assert.Equal(ForeignFormat.HuggingFaceFolder, ForeignFormatSniffer.SniffFolder(otherQuantization)?.Format);
    }

    [Fact]
    public void LeavesFoldersWithoutConfigOrWeightsUnnamed()
    {
        byte[] plain = ForeignFiles.Safetensors(ForeignFiles.LlamaTensors);
        var (gguf, _) = models.Write(new TestModelSpec(), "model.gguf");

        Assert.Null(ForeignFormatSniffer.SniffFolder(ForeignFolders.Folder(models, "weights-only", ("model.safetensors", plain))));
        Assert.Null(ForeignFormatSniffer.SniffFolder(ForeignFolders.Folder(models, "config-only", ("config.json", ForeignFiles.LlamaConfig()))));
        Assert.Null(ForeignFormatSniffer.SniffFolder(Path.GetDirectoryName(gguf)!));
    }

    [Fact]
    public void ToleratesAConfigThatIsNotJson()
    {
        string folder = ForeignFolders.Folder(models, "broken-config",
            ("config.json", "{ \"quantization_config\": "u8.ToArray()), ("model.safetensors", ForeignFiles.Safetensors(ForeignFiles.LlamaTensors)));

        Assert.Equal(ForeignFormat.HuggingFaceFolder, ForeignFormatSniffer.SniffFolder(folder)?.Format);
    }
}
