using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using LLama;
using LLama.Common;
using LLama.Native;

namespace NorwegianLlama.Inference.PromptCache;

/// <summary>
/// The prompt cache of one model entry (file and adapters): KV states of prompt prefixes saved to disk, so a
/// new process restores the system prompt instead of reading it again (≈ 16 s on a 13B model on 2 cores).
/// Only prefixes decoded in whole aligned chunks from an empty cache are saved, so a restored prefix holds
/// exactly what a cold run computes and seeded answers stay the same bit for bit.
/// </summary>
internal sealed class PersistedPrefixes(string modelPath, LoraSet loras, bool repacked = true, int gpuLayers = 0)
{
    /// <summary>Longer prefixes are not saved: the file grows with every token (≈ 0.8 MB a token on a 13B model).</summary>
    public const int MaxSavedTokens = 8 * AlignedChunks.Size;

    private static readonly Lazy<string> Runtime = new(DescribeRuntime);

    private readonly object gate = new();
    private readonly Dictionary<ScopeKey, PrefixCacheScope> scopes = new();
    private string? files;
    private DateTime filesCheckedAt;

    /// <summary>The cache for one context shape, or null when the cache is off or the files cannot be read.</summary>
    /// <remarks>
    /// A scope (its identity, and the folder listing it remembers) is made once per shape and kept until the
    /// settings or the model file change, so a warm turn does not hash an identity or list the folder again.
    /// </remarks>
    public PrefixCacheScope? Open(ModelParams parameters)
    {
        var settings = PromptCacheSettings.FromEnvironment();
        if (!settings.Enabled)
        {
            return null;
        }

        lock (gate)
        {
            if (DescribeFiles() is not { } described)
            {
                return null;
            }

            // A GPU computes differently from the CPU; without offload the identity stays as it was, so saved states still match.
            string kvTypes = $"{parameters.TypeK?.ToString() ?? "default"}/{parameters.TypeV?.ToString() ?? "default"}, flash attention {parameters.FlashAttention}{(repacked ? "" : ", not repacked")}{(gpuLayers > 0 ? $", {gpuLayers} layers on the GPU" : "")}";
            var key = new ScopeKey(settings, kvTypes, (int)(parameters.ContextSize ?? 0), parameters.Threads ?? 0, (int)parameters.SeqMax);
            if (!scopes.TryGetValue(key, out PrefixCacheScope? scope))
            {
                var identity = PromptCacheIdentity.For(described, kvTypes, key.ContextSize, key.Threads, Runtime.Value, key.Sequences);
                scope = new PrefixCacheScope(new PromptCacheFolder(settings.Folder, settings.MaxBytes), identity);
                scopes[key] = scope;
            }

            return scope;
        }
    }

    /// <summary>
    /// The files' description, re-read when the model file changes on disk so a replaced model never matches;
    /// the scopes made for the old description go with it.
    /// </summary>
    private string? DescribeFiles()
    {
        try
        {
            DateTime written = File.GetLastWriteTimeUtc(modelPath);
            if (files is null || written != filesCheckedAt)
            {
                files = PromptCacheIdentity.DescribeFiles(modelPath, loras.Adapters);
                filesCheckedAt = written;
                scopes.Clear();
            }

            return files;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>What a scope depends on besides the model files.</summary>
    private readonly record struct ScopeKey(PromptCacheSettings Settings, string KvTypes, int ContextSize, int Threads, int Sequences);

    private static string DescribeRuntime()
    {
        string version = typeof(LLamaWeights).Assembly.GetName().Version?.ToString() ?? "?";
        // The CPU build (AVX-512, AVX2, …) changes the arithmetic, so its states are not interchangeable.
        string system = Marshal.PtrToStringUTF8(NativeApi.llama_print_system_info()) ?? "";
        return $"LLamaSharp {version}; {system}";
    }
}

/// <summary>The prompt cache for one identity (model, adapters, context shape).</summary>
internal sealed class PrefixCacheScope(PromptCacheFolder folder, PromptCacheIdentity identity)
{
    /// <summary>
    /// Restores into sequence 0 the longest saved prefix of <paramref name="prompt"/> longer than
    /// <paramref name="atLeast"/> tokens, cut back to the part the prompt shares. Returns the tokens restored
    /// (0 for none). Sequence 0 is emptied when a restore was tried and failed.
    /// </summary>
    public int TryRestore(SafeLLamaContextHandle context, int[] prompt, int atLeast, out bool sequenceCleared)
    {
        sequenceCleared = false;
        foreach (CacheCandidate candidate in folder.FindCandidates(identity, prompt, atLeast))
        {
            if (folder.Load(candidate.Path, identity) is not { } entry)
            {
                continue;
            }

            context.MemorySequenceRemove(LLamaSeqId.Zero, 0, -1);
            sequenceCleared = true;
            if (SetState(context, entry.Payload))
            {
                context.MemorySequenceRemove(LLamaSeqId.Zero, candidate.UsableTokens, -1);
                PromptCacheFolder.MarkUsed(candidate.Path);
                return candidate.UsableTokens;
            }

            // Checked bytes llama.cpp still refused: a state it cannot use, so it goes.
            context.MemorySequenceRemove(LLamaSeqId.Zero, 0, -1);
            PromptCacheFolder.TryDelete(candidate.Path);
        }

        return 0;
    }

    /// <summary>Sequence 0's KV state, when it holds exactly the prefix to save.</summary>
    public static unsafe byte[] Capture(SafeLLamaContextHandle context)
    {
        byte[] state = new byte[checked((int)context.GetStateSize(LLamaSeqId.Zero))];
        fixed (byte* destination = state)
        {
            nuint written = context.GetState(destination, (nuint)state.Length, LLamaSeqId.Zero);
            return written == (nuint)state.Length ? state : state[..(int)written];
        }
    }

    public bool Save(int[] tokens, byte[] state) =>
        state.Length > 0 && folder.Save(identity, new PromptCacheEntry(identity.Hash, tokens, state));

    /// <summary>Puts a state from <see cref="Capture"/> into sequence 0; false when llama.cpp did not take all of it.</summary>
    public static bool TryRestoreState(SafeLLamaContextHandle context, byte[] state) => SetState(context, state);

    private static unsafe bool SetState(SafeLLamaContextHandle context, byte[] state)
    {
        fixed (byte* source = state)
        {
            return context.SetState(source, (nuint)state.Length, LLamaSeqId.Zero) == (nuint)state.Length;
        }
    }
}
