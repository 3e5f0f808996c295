using System;
using System.Collections.Generic;
using System.IO;

namespace NorwegianLlama.TestModels;

/// <summary>
/// Generates small but real llama GGUF models with seeded random weights, which llama.cpp loads, tokenizes and
/// generates with. The same spec always gives a byte-identical file.
/// </summary>
public static class TestModelWriter
{
    /// <summary>Every token piece of the built-in vocabulary, in id order (a padded one continues after these).</summary>
    public static IReadOnlyList<string> Vocabulary => TestVocabulary.Default.Pieces;

    public static TestModelSummary Write(string path, TestModelSpec spec)
    {
        GgufBuilder builder = CreateBuilder(spec);
        return WriteAndSummarise(builder, path, TestVocabulary.SizeFor(spec));
    }

    /// <summary>Writes a builder's file and says what it holds; every generated model ends here.</summary>
    internal static TestModelSummary WriteAndSummarise(GgufBuilder builder, string path, int vocabularySize)
    {
        builder.WriteFile(path);

        string fullPath = Path.GetFullPath(path);
        return new TestModelSummary(
            fullPath,
            new FileInfo(fullPath).Length,
            builder.TensorNames.Count,
            builder.ElementCount,
            vocabularySize,
            builder.Keys.Count,
            TestVocabulary.BosId,
            TestVocabulary.EosId,
            TestVocabulary.UnknownId);
    }

    /// <summary>A fully populated builder, so a test can alter or remove keys and tensors before writing.</summary>
    public static GgufBuilder CreateBuilder(TestModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();

        var builder = new GgufBuilder();
        LlamaMetadata.Add(builder, spec);
        LlamaTensors.Add(builder, spec);
        return builder;
    }
}
