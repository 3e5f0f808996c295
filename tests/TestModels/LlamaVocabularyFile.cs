using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace NorwegianLlama.TestModels;

/// <summary>
/// A complete SentencePiece vocabulary read from JSON (<c>{"source": …, "tokens": [...], "scores": [...],
/// "types": [...]}</c>, types as llama.cpp's token types), such as the real Llama-2 vocabulary that the benchmark
/// exports from a tokenizer package. System.Text.Json comes with .NET, so this assembly stays free of packages.
/// </summary>
public sealed class LlamaVocabularyFile
{
    private LlamaVocabularyFile(string source, string[] tokens, float[] scores, int[] types)
    {
        Source = source;
        Tokens = tokens;
        Scores = scores;
        Types = types;
    }

    /// <summary>Where the vocabulary came from, as the exporter named it.</summary>
    public string Source { get; }

    public IReadOnlyList<string> Tokens { get; }

    public IReadOnlyList<float> Scores { get; }

    public IReadOnlyList<int> Types { get; }

    public static LlamaVocabularyFile Read(string path)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
        JsonElement root = document.RootElement;
        string source = root.TryGetProperty("source", out JsonElement named) ? named.GetString() ?? "" : "";
        string[] tokens = Array.ConvertAll(Elements(root, "tokens"), element => element.GetString() ?? throw new InvalidDataException("A token is null."));
        float[] scores = Array.ConvertAll(Elements(root, "scores"), element => element.GetSingle());
        int[] types = Array.ConvertAll(Elements(root, "types"), element => element.GetInt32());
        if (scores.Length != tokens.Length || types.Length != tokens.Length)
        {
            throw new InvalidDataException($"'{path}' has {tokens.Length} tokens, {scores.Length} scores and {types.Length} types.");
        }

        // The writer's bos/eos/unknown ids and llama.cpp's byte fallback assume SentencePiece's usual first ids.
        if (tokens.Length < 259 || tokens[TestVocabulary.UnknownId] != "<unk>" || tokens[TestVocabulary.BosId] != "<s>" ||
            tokens[TestVocabulary.EosId] != "</s>" || tokens[3] != "<0x00>" || tokens[258] != "<0xFF>")
        {
            throw new InvalidDataException($"'{path}' does not start with <unk>, <s>, </s> and the 256 byte tokens.");
        }

        return new LlamaVocabularyFile(source, tokens, scores, types);
    }

    private static JsonElement[] Elements(JsonElement root, string name)
    {
        var elements = new List<JsonElement>();
        foreach (JsonElement element in root.GetProperty(name).EnumerateArray())
        {
            elements.Add(element);
        }

        return elements.ToArray();
    }
}
