using System.Collections.Generic;

namespace NorwegianLlama.Gguf;

/// <summary>Everything in a GGUF file before its tensor data.</summary>
internal sealed class GgufFile
{
    public required uint Version { get; init; }
    public required long FileSize { get; init; }
    public required int Alignment { get; init; }
    public required long DataOffset { get; init; }

    /// <summary>Keys in file order.</summary>
    public required IReadOnlyList<KeyValuePair<string, GgufValue>> Metadata { get; init; }

    public required IReadOnlyList<GgufTensorInfo> Tensors { get; init; }

    private Dictionary<string, GgufValue>? byKey;

    public GgufValue? Find(string key)
    {
        byKey ??= BuildIndex();
        return byKey.TryGetValue(key, out GgufValue? value) ? value : null;
    }

    public long? FindInteger(string key) => Find(key)?.AsInteger();

    public string? FindString(string key) => Find(key)?.AsString();

    /// <summary>The context length the model was trained for, from its architecture's key.</summary>
    public long? TrainedContextLength => FindInteger($"{FindString("general.architecture")}.context_length");

    private Dictionary<string, GgufValue> BuildIndex()
    {
        var index = new Dictionary<string, GgufValue>(Metadata.Count);
        foreach (KeyValuePair<string, GgufValue> pair in Metadata)
        {
            index[pair.Key] = pair.Value;
        }

        return index;
    }
}
