using System;
using System.Collections.Generic;
using LLama;
using LLama.Common;
using LLama.Native;
using NorwegianLlama.Gguf;
using NorwegianLlama.Inference.HugePages;
using NorwegianLlama.Inference.PromptCache;

namespace NorwegianLlama.Inference;

/// <summary>
/// Warm llama.cpp contexts of one model, each remembering the tokens in its KV cache. A call whose prompt
/// starts with tokens already there (the system prompt, earlier turns, an instruction) decodes only the
/// rest: on 2 cores a 13B model reads ~9 prompt tokens a second, so this is most of a turn's wait. Batch
/// contexts (several sequences) are pooled the same way, keeping in sequence 0 the prefix their prompts
/// shared, which is what the next batch of the same instruction starts from. A pool
/// belongs to one cache entry, so every context in it has the same LoRA adapters applied and a prefix is only
/// ever reused under the adapters it was computed with. The pools of one model file keep their idle
/// contexts in one shared list and one memory budget, so a second adapter set does not double the KV memory
/// held while idle.
/// </summary>
internal sealed class ContextPool : IDisposable
{
    // Idle contexts are kept within this much KV memory; at least one is always kept.
    private const long IdleBudgetBytes = 2L << 30;
    private const int MaxIdle = 4;

    private readonly IdleContexts shared;
    private readonly KvCacheShape kvShape;
    private readonly (LoraAdapter Adapter, float Scale)[] adapters;
    private readonly PersistedPrefixes? persisted;
    private bool disposed;

    /// <param name="shared">The idle list of every pool on the same weights.</param>
    /// <param name="persisted">The on-disk prompt cache of this entry, which a context with nothing to reuse starts from.</param>
    public ContextPool(GgufFile header, (LoraAdapter Adapter, float Scale)[] adapters, IdleContexts shared, PersistedPrefixes? persisted = null)
    {
        kvShape = KvCacheShape.From(header);
        this.adapters = adapters;
        this.shared = shared;
        this.persisted = persisted;
    }

    /// <summary>A context with <paramref name="adapters"/> applied for its whole life (llama.cpp keeps them per context).</summary>
    public static LLamaContext CreateWithAdapters(LLamaWeights weights, ModelParams parameters, (LoraAdapter Adapter, float Scale)[] adapters)
    {
        LLamaContext context;
        // llama.cpp clears the KV cache right after allocating it, with no hook in between.
        using (HugePageAdvisor.Watch())
        {
            context = weights.CreateContext(parameters);
        }

        if (adapters.Length > 0)
        {
            try
            {
                context.NativeHandle.SetLoraAdapters(adapters.AsSpan());
            }
            catch
            {
                context.Dispose();
                throw;
            }
        }

        return context;
    }

    /// <summary>
    /// The idle context sharing the longest prefix with <paramref name="prompt"/> (or a new one), with its
    /// KV cache cut back to that prefix. At least the prompt's last token is always left to decode, since
    /// sampling needs that token's logits.
    /// </summary>
    /// <param name="prompt">
    /// The tokens sequence 0 is to hold. For a batch: the prefix all its prompts share, then one more token of
    /// the first prompt, so exactly the shared prefix is reusable.
    /// </param>
    /// <param name="reproducible">
    /// Reuse only tokens decoded exactly as a cold run decodes them (whole aligned chunks of prompt), so a
    /// seeded answer does not depend on what the cache happened to hold.
    /// </param>
    /// <param name="cellsNeeded">The prompt and the longest answer: a single answer's context is grown to hold them.</param>
    public RentedContext Rent(LLamaWeights weights, string modelPath, int[] prompt, ContextShape shape, bool reproducible, long cellsNeeded = 0)
    {
        int cells = CellsFor(shape, cellsNeeded);
        PooledContext? best = null;
        int bestShared = -1;
        lock (shared.Gate)
        {
            foreach ((ContextPool owner, PooledContext candidate) in shared.Items)
            {
                // Another pool's context has other adapters: its KV cache is not this entry's. One of other KV cache
                // types holds other numbers for the same tokens.
                if (owner == this && candidate.Shape.CanServe(shape))
                {
                    int reusable = Reusable(candidate, prompt, reproducible);
                    if (reusable > bestShared)
                    {
                        (best, bestShared) = (candidate, reusable);
                    }
                }
            }

            if (best is not null)
            {
                shared.Items.RemoveAll(item => item.Context == best);
            }
        }

        if (best is null)
        {
            best = Create(weights, modelPath, shape, cells);
            bestShared = 0;
        }

        int reused = bestShared;
        best.Context.NativeHandle.MemorySequenceRemove(LLamaSeqId.Zero, reused, -1);
        best.Tokens.RemoveRange(reused, best.Tokens.Count - reused);
        best.CanonicalTokens = Math.Min(best.CanonicalTokens, reused);
        if (best.Cells < cells)
        {
            best = Grow(weights, modelPath, best, cells);
            reused = best.Tokens.Count;
            bestShared = reused;
        }

        PrefixCacheScope? scope = persisted?.Open(best.Shape.Parameters(modelPath));
        int saveTarget = 0;
        if (scope is not null)
        {
            reused = RestorePersisted(scope, best, prompt, reused);
            // Only a context that had nothing to reuse saves: at most one write per cold start, not one per turn.
            int target = AlignedChunks.Floor(Math.Min(prompt.Length - 1, PersistedPrefixes.MaxSavedTokens));
            if (bestShared == 0 && target > reused && target >= AlignedChunks.Size)
            {
                saveTarget = target;
            }
        }

        return new RentedContext(this, best, reused, saveTarget > 0 ? scope : null, saveTarget);
    }

