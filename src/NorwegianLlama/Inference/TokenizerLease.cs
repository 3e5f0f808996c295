using System;
using System.Threading;
using LLama.Native;

namespace NorwegianLlama.Inference;

/// <summary>A use of a model file's tokenizer (a loaded model's, or its cached vocabulary); dispose it when done.</summary>
internal sealed class TokenizerLease : IDisposable
{
    private Action? release;

    internal TokenizerLease(string path, SafeLlamaModelHandle handle, bool loadedNow, Action release)
    {
        Path = path;
        Handle = handle;
        LoadedNow = loadedNow;
        this.release = release;
    }

    /// <summary>The path as the caller gave it.</summary>
    public string Path { get; }

    public SafeLlamaModelHandle Handle { get; }

    /// <summary>True when this call read the vocabulary from the file; false when a cached one served.</summary>
    public bool LoadedNow { get; }

    public void Dispose() => Interlocked.Exchange(ref release, null)?.Invoke();
}
