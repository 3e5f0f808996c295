using System;
using System.IO;
using NorwegianLlama.TestModels;

namespace NorwegianLlama.Tests;

/// <summary>Writes generated models into a per-test temporary folder that is removed afterwards.</summary>
public sealed class GeneratedModels : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "norsk-unit-" + Guid.NewGuid().ToString("N"));

    public GeneratedModels() => Directory.CreateDirectory(folder);

    public string PathFor(string name) => Path.Combine(folder, name);

    public (string Path, TestModelSummary Summary) Write(TestModelSpec spec, string name = "model.gguf")
    {
        string path = PathFor(name);
        return (path, TestModelWriter.Write(path, spec));
    }

    public string WriteBytes(byte[] bytes, string name)
    {
        string path = PathFor(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
    }
}