    /// <summary>
    /// Makes a context of <paramref name="shape"/> and parks it idle, so the first call of that shape does not
    /// wait for the KV cache to be allocated. False when an idle one of that shape was already there.
    /// </summary>
    public bool Prepare(LLamaWeights weights, string modelPath, ContextShape shape)
    {
        lock (shared.Gate)
        {
            if (shared.Items.Exists(item => item.Owner == this && item.Context.Shape == shape))
            {
                return false;
            }
        }

        Return(Create(weights, modelPath, shape, CellsFor(shape, 0)), reusable: true);
        return true;
    }

    /// <summary>What a single answer's context starts with; a batch's is sized to its batch already.</summary>
    public static int CellsFor(ContextShape shape, long cellsNeeded) =>
        shape.Sequences == 1 ? ContextCapacity.Now(cellsNeeded, shape.ContextSize) : shape.ContextSize;

    /// <summary>The KV cache of <paramref name="cells"/> cells of <paramref name="shape"/>, in bytes (llama.cpp's own buffers excluded).</summary>
    public long KvBytes(ContextShape shape, int cells) => kvShape.Bytes(shape.KvCache, cells);

    private PooledContext Create(LLamaWeights weights, string modelPath, ContextShape shape, int cells) =>
        new(CreateWithAdapters(weights, shape.Parameters(modelPath, cells), adapters), shape, cells);

    /// <summary>
    /// A larger context holding what <paramref name="small"/> held: its sequence's KV state copied over, so the
    /// reuse survives. The small one is freed first when there is nothing to copy.
    /// </summary>
    private PooledContext Grow(LLamaWeights weights, string modelPath, PooledContext small, int cells)
    {
        byte[]? state = small.Tokens.Count > 0 ? PrefixCacheScope.Capture(small.Context.NativeHandle) : null;
        small.Context.Dispose();
        PooledContext grown = Create(weights, modelPath, small.Shape, cells);
        if (state is not null && PrefixCacheScope.TryRestoreState(grown.Context.NativeHandle, state))
        {
            grown.Tokens.AddRange(small.Tokens);
            grown.CanonicalTokens = small.CanonicalTokens;
        }
        else
        {
            grown.Context.NativeHandle.MemorySequenceRemove(LLamaSeqId.Zero, 0, -1);
        }

        return grown;
    }

    /// <summary>Restores a longer prefix than the context holds from disk, if one is saved; the tokens now reusable.</summary>
    private static int RestorePersisted(PrefixCacheScope scope, PooledContext context, int[] prompt, int reused)
    {
        int restored = scope.TryRestore(context.Context.NativeHandle, prompt, reused, out bool cleared);
        if (restored > 0)
        {
            context.Tokens.Clear();
            context.Tokens.AddRange(prompt.AsSpan(0, restored));
            // Saved only from whole aligned chunks decoded from nothing: what a cold run computes.
            context.CanonicalTokens = restored;
            return restored;
        }

        if (cleared)
        {
            context.Tokens.Clear();
            context.CanonicalTokens = 0;
            return 0;
        }

        return reused;
    }

    public void Dispose()
    {
        lock (shared.Gate)
        {
            disposed = true;
            foreach ((ContextPool owner, PooledContext context) in shared.Items)
            {
                if (owner == this)
                {
                    context.Context.Dispose();
                }
            }

            shared.Items.RemoveAll(item => item.Owner == this);
        }
    }

