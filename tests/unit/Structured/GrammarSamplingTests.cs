using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using LLama;
using LLama.Common;
using LLama.Native;
using LLama.Sampling;
using NorwegianLlama.Structured;
using NorwegianLlama.TestModels;
using Xunit;

namespace NorwegianLlama.Tests.Structured;

/// <summary>A generated model with a context, for sampling through LLamaSharp's real grammar pipeline.</summary>
public sealed class SamplingModelFixture : IDisposable
{
    private readonly string _folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "norsk-sampling-" + Guid.NewGuid().ToString("N"));

    public SamplingModelFixture()
    {
        QuietNativeLog.Configure();

        Directory.CreateDirectory(_folder);
        Path = System.IO.Path.Combine(_folder, "sampling.gguf");
        TestModelWriter.Write(Path, new TestModelSpec());
        Weights = LLamaWeights.LoadFromFile(new ModelParams(Path) { GpuLayerCount = 0 });
    }

    public string Path { get; }

    public LLamaWeights Weights { get; }

    public void Dispose()
    {
        Weights.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>
/// The grammars the converter writes, driving LLamaSharp's DefaultSamplingPipeline on a real (random-weight)
/// model: every answer ends on its own (end of generation, not the context limit) and validates.
/// </summary>
public sealed class GrammarSamplingTests(SamplingModelFixture model) : IClassFixture<SamplingModelFixture>
{
    private const int ContextSize = 256;

    private (string Text, bool Ended) Generate(string gbnf, uint seed)
    {
        var parameters = new ModelParams(model.Path) { ContextSize = ContextSize, BatchSize = ContextSize, GpuLayerCount = 0, Threads = 1 };
        using LLamaContext context = model.Weights.CreateContext(parameters);
        using var pipeline = new DefaultSamplingPipeline { Grammar = new Grammar(gbnf, "root"), Seed = seed, Temperature = 1.0f };
        var decoder = new StreamingTokenDecoder(Encoding.UTF8, model.Weights);
        SafeLlamaModelHandle.Vocabulary vocabulary = model.Weights.NativeHandle.Vocab;

        LLamaToken[] prompt = model.Weights.Tokenize("Svar med JSON:", true, false, Encoding.UTF8);
        var batch = new LLamaBatch();
        for (int i = 0; i < prompt.Length; i++)
        {
            batch.Add(prompt[i], i, LLamaSeqId.Zero, i == prompt.Length - 1);
        }

        var text = new StringBuilder();
        for (int position = prompt.Length; position < ContextSize; position++)
        {
            Assert.Equal(DecodeResult.Ok, context.Decode(batch));
            LLamaToken token = pipeline.Sample(context.NativeHandle, batch.TokenCount - 1);
            if (token.IsEndOfGeneration(vocabulary))
            {
                return (text.Append(decoder.Read()).ToString(), true);
            }

            decoder.Add(token);
            text.Append(decoder.Read());
            batch.Clear();
            batch.Add(token, position, LLamaSeqId.Zero, true);
        }

        return (text.ToString(), false);
    }

    [Fact]
    public void JaNeiGrammarOnlyEverSaysJaOrNei()
    {
        string gbnf = GbnfGrammar.Parse("root ::= \"ja\" | \"nei\"").Text;
        var answers = new HashSet<string>();
        for (uint seed = 1; seed <= 10; seed++)
        {
            (string text, bool ended) = Generate(gbnf, seed);
            Assert.True(ended, $"seed {seed}: no end of generation after '{text}'");
            answers.Add(text);
        }

        Assert.Subset(new HashSet<string> { "ja", "nei" }, answers);
    }

    [Theory]
    [InlineData("""{"enum":["blåbær","Ærlig \"sitat\"","Tromsø"]}""")]
    [InlineData("""{"type":"object","properties":{"navn":{"type":"string","maxLength":8},"alder":{"type":"integer"},"by":{"enum":["Oslo","Bodø"]},"gift":{"type":"boolean"}},"required":["navn","alder"]}""")]
    [InlineData("""{"type":"array","items":{"anyOf":[{"type":"number"},{"type":"null"}]},"maxItems":4}""")]
    public void ConvertedGrammarsEndAndValidateUnderLlamaSharpsSampler(string schemaJson)
    {
        string gbnf = JsonSchemaGrammar.ToGbnf(schemaJson);
        using JsonDocument schema = JsonDocument.Parse(schemaJson);
        for (uint seed = 1; seed <= 5; seed++)
        {
            (string text, bool ended) = Generate(gbnf, seed);
            Assert.True(ended, $"seed {seed}: no end of generation after '{text}'");
            using JsonDocument answer = JsonDocument.Parse(text);
            List<string> errors = JsonSchemaValidator.Validate(schema.RootElement, answer.RootElement);
            Assert.True(errors.Count == 0, $"seed {seed}: {string.Join("; ", errors)} in {text}");
        }
    }
}
