using System;
using System.Collections.Generic;

namespace NorwegianLlama.TestModels;

/// <summary>
/// A LoRA adapter for a generated model, in llama.cpp's GGUF adapter format (what convert_lora_to_gguf.py
/// writes). The defaults change a generated model's greedy answer at scale 1.
/// </summary>
public sealed class TestAdapterSpec
{
    public string Name { get; init; } = "norsk-test-lora";

    /// <summary>The rank r: lora_a is [in, r] and lora_b is [r, out] in ggml order.</summary>
    public int Rank { get; init; } = 4;

    /// <summary>adapter.lora.alpha; llama.cpp scales each product by alpha / rank. 0 leaves the key out (scale 1).</summary>
    public float Alpha { get; init; } = 8f;

    /// <summary>
    /// The base tensors' short names (attn_q, attn_k, attn_v, attn_output, ffn_gate, ffn_up, ffn_down, output,
    /// token_embd); every layer's tensor of that name is adapted.
    /// </summary>
    public IReadOnlyList<string> Targets { get; init; } = ["attn_q", "attn_v", "ffn_down", "output"];

    public TestTensorType TensorType { get; init; } = TestTensorType.F32;

    public int Seed { get; init; } = 7;

    /// <summary>
    /// Values are uniform in ±Strength/sqrt(fan-in). Well above a trained adapter's, so a change shows even in
    /// a random model's greedy output.
    /// </summary>
    public float Strength { get; init; } = 4f;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Name, nameof(Name));
        ArgumentNullException.ThrowIfNull(Targets, nameof(Targets));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Rank, nameof(Rank));
        if (!float.IsFinite(Alpha) || Alpha < 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Must be finite and not negative.");
        }

        if (!float.IsFinite(Strength))
        {
            throw new ArgumentOutOfRangeException(nameof(Strength), Strength, "Must be finite.");
        }

        if (Targets.Count == 0)
        {
            throw new ArgumentException("An adapter needs at least one target.", nameof(Targets));
        }
    }
}
