using System;
using System.Linq;
using NorwegianLlama.Gguf;
using NorwegianLlama.Inference;
using NorwegianLlama.TestModels;
using Xunit;
using WriterType = NorwegianLlama.TestModels.GgufValueType;

namespace NorwegianLlama.Tests;

/// <summary>The adapter checks mirror llama-adapter.cpp: what it refuses, and what would abort the process.</summary>
public sealed class LoraAdapterCheckTests : IDisposable
{
    private static readonly TestModelSpec BaseSpec = new() { Layers = 2, Embedding = 64, FeedForward = 128, Seed = 3 };

    private readonly GeneratedModels files = new();

    public void Dispose() => files.Dispose();

    private GgufFile Model(TestModelSpec? spec = null)
    {
        var (path, _) = files.Write(spec ?? BaseSpec, Guid.NewGuid().ToString("N") + ".gguf");
        return GgufReader.Read(path);
    }

    private GgufFile Adapter(GgufBuilder builder) =>
        GgufReader.Read(files.WriteBytes(builder.ToArray(), Guid.NewGuid().ToString("N") + ".gguf"));

    private static GgufBuilder AdapterBuilder(TestAdapterSpec? spec = null, TestModelSpec? model = null) =>
        TestAdapterWriter.CreateBuilder(model ?? BaseSpec, spec ?? new TestAdapterSpec());

    private LoraProblem ProblemOf(GgufBuilder builder, GgufFile? model = null)
    {
        GgufFile adapter = Adapter(builder);
        LoraAdapterLayout? layout = LoraAdapterCheck.Read(adapter, out LoraProblem? problem);
        if (layout is not null)
        {
            problem = LoraAdapterCheck.FindMismatch(layout, model ?? Model());
        }

        return problem ?? throw new Xunit.Sdk.XunitException("Expected a problem, found none.");
    }

    [Theory]
    [InlineData(TestTensorType.F32, 4, 8f)]
    [InlineData(TestTensorType.F16, 8, 16f)]
    [InlineData(TestTensorType.F16, 1, 0f)]
    public void AGeneratedAdapterFitsItsModel(TestTensorType type, int rank, float alpha)
    {
        GgufFile adapter = Adapter(AdapterBuilder(new TestAdapterSpec { TensorType = type, Rank = rank, Alpha = alpha }));

        LoraAdapterLayout? layout = LoraAdapterCheck.Read(adapter, out LoraProblem? problem);

        Assert.Null(problem);
        Assert.NotNull(layout);
        Assert.Equal(rank, layout.Rank);
        Assert.Equal(alpha == 0f ? null : alpha, layout.Alpha);
        Assert.Equal("llama", layout.Architecture);
        Assert.Null(LoraAdapterCheck.FindMismatch(layout, Model()));
    }

    [Fact]
    public void NamesTheTargetsAsPeftDoes()
    {
        GgufFile adapter = Adapter(AdapterBuilder(new TestAdapterSpec { Targets = ["attn_v", "attn_q", "output"] }));

        LoraAdapterLayout layout = LoraAdapterCheck.Read(adapter, out _)!;

        Assert.Equal(["attn_q", "attn_v", "output"], layout.TargetModules);
        Assert.Equal(5, layout.Pairs.Count); // 2 layers × 2 + output
        Assert.Contains(layout.Pairs, p => p.BaseTensor == "blk.1.attn_v.weight");
    }

    [Fact]
    public void TheEmbeddingsFactorsAreFlipped()
    {
        GgufFile adapter = Adapter(AdapterBuilder(new TestAdapterSpec { Targets = ["token_embd"], Rank = 3 }));

        LoraAdapterLayout layout = LoraAdapterCheck.Read(adapter, out LoraProblem? problem)!;

        Assert.Null(problem);
        LoraPair pair = Assert.Single(layout.Pairs);
        Assert.True(pair.IsTokenEmbedding);
        Assert.Equal(3, pair.Rank);
        Assert.Null(LoraAdapterCheck.FindMismatch(layout, Model()));
    }

    [Fact]
    public void AModelIsNotAnAdapter()
    {
        GgufFile model = Model();

        Assert.False(LoraAdapterCheck.IsAdapter(model));
        LoraAdapterCheck.Read(model, out LoraProblem? problem);
        Assert.Equal(LoraProblemKind.NotAnAdapter, problem!.Kind);
        Assert.Contains("-ModelPath", problem.Message);
    }

