using System;
using System.Collections.Generic;
using LLama;
using LLama.Native;
using NorwegianLlama.Gguf;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Inference;

/// <summary>
/// One model file's weights, shared by all its cache entries (one per adapter set), and the LoRA adapters
/// loaded onto them. llama.cpp ties an adapter to the model it was loaded for and frees it with that model, so
/// an adapter is loaded once per (weights, adapter file) and lives as long as the weights; only contexts choose
/// which adapters they apply.
/// </summary>
internal sealed class LoadedWeights
{
    private readonly object gate = new();
    private readonly Lazy<ByteTokens> byteTokens;
    private readonly Dictionary<string, LoraAdapter> adapters = new(
        OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

    // Cache entries and loads in progress that hold the weights; the first is whoever loaded them.
    private int users = 1;
    private bool disposed;

    public LoadedWeights(string path, GgufFile header, LLamaWeights weights, bool repacked, TimeSpan loadDuration, int gpuLayers = 0)
    {
        GpuLayers = gpuLayers;
        Path = path;
        Header = header;
        Weights = weights;
        Repacked = repacked;
        byteTokens = new Lazy<ByteTokens>(() => ByteTokens.For(weights.NativeHandle));
        LoadDuration = loadDuration;
    }

    public string Path { get; }

    public GgufFile Header { get; }

    public LLamaWeights Weights { get; }

    /// <summary>Whether llama.cpp was allowed to repack the weights for this CPU (see <see cref="WeightsLoader"/>).</summary>
    public bool Repacked { get; }

    /// <summary>The layers llama.cpp offloaded to the GPU (0 where the platform has no GPU backend).</summary>
    public int GpuLayers { get; }

    /// <summary>The vocabulary's byte-fallback tokens, found once per load on first use.</summary>
    public ByteTokens ByteTokens => byteTokens.Value;

    public TimeSpan LoadDuration { get; }

    /// <summary>Idle contexts of all entries on these weights, within one memory budget.</summary>
    public IdleContexts IdleContexts { get; } = new();

    public bool IsDisposed
    {
        get
        {
            lock (gate)
            {
                return disposed;
            }
        }
    }

    /// <summary>Another holder; false once the weights are gone.</summary>
    public bool TryAddUser()
    {
        lock (gate)
        {
            if (disposed)
            {
                return false;
            }

            users++;
            return true;
        }
    }

    /// <summary>The last holder frees the weights, and with them every adapter loaded onto them.</summary>
    public void ReleaseUser()
    {
        lock (gate)
        {
            if (--users > 0 || disposed)
            {
                return;
            }

            disposed = true;
            adapters.Clear();
            Weights.Dispose();
        }
    }

    /// <summary>
    /// The adapter from <paramref name="path"/>, loaded on first use. Callers serialise loads (the cache's load
    /// lock) and hold the weights meanwhile.
    /// </summary>
    /// <exception cref="LoraLoadException">llama.cpp refused the file.</exception>
    public LoraAdapter GetOrLoadAdapter(string path, out bool loadedNow)
    {
        lock (gate)
        {
            if (adapters.TryGetValue(path, out LoraAdapter? known))
            {
                loadedNow = false;
                return known;
            }
        }

        LoraAdapter adapter;
        try
        {
            adapter = Weights.NativeHandle.LoadLoraFromFile(path);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new LoraLoadException(path, e);
        }

        // LLamaSharp 0.30.0 wraps the null llama.cpp returns for a refused file, and applying that adapter to a
        // context crashes the process (SIGSEGV, measured): refuse it here.
        if (NativePointerOf(adapter) == IntPtr.Zero)
        {
            throw new LoraLoadException(path, new InvalidOperationException("llama_adapter_lora_init returned no adapter."));
        }

        lock (gate)
        {
            adapters[path] = adapter;
        }

        loadedNow = true;
        return adapter;
    }

    /// <summary>
    /// LoraAdapter.Pointer is internal in LLamaSharp 0.30.0; it is the only way to see whether the load worked.
    /// A LLamaSharp without it fails loudly here rather than crashing later.
    /// </summary>
    private static IntPtr NativePointerOf(LoraAdapter adapter)
    {
        System.Reflection.PropertyInfo pointer = typeof(LoraAdapter).GetProperty(
            "Pointer", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)
            ?? throw new InvalidOperationException("This LLamaSharp's LoraAdapter has no Pointer property; the module needs LLamaSharp 0.30.0.");
        return (IntPtr)(pointer.GetValue(adapter) ?? IntPtr.Zero);
    }
}

/// <summary>llama.cpp could not load an adapter; its reason arrives in the native log.</summary>
internal sealed class LoraLoadException(string path, Exception inner) : Exception(InferenceMessages.LoraLoadFailed(path), inner)
{
    public string AdapterPath { get; } = path;
}
