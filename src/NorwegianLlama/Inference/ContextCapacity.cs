using System;

namespace NorwegianLlama.Inference;

/// <summary>
/// How many KV cells a single answer's context allocates. A 13B model's f16 cache costs 0.8 MB a cell, so a
/// 4,096-token context is 3.2 GB, most of it unused by a short chat. A context starts at what its call needs and
/// doubles when a later call needs more, keeping what it holds, up to the context size asked for. The answers are
/// the same at any capacity: llama.cpp attends over the cells in use (rounded up to 256), not the whole cache.
/// $env:NORSK_CONTEXT_GROWTH = '0' allocates the whole context size at once, as llama.cpp's own tools do, for
/// whoever would rather meet a lack of memory at the start than halfway through a long conversation.
/// </summary>
internal static class ContextCapacity
{
    public const int Smallest = 1024;

    public const string GrowthVariable = "NORSK_CONTEXT_GROWTH";

    /// <summary>The cells to allocate now: <see cref="For"/> unless growth is switched off.</summary>
    public static int Now(long needed, int contextSize) =>
        EnvironmentSwitch.IsOnFor(GrowthVariable) ? For(needed, contextSize) : contextSize;

    /// <param name="needed">The call's prompt and its longest answer.</param>
    /// <param name="contextSize">The context size asked for: never more than this.</param>
    public static int For(long needed, int contextSize)
    {
        int cells = Math.Min(Smallest, contextSize);
        while (cells < needed && cells < contextSize)
        {
            cells = (int)Math.Min(2L * cells, contextSize);
        }

        return cells;
    }
}