    [Fact]
    public void AnAdapterIsAnAdapter() => Assert.True(LoraAdapterCheck.IsAdapter(Adapter(AdapterBuilder())));

    [Fact]
    public void RefusesOtherAdapterTypes()
    {
        var builder = AdapterBuilder();
        builder.Set("adapter.type", WriterType.String, "control_vector");

        LoraProblem problem = ProblemOf(builder);

        Assert.Equal(LoraProblemKind.UnsupportedAdapterType, problem.Kind);
        Assert.Contains("'control_vector'", problem.Message);
    }

    [Fact]
    public void RefusesActivatedLora()
    {
        var builder = AdapterBuilder();
        builder.SetArray("adapter.alora.invocation_tokens", WriterType.UInt32, new uint[] { 1, 2 });

        Assert.Equal(LoraProblemKind.UnsupportedAdapterType, ProblemOf(builder).Kind);
    }

    // gguf_get_val_str / gguf_get_val_f32 assert the type: these abort llama.cpp (measured, SIGABRT).
    [Theory]
    [InlineData("general.type")]
    [InlineData("general.architecture")]
    [InlineData("adapter.type")]
    public void RefusesKeysThatAreNotStrings(string key)
    {
        var builder = AdapterBuilder();
        builder.Set(key, WriterType.UInt32, 1u);

        LoraProblem problem = ProblemOf(builder);

        Assert.Equal(LoraProblemKind.Malformed, problem.Kind);
        Assert.Contains($"{key} is stored as UInt32", problem.Message);
    }

    [Fact]
    public void RefusesAnAlphaThatIsNotAFloat()
    {
        var builder = AdapterBuilder();
        builder.Set("adapter.lora.alpha", WriterType.UInt32, 8u);

        LoraProblem problem = ProblemOf(builder);

        Assert.Equal(LoraProblemKind.Malformed, problem.Kind);
        Assert.Contains("adapter.lora.alpha", problem.Message);
    }

    [Theory]
    [InlineData("general.architecture")]
    [InlineData("adapter.type")]
    public void RefusesMissingKeys(string key)
    {
        var builder = AdapterBuilder();
        builder.Remove(key);

        LoraProblem problem = ProblemOf(builder);

        Assert.Equal(LoraProblemKind.Malformed, problem.Kind);
        Assert.Contains(key, problem.Message);
    }

    [Fact]
    public void RefusesAnotherArchitecture()
    {
        var builder = AdapterBuilder();
        builder.Set("general.architecture", WriterType.String, "qwen2");

        LoraProblem problem = ProblemOf(builder);

        Assert.Equal(LoraProblemKind.ArchitectureMismatch, problem.Kind);
        Assert.Contains("'qwen2'", problem.Message);
    }

    [Fact]
    public void RefusesAnEmbeddingAdapterForAModelWithATiedOutput()
    {
        // Found by the fuzzer: llama.cpp applies the embedding's factors to the output too, and aborts.
        var tied = new TestModelSpec { Layers = 2, Embedding = 64, FeedForward = 128, TiedOutput = true, Seed = 3 };
        var builder = AdapterBuilder(new TestAdapterSpec { Targets = ["attn_q", "token_embd"] }, tied);

        LoraProblem problem = ProblemOf(builder, Model(tied));

        Assert.Equal(LoraProblemKind.TensorMismatch, problem.Kind);
        Assert.Contains("tied output", problem.Message);
    }

    [Fact]
    public void AcceptsAnEmbeddingAdapterForAModelWithItsOwnOutput()
    {
        GgufFile adapter = Adapter(AdapterBuilder(new TestAdapterSpec { Targets = ["token_embd", "output"] }));
        LoraAdapterLayout? layout = LoraAdapterCheck.Read(adapter, out _);
        Assert.NotNull(layout);
        Assert.Null(LoraAdapterCheck.FindMismatch(layout, Model()));
    }