    internal void Return(PooledContext context, bool reusable)
    {
        lock (shared.Gate)
        {
            // A batch's context is kept only if it fits the idle budget by itself: it can be far larger than a
            // single answer's, and keeping it would push every other idle context out.
            if (disposed || !reusable || (context.Shape.Sequences > 1 && KvBytes(context.Shape, context.Cells) > IdleBudgetBytes))
            {
                context.Context.Dispose();
                return;
            }

            // The least recently used go first, whichever entry they belong to.
            shared.Items.Insert(0, (this, context));
            long perContext = Math.Max(1, KvBytes(context.Shape, context.Cells));
            int keep = (int)Math.Clamp(IdleBudgetBytes / perContext, 1, MaxIdle);
            while (shared.Items.Count > keep)
            {
                shared.Items[^1].Context.Context.Dispose();
                shared.Items.RemoveAt(shared.Items.Count - 1);
            }
        }
    }

    /// <summary>
    /// How many cached tokens the prompt can start from. At least its last token is always left to decode,
    /// since sampling needs that token's logits.
    /// </summary>
    private static int Reusable(PooledContext candidate, int[] prompt, bool reproducible)
    {
        int shared = Math.Min(CommonPrefix(candidate.Tokens, prompt), prompt.Length - 1);
        return reproducible ? AlignedChunks.Floor(Math.Min(shared, candidate.CanonicalTokens)) : shared;
    }

    private static int CommonPrefix(List<int> cached, int[] prompt)
    {
        int length = Math.Min(cached.Count, prompt.Length);
        int shared = 0;
        while (shared < length && cached[shared] == prompt[shared])
        {
            shared++;
        }

        return shared;
    }
}

/// <summary>The idle contexts of every cache entry on one model's weights, most recently used first.</summary>
internal sealed class IdleContexts
{
    public object Gate { get; } = new();

    public List<(ContextPool Owner, PooledContext Context)> Items { get; } = new();
}

/// <summary>A context with the tokens its KV cache holds for sequence 0 (the only sequence it keeps between uses).</summary>
/// <param name="cells">The KV cells allocated: up to the shape's context size.</param>
internal sealed class PooledContext(LLamaContext context, ContextShape shape, int cells)
{
    public LLamaContext Context { get; } = context;

    public ContextShape Shape { get; } = shape;

    public int Cells { get; } = cells;

    public List<int> Tokens { get; } = new();

    /// <summary>Leading tokens decoded in whole aligned chunks on top of nothing but such chunks: what a cold run would compute.</summary>
    public int CanonicalTokens { get; set; }
}

/// <summary>A context lent to one generation; returned to the pool only when its KV cache is known good.</summary>
/// <param name="prefixCache">Where to save the first <paramref name="saveTarget"/> prompt tokens' state, or null.</param>
internal sealed class RentedContext(ContextPool pool, PooledContext pooled, int reusedTokens, PrefixCacheScope? prefixCache = null, int saveTarget = 0) : IDisposable
{
    private bool succeeded;
    private byte[]? captured;

    public LLamaContext Context => pooled.Context;

    public int Cells => pooled.Cells;

    /// <summary>Prompt tokens already in the KV cache, not decoded again.</summary>
    public int ReusedTokens { get; } = reusedTokens;

    /// <summary>
    /// How many prompt tokens to save to the prompt cache (0: none). They must be decoded in aligned chunks,
    /// and <see cref="PrefixDecoded"/> told when exactly they are in the KV cache.
    /// </summary>
    public int SaveTarget => prefixCache is null ? 0 : saveTarget;

    /// <summary>Takes the prefix's state when the KV cache holds exactly <see cref="SaveTarget"/> tokens; it is written only if the generation succeeds.</summary>
    public void PrefixDecoded(int tokensInCache)
    {
        if (prefixCache is not null && tokensInCache == saveTarget && captured is null)
        {
            captured = PrefixCacheScope.Capture(pooled.Context.NativeHandle);
        }
    }

    /// <summary>Records what the KV cache now holds; without it the context is discarded on return.</summary>
    /// <param name="alignedThrough">How many leading prompt tokens were decoded in aligned chunks.</param>
    public void Succeeded(IEnumerable<int> tokensInCache, int[] prompt, int alignedThrough)
    {
        pooled.Tokens.Clear();
        pooled.Tokens.AddRange(tokensInCache);
        // Aligned decoding that started on a canonical boundary makes every whole chunk of it canonical too;
        // otherwise nothing past where it started can be.
        bool startedCanonical = alignedThrough > ReusedTokens && ReusedTokens == pooled.CanonicalTokens && AlignedChunks.Floor(ReusedTokens) == ReusedTokens;
        pooled.CanonicalTokens = startedCanonical
            ? AlignedChunks.Floor(Math.Min(prompt.Length, alignedThrough))
            : AlignedChunks.Floor(pooled.CanonicalTokens);
        succeeded = true;
        if (captured is not null && startedCanonical && prefixCache is not null)
        {
            prefixCache.Save(prompt[..saveTarget], captured);
        }

        captured = null;
    }

    public void Dispose() => pool.Return(pooled, succeeded);
}
