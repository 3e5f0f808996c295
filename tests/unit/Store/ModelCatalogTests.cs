using NorwegianLlama.Store;
using Xunit;

namespace NorwegianLlama.Tests.Store;

public sealed class ModelCatalogTests
{
    [Theory]
    [InlineData("13b", "Q4_K_M", "Llama-2-13b-chat-norwegian.Q4_K_M.gguf")]
    [InlineData("7b", "f16", "Llama-2-7b-chat-norwegian.f16.gguf")]
    [InlineData("7b", "IQ4_XS", "Llama-2-7b-chat-norwegian.IQ4_XS.gguf")]
    public void NamesTheFileAsTheRepositoryDoes(string name, string quantization, string fileName)
    {
        Assert.Equal(fileName, ModelCatalog.FileName(name, quantization));
    }

    [Fact]
    public void ReadsBackEveryFileItNames()
    {
        foreach (string name in ModelCatalog.Names)
        {
            foreach (string quantization in ModelCatalog.Quantizations)
            {
                Assert.True(ModelCatalog.TryParseFileName(ModelCatalog.FileName(name, quantization), out string readName, out string readQuantization));
                Assert.Equal((name, quantization), (readName, readQuantization));
            }
        }
    }

    [Theory]
    [InlineData("llama-2-13B-CHAT-NORWEGIAN.q5_k_m.GGUF", "13b", "Q5_K_M")]
    [InlineData("Llama-2-7b-chat-norwegian.Q4_0.gguf", "7b", "Q4_0")]
    public void ReadsAnyCaseInTheCataloguesSpellingAndKeepsAnUnlistedQuantization(string fileName, string name, string quantization)
    {
        Assert.True(ModelCatalog.TryParseFileName(fileName, out string readName, out string readQuantization));
        Assert.Equal((name, quantization), (readName, readQuantization));
    }

    [Theory]
    [InlineData("other.gguf")]
    [InlineData("Llama-2-70b-chat-norwegian.Q4_K_M.gguf")]
    [InlineData("Llama-2-13b-chat-norwegian.gguf")]
    [InlineData("Llama-2-13b-chat-norwegian..gguf")]
    [InlineData("Llama-2-13b-chat-norwegian.Q4_K_M.bin")]
    [InlineData("Llama-2-13b-chat-norwegian.Q4_K_M.gguf.partial")]
    [InlineData("Llama-2-13b-chat-norwegian.Q4.K.gguf")]
    [InlineData("Llama-2-13b-chat.Q4_K_M.gguf")]
    [InlineData("x-Llama-2-13b-chat-norwegian.Q4_K_M.gguf")]
    public void RejectsOtherFiles(string fileName)
    {
        Assert.False(ModelCatalog.TryParseFileName(fileName, out _, out _));
    }

    [Fact]
    public void TheDefaultIsInTheCatalogue()
    {
        Assert.Contains(ModelCatalog.DefaultName, ModelCatalog.Names);
        Assert.Contains(ModelCatalog.DefaultQuantization, ModelCatalog.Quantizations);
    }

    [Theory]
    [InlineData("7B", "7b")]
    [InlineData("q8_0", "Q8_0")]
    [InlineData("F16", "f16")]
    [InlineData("Q9", "Q9")]
    public void SpellsValuesAsTheCatalogueDoes(string given, string canonical)
    {
        Assert.Equal(canonical, ModelCatalog.Canonical([.. ModelCatalog.Names, .. ModelCatalog.Quantizations], given));
    }
}