    [Fact]
    public void RefusesAHalfPair()
    {
        var builder = AdapterBuilder();
        builder.RemoveTensor("blk.0.attn_q.weight.lora_b");

        LoraProblem problem = ProblemOf(builder);

        Assert.Equal(LoraProblemKind.Malformed, problem.Kind);
        Assert.Contains("blk.0.attn_q.weight.lora_a without blk.0.attn_q.weight.lora_b", problem.Message);
    }

    [Fact]
    public void RefusesTensorsThatAreNotFactors()
    {
        var builder = AdapterBuilder();
        builder.AddTensor("blk.0.attn_q.weight", [64, 64], 0, new byte[64 * 64 * 4]);

        Assert.Contains("neither a .lora_a nor a .lora_b", ProblemOf(builder).Message);
    }

    [Fact]
    public void SkipsNormVectorsAsLlamaCppDoes()
    {
        var builder = AdapterBuilder();
        builder.AddTensor("blk.0.attn_norm.weight", [64], 0, new byte[64 * 4]);

        Assert.Null(LoraAdapterCheck.Read(Adapter(builder), out LoraProblem? problem)?.Pairs.FirstOrDefault(p => p.BaseTensor.Contains("norm")));
        Assert.Null(problem);
    }

    [Fact]
    public void RefusesAnAdapterWithoutPairs()
    {
        var builder = AdapterBuilder(new TestAdapterSpec { Targets = ["attn_q"] });
        foreach (string name in builder.TensorNames.ToList())
        {
            builder.RemoveTensor(name);
        }

        Assert.Contains("no .lora_a/.lora_b", ProblemOf(builder).Message);
    }

    [Fact]
    public void RefusesFactorsThatDisagreeOnTheRank()
    {
        var builder = AdapterBuilder();
        builder.RemoveTensor("blk.0.attn_q.weight.lora_b");
        builder.AddTensor("blk.0.attn_q.weight.lora_b", [3, 64], 0, new byte[3 * 64 * 4]);

        LoraProblem problem = ProblemOf(builder);

        Assert.Equal(LoraProblemKind.Malformed, problem.Kind);
        Assert.Contains("disagree on the rank", problem.Message);
    }

    // llama.cpp never compares the embedding factors' ranks; a mismatch aborts in ggml_mul_mat (measured).
    [Fact]
    public void RefusesEmbeddingFactorsThatDisagreeOnTheRank()
    {
        var builder = AdapterBuilder(new TestAdapterSpec { Targets = ["token_embd"] });
        builder.RemoveTensor("token_embd.weight.lora_b");
        builder.AddTensor("token_embd.weight.lora_b", [3, 64], 0, new byte[3 * 64 * 4]);

        Assert.Contains("disagree on the rank", ProblemOf(builder).Message);
    }

    // A 3-D factor aborts llama.cpp (measured).
    [Fact]
    public void RefusesFactorsThatAreNotMatrices()
    {
        var builder = AdapterBuilder();
        builder.RemoveTensor("blk.0.attn_q.weight.lora_a");
        builder.AddTensor("blk.0.attn_q.weight.lora_a", [64, 4, 2], 0, new byte[64 * 4 * 2 * 4]);

        Assert.Contains("a LoRA factor is a matrix", ProblemOf(builder).Message);
    }

    [Fact]
    public void RefusesFactorTypesTheConverterDoesNotWrite()
    {
        var builder = AdapterBuilder();
        builder.RemoveTensor("blk.0.attn_q.weight.lora_a");
        builder.AddTensor("blk.0.attn_q.weight.lora_a", [64, 4], 26, new byte[64 * 4 * 4]); // I32

        Assert.Contains("stored as I32", ProblemOf(builder).Message);
    }

    [Fact]
    public void RefusesATargetTheModelLacks()
    {
        // An adapter for a 3-layer model on a 2-layer one.
        var builder = AdapterBuilder(model: new TestModelSpec { Layers = 3, Seed = 3 });

        LoraProblem problem = ProblemOf(builder);

        Assert.Equal(LoraProblemKind.TensorMismatch, problem.Kind);
        Assert.Contains("blk.2.", problem.Message);
        Assert.Contains("does not have", problem.Message);
    }

