using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Numerics;

namespace NorwegianLlama.TestModels;

/// <summary>
/// Low-level GGUF v3 writer: arbitrary metadata and tensors, written in insertion order. Values are validated
/// against their declared type when set, but nothing checks that the result is a model llama.cpp accepts, so
/// tests can build deliberately broken files.
/// </summary>
public sealed class GgufBuilder
{
    internal const string AlignmentKey = "general.alignment";

    private readonly List<GgufEntry> _entries = new();
    private readonly List<GgufTensor> _tensors = new();
    private int _alignment = 32;

    /// <summary>
    /// Alignment of the data section and of every tensor offset. Changing it also updates an existing
    /// general.alignment key, because a file whose key disagrees with its layout cannot be read. Setting the key
    /// directly leaves the layout alone, which is how a test writes a file that lies about its alignment.
    /// </summary>
    public int Alignment
    {
        get => _alignment;
        set
        {
            if (value <= 0 || !BitOperations.IsPow2(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "GGUF alignment must be a positive power of two.");
            }

            _alignment = value;
            if (ContainsKey(AlignmentKey))
            {
                Set(AlignmentKey, GgufValueType.UInt32, (uint)value);
            }
        }
    }

    public IReadOnlyList<string> Keys => _entries.ConvertAll(entry => entry.Key);

    public IReadOnlyList<string> TensorNames => _tensors.ConvertAll(tensor => tensor.Name);

    internal long ElementCount
    {
        get
        {
            long count = 0;
            foreach (GgufTensor tensor in _tensors)
            {
                count += tensor.ElementCount;
            }

            return count;
        }
    }

    /// <summary>Sets a scalar value; an existing key keeps its position, so replacing a value does not reorder the file.</summary>
    public GgufBuilder Set(string key, GgufValueType type, object value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!GgufValues.IsScalar(type))
        {
            throw new ArgumentException($"{type} is not a scalar type; use {nameof(SetArray)} for arrays.", nameof(type));
        }

        Upsert(new GgufEntry(key, type, type, GgufValues.Normalize(type, value)));
        return this;
    }

    /// <summary>Sets an array of scalars; nested arrays are valid GGUF but nothing in llama.cpp needs them.</summary>
    public GgufBuilder SetArray(string key, GgufValueType elementType, IList values)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(values);
        if (!GgufValues.IsScalar(elementType))
        {
            throw new ArgumentException($"Array elements must be scalars, not {elementType}.", nameof(elementType));
        }

        var elements = new object[values.Count];
        for (int i = 0; i < elements.Length; i++)
        {
            object element = values[i] ?? throw new ArgumentException($"Element {i} is null.", nameof(values));
            elements[i] = GgufValues.Normalize(elementType, element);
        }

        Upsert(new GgufEntry(key, GgufValueType.Array, elementType, elements));
        return this;
    }

    public bool Remove(string key) => _entries.RemoveAll(entry => entry.Key == key) > 0;

    public bool ContainsKey(string key) => _entries.Exists(entry => entry.Key == key);

    /// <summary>
    /// Adds a tensor. <paramref name="shape"/> lists ne0 (the contiguous dimension) first. For F32 (0) and F16 (1)
    /// the data length is checked against the shape; other ggml types are written as given.
    /// </summary>
    public GgufBuilder AddTensor(string name, long[] shape, uint ggmlType, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        byte[] copy = (byte[])data.Clone();
        return AddTensor(name, shape, ggmlType, copy.LongLength, stream => stream.Write(copy));
    }

    /// <summary>
    /// Adds a tensor whose data is produced only when the file is written, so a model of gigabytes streams to
    /// disk instead of being built in memory. <paramref name="writeData"/> must write exactly
    /// <paramref name="dataLength"/> bytes, and the same bytes every time it is called (the file may be written
    /// more than once). Shape and length are checked as for the byte[] overload.
    /// </summary>
    public GgufBuilder AddTensor(string name, long[] shape, uint ggmlType, long dataLength, Action<Stream> writeData)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(writeData);
        ArgumentOutOfRangeException.ThrowIfNegative(dataLength);

        // GGML_MAX_DIMS is 4; llama.cpp rejects anything larger.
        if (shape.Length is 0 or > 4)
        {
            throw new ArgumentException("A tensor has 1 to 4 dimensions.", nameof(shape));
        }

        if (Array.Exists(shape, dimension => dimension <= 0))
        {
            throw new ArgumentException("Every dimension must be positive.", nameof(shape));
        }

        if (_tensors.Exists(tensor => tensor.Name == name))
        {
            throw new ArgumentException($"Tensor '{name}' already exists; remove it first to replace it.", nameof(name));
        }

        var tensor = new GgufTensor(name, (long[])shape.Clone(), ggmlType, dataLength, writeData);
        if (GgufTensor.ElementSize(ggmlType) is int elementSize && dataLength != tensor.ElementCount * elementSize)
        {
            throw new ArgumentException(
                $"Tensor '{name}' needs {tensor.ElementCount * elementSize} bytes for its shape, got {dataLength}.",
                nameof(dataLength));
        }

        _tensors.Add(tensor);
        return this;
    }

    /// <summary>
    /// Adds a tensor whose <paramref name="dataLength"/> bytes are left as a hole: the writer seeks past them, so
    /// on a file system with sparse files a model of gigabytes takes almost no disk and reads back as zeros. Needs
    /// a seekable stream (<see cref="WriteFile"/> gives one).
    /// </summary>
    public GgufBuilder AddSparseTensor(string name, long[] shape, uint ggmlType, long dataLength) =>
        AddTensor(name, shape, ggmlType, dataLength, stream => stream.Seek(dataLength, SeekOrigin.Current));

    public bool RemoveTensor(string name) => _tensors.RemoveAll(tensor => tensor.Name == name) > 0;

    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        GgufSerializer.Write(stream, _alignment, _entries, _tensors);
    }

    public byte[] ToArray()
    {
        using var stream = new MemoryStream();
        Write(stream);
        return stream.ToArray();
    }

    /// <summary>
    /// Writes to a temporary file beside <paramref name="path"/> and then moves it into place, so a reader never
    /// sees a half-written model, even when several tests share one path.
    /// </summary>
    public void WriteFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException("The path has no directory.", nameof(path));
        Directory.CreateDirectory(directory);

        string temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Write(stream);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private void Upsert(GgufEntry entry)
    {
        int index = _entries.FindIndex(existing => existing.Key == entry.Key);
        if (index >= 0)
        {
            _entries[index] = entry;
        }
        else
        {
            _entries.Add(entry);
        }
    }
}
