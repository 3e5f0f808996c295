namespace NorwegianLlama.TestModels;

/// <summary>The ggml k-quant types a Q4_K_M file holds: 256-element super-blocks of a fixed byte size.</summary>
internal static class KQuantType
{
    public const uint Q4K = 12;
    public const uint Q6K = 14;

    public const int BlockElements = 256;

    public static long DataLength(uint ggmlType, long elementCount)
    {
        int bytesPerBlock = ggmlType switch
        {
            Q4K => 144,
            Q6K => 210,
            _ => throw new System.ArgumentOutOfRangeException(nameof(ggmlType), ggmlType, "Not a k-quant type this writer knows."),
        };

        if (elementCount % BlockElements != 0)
        {
            throw new System.ArgumentException($"{elementCount} elements are not a whole number of {BlockElements}-element blocks.", nameof(elementCount));
        }

        return elementCount / BlockElements * bytesPerBlock;
    }
}