    [Fact]
    public void RefusesAnAdapterForAnotherWidth()
    {
        var builder = AdapterBuilder(model: new TestModelSpec { Embedding = 128, FeedForward = 128, Seed = 3 });

        LoraProblem problem = ProblemOf(builder);

        Assert.Equal(LoraProblemKind.TensorMismatch, problem.Kind);
        Assert.Contains("[128, 128] matrix but the model's tensor is [64, 64]", problem.Message);
    }

    [Fact]
    public void RefusesOutputFactorsForATiedModel()
    {
        LoraProblem problem = ProblemOf(AdapterBuilder(), Model(new TestModelSpec { TiedOutput = true, Seed = 3 }));

        Assert.Equal(LoraProblemKind.TensorMismatch, problem.Kind);
        Assert.Contains("output.weight", problem.Message);
    }
}

public sealed class AdapterInfoFactoryTests : IDisposable
{
    private readonly GeneratedModels files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public void DescribesAGeneratedAdapter()
    {
        var spec = new TestModelSpec { Layers = 3 };
        string path = files.WriteBytes(TestAdapterWriter.CreateBuilder(spec, new TestAdapterSpec { Rank = 2, Alpha = 4, Targets = ["attn_q", "attn_v"], TensorType = TestTensorType.F16 }).ToArray(), "a.gguf");

        NorskAdapterInfo info = AdapterInfoFactory.Create(GgufReader.Read(path), path);

        Assert.Equal("lora", info.AdapterType);
        Assert.Equal("llama", info.BaseArchitecture);
        Assert.Equal(4f, info.Alpha);
        Assert.Equal(2, info.Rank);
        Assert.Equal(["attn_q", "attn_v"], info.TargetModules);
        Assert.Equal(6, info.TargetTensorCount);
        Assert.Contains("blk.2.attn_v.weight", info.TargetTensors);
        Assert.Equal("F16", info.TensorType);
        Assert.Equal(12, info.TensorCount);
        Assert.Null(info.Problem);
    }

    [Fact]
    public void DescribesAnUnusableAdapterWithItsProblem()
    {
        var builder = TestAdapterWriter.CreateBuilder(new TestModelSpec(), new TestAdapterSpec { Targets = ["attn_q"] });
        builder.RemoveTensor("blk.1.attn_q.weight.lora_a");
        string path = files.WriteBytes(builder.ToArray(), "half.gguf");

        NorskAdapterInfo info = AdapterInfoFactory.Create(GgufReader.Read(path), path);

        Assert.Contains("without", info.Problem);
        Assert.Null(info.Rank);
        Assert.Equal(["attn_q"], info.TargetModules);
        Assert.Equal(2, info.TargetTensorCount);
    }
}

public sealed class LoraSetTests
{
    [Fact]
    public void OrderDoesNotMatterButScalesDo()
    {
        var ab = new LoraSet([new("/a.gguf", 1f), new("/b.gguf", 0.5f)]);
        var ba = new LoraSet([new("/b.gguf", 0.5f), new("/a.gguf", 1f)]);
        var other = new LoraSet([new("/a.gguf", 1f), new("/b.gguf", 0.25f)]);

        Assert.Equal(ab, ba);
        Assert.Equal(ab.GetHashCode(), ba.GetHashCode());
        Assert.NotEqual(ab, other);
        Assert.NotEqual(LoraSet.None, ab);
        Assert.Equal("/a.gguf", ab.Adapters[0].Path);
    }

    [Fact]
    public void ScaleZeroIsItsOwnEntryNotTheBaseModel()
    {
        Assert.NotEqual(LoraSet.None, new LoraSet([new("/a.gguf", 0f)]));
        Assert.Equal(new LoraSet([new("/a.gguf", 0f)]), new LoraSet([new("/a.gguf", -0f)]));
        Assert.Equal(new LoraSet([new("/a.gguf", 0f)]).GetHashCode(), new LoraSet([new("/a.gguf", -0f)]).GetHashCode());
    }

    [Fact]
    public void RefusesTheSameAdapterTwice() =>
        Assert.Throws<ArgumentException>(() => new LoraSet([new("/a.gguf", 1f), new("/a.gguf", 2f)]));

    [Fact]
    public void SaysWhatItHolds() =>
        Assert.Equal("a.gguf ×1, b.gguf ×0.5", new LoraSet([new("/x/b.gguf", 0.5f), new("/x/a.gguf", 1f)]).ToString());
}
