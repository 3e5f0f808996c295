using System;
using System.IO;
using System.Linq;
using NorwegianLlama.Store;
using Xunit;

namespace NorwegianLlama.Tests.Store;

public sealed class ModelStoreCatalogFilesTests : IDisposable
{
    private readonly GeneratedModels folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ListsTheCataloguesFilesOfOneNameWithPartialDownloadsAndNothingElse()
    {
        foreach (string name in new[]
        {
            "Llama-2-13b-chat-norwegian.Q4_K_M.gguf", "Llama-2-13b-chat-norwegian.Q8_0.gguf.partial", "llama-2-13B-chat-norwegian.q5_k_m.gguf",
            "Llama-2-7b-chat-norwegian.Q4_K_M.gguf", "other.gguf", "Llama-2-13b-chat-norwegian.Q4_K_M.txt",
        })
        {
            folder.WriteBytes([1], name);
        }

        string models = Path.GetDirectoryName(folder.PathFor("x"))!;
        var found = ModelStore.ListCatalogFiles(models, "13B").Select(f => (Path.GetFileName(f.File), f.Quantization)).OrderBy(f => f.Item1, StringComparer.Ordinal);

        Assert.Equal(
            [
                ("Llama-2-13b-chat-norwegian.Q4_K_M.gguf", "Q4_K_M"),
                ("Llama-2-13b-chat-norwegian.Q8_0.gguf.partial", "Q8_0"),
                ("llama-2-13B-chat-norwegian.q5_k_m.gguf", "Q5_K_M"),
            ],
            found);
    }

    [Fact]
    public void ListsNothingInAFolderThatDoesNotExist()
    {
        Assert.Empty(ModelStore.ListCatalogFiles(folder.PathFor("missing"), "7b"));
    }
}
