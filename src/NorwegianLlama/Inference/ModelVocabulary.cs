using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using LLama;
using LLama.Native;
using NorwegianLlama.Prompting;

namespace NorwegianLlama.Inference;

/// <summary>A loaded model's (or vocabulary file's) vocabulary, as the judge of carried answer ids sees it.</summary>
internal sealed class ModelVocabulary : ITokenVocabulary
{
    // Hashing every piece takes one native call per token: once per loaded handle is enough.
    private static readonly ConditionalWeakTable<SafeLlamaModelHandle, string> Fingerprints = new();

    private readonly SafeLlamaModelHandle model;

    private ModelVocabulary(SafeLlamaModelHandle model, string fingerprint)
    {
        this.model = model;
        Fingerprint = fingerprint;
    }

    public string Fingerprint { get; }

    public int Count => model.Vocab.Count;

    public static ModelVocabulary Of(SafeLlamaModelHandle model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new ModelVocabulary(model, Fingerprints.GetValue(model, Compute));
    }

    public string? Decode(IReadOnlyList<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        Span<byte> piece = stackalloc byte[8];
        var decoder = new StreamingTokenDecoder(Encoding.UTF8, model);
        foreach (int id in ids)
        {
            // A control token writes nothing, so ids from a file could hide one behind the right text.
            if (model.TokenToSpan((LLamaToken)id, piece, 0, false) == 0)
            {
                return null;
            }

            decoder.Add(id);
        }

        return decoder.Read();
    }

    /// <summary>Every piece, control tokens spelled out, in id order, hashed.</summary>
    private static string Compute(SafeLlamaModelHandle model)
    {
        var vocabulary = model.Vocab;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[256];
        Span<byte> separator = stackalloc byte[1];
        for (int token = 0; token < vocabulary.Count; token++)
        {
            uint length = model.TokenToSpan((LLamaToken)token, buffer, 0, true);
            if (length > buffer.Length)
            {
                buffer = new byte[length];
                length = model.TokenToSpan((LLamaToken)token, buffer, 0, true);
            }

            hash.AppendData(buffer, 0, (int)length);
            hash.AppendData(separator);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 16));
    }
}
