namespace NorwegianLlama.Inference;

/// <summary>
/// A single prompt is decoded in chunks that start at multiples of <see cref="Size"/>, whatever the cache
/// holds. llama.cpp's results depend slightly on how tokens are grouped into a decode, so fixed grouping is
/// what lets a warm start reproduce a cold run's logits bit for bit.
/// </summary>
internal static class AlignedChunks
{
    public const int Size = 64;

    public static int Floor(int tokens) => tokens / Size * Size;

    /// <summary>Whether a decode must end after the token at <paramref name="position"/>.</summary>
    public static bool EndsAt(int position) => (position + 1) % Size == 0;
}
