using System;

namespace NorwegianLlama.Inference;

/// <summary>How many instruction inputs to answer together when the caller does not say.</summary>
internal static class InstructionBatching
{
    /// <summary>Beyond this, a batch mostly adds KV memory (every input keeps its own prompt and answer).</summary>
    public const int MaxDefaultSize = 8;

    /// <summary>
    /// Four inputs per physical core, at most <see cref="MaxDefaultSize"/>. Measured on 2 physical cores with a
    /// 13B-shaped Q4_K_M file, 8 one-sentence documents and 16-token answers: generating 4 or 8 answers
    /// together wrote 2.06× and 1.98× the tokens a second of one after another, so generation saturates at
    /// about the cores' worth of arithmetic well before 4 per core; end to end, 8 at once still took 0.727× the
    /// one-after-another time against 0.792× for 4, because a larger group reads its prompts in fewer, fuller
    /// decodes. Only that 2-core machine was measured; the cap keeps many-core machines from paying memory for
    /// a gain nobody has seen.
    /// </summary>
    public static int DefaultSize(int physicalCores) => Math.Clamp(4 * Math.Max(1, physicalCores), 1, MaxDefaultSize);
}
