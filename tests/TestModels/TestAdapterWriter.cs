using System;
using System.Collections.Generic;

namespace NorwegianLlama.TestModels;

/// <summary>
/// Generates LoRA adapters in llama.cpp's GGUF adapter format for a generated model: general.type "adapter",
/// adapter.type "lora", adapter.lora.alpha, and per adapted weight "&lt;name&gt;.lora_a" [in, r] and
/// "&lt;name&gt;.lora_b" [r, out] (ggml order, ne0 first), which is what llama-adapter.cpp checks against the base
/// tensor [in, out]. token_embd is the exception llama.cpp makes: lora_a [r, vocab], lora_b [r, embd].
/// The same specs always give a byte-identical file.
/// </summary>
public static class TestAdapterWriter
{
    public static TestModelSummary Write(string path, TestModelSpec baseModel, TestAdapterSpec adapter)
    {
        GgufBuilder builder = CreateBuilder(baseModel, adapter);
        builder.WriteFile(path);

        string fullPath = System.IO.Path.GetFullPath(path);
        return new TestModelSummary(
            fullPath,
            new System.IO.FileInfo(fullPath).Length,
            builder.TensorNames.Count,
            builder.ElementCount,
            TestVocabulary.SizeFor(baseModel),
            builder.Keys.Count,
            TestVocabulary.BosId,
            TestVocabulary.EosId,
            TestVocabulary.UnknownId);
    }

    /// <summary>A fully populated builder, so a test can break the adapter before writing it.</summary>
    public static GgufBuilder CreateBuilder(TestModelSpec baseModel, TestAdapterSpec adapter)
    {
        ArgumentNullException.ThrowIfNull(baseModel);
        ArgumentNullException.ThrowIfNull(adapter);
        baseModel.Validate();
        adapter.Validate();

        var builder = new GgufBuilder();
        builder
            .Set("general.architecture", GgufValueType.String, "llama")
            .Set("general.type", GgufValueType.String, "adapter")
            .Set("general.name", GgufValueType.String, adapter.Name)
            .Set(GgufBuilder.AlignmentKey, GgufValueType.UInt32, (uint)builder.Alignment)
            .Set("adapter.type", GgufValueType.String, "lora");
        if (adapter.Alpha > 0f)
        {
            builder.Set("adapter.lora.alpha", GgufValueType.Float32, adapter.Alpha);
        }

        uint type = adapter.TensorType == TestTensorType.F16 ? GgufTensor.F16 : GgufTensor.F32;
        foreach ((string name, long inputs, long outputs) in TargetTensors(baseModel, adapter.Targets))
        {
            long rank = adapter.Rank;
            bool embedding = name == "token_embd.weight";
            // llama.cpp looks rows of lora_a up by token id for the embedding, so its shape is flipped.
            long[] shapeA = embedding ? [rank, outputs] : [inputs, rank];
            long[] shapeB = embedding ? [rank, inputs] : [rank, outputs];
            Add(builder, adapter, type, name + ".lora_a", shapeA, fanIn: embedding ? rank : inputs);
            Add(builder, adapter, type, name + ".lora_b", shapeB, fanIn: rank);
        }

        return builder;
    }

    private static void Add(GgufBuilder builder, TestAdapterSpec adapter, uint type, string name, long[] shape, long fanIn)
    {
        long elements = shape[0] * shape[1];
        int elementSize = TestWeights.ElementSize(type);
        builder.AddTensor(name, shape, type, elements * elementSize,
            stream => TestWeights.WriteRandom(stream, adapter.Seed, name, elements, fanIn, type, adapter.Strength));
    }

    /// <summary>Each target's base tensors with their [in, out] shape, in the base model's tensor order.</summary>
    private static IEnumerable<(string Name, long Inputs, long Outputs)> TargetTensors(TestModelSpec spec, IReadOnlyList<string> targets)
    {
        var wanted = new HashSet<string>(targets, StringComparer.Ordinal);
        long embedding = spec.Embedding;
        long vocabulary = TestVocabulary.SizeFor(spec);
        var perLayer = new (string Module, long Inputs, long Outputs)[]
        {
            ("attn_q", embedding, embedding),
            ("attn_k", embedding, spec.KvEmbedding),
            ("attn_v", embedding, spec.KvEmbedding),
            ("attn_output", embedding, embedding),
            ("ffn_gate", embedding, spec.FeedForward),
            ("ffn_up", embedding, spec.FeedForward),
            ("ffn_down", spec.FeedForward, embedding),
        };

        foreach (string target in wanted)
        {
            bool known = target is "token_embd" or "output" || Array.Exists(perLayer, p => p.Module == target);
            if (!known)
            {
                throw new ArgumentException($"'{target}' is not a weight of a generated model.", nameof(targets));
            }
        }

        if (wanted.Contains("token_embd"))
        {
            yield return ("token_embd.weight", embedding, vocabulary);
        }

        for (int layer = 0; layer < spec.Layers; layer++)
        {
            foreach (var (module, inputs, outputs) in perLayer)
            {
                if (wanted.Contains(module))
                {
                    yield return ($"blk.{layer}.{module}.weight", inputs, outputs);
                }
            }
        }

        if (wanted.Contains("output"))
        {
            // A tied model multiplies by token_embd.weight, whose adapter llama.cpp shapes for the lookup instead.
            if (spec.TiedOutput)
            {
                throw new ArgumentException("A model with a tied output has no output.weight to adapt.", nameof(targets));
            }

            yield return ("output.weight", embedding, vocabulary);
        }
    }
}
