using System;
using System.Numerics;

namespace NorwegianLlama.TestModels;

/// <summary>
/// Converts caller-supplied objects to the exact CLR type of each GGUF value type when they are set, so a wrong
/// type or an out-of-range number fails at the call that caused it rather than when the file is written.
/// </summary>
internal static class GgufValues
{
    public static bool IsScalar(GgufValueType type) => type is >= GgufValueType.UInt8 and <= GgufValueType.Float64 and not GgufValueType.Array;

    public static object Normalize(GgufValueType type, object value) => type switch
    {
        GgufValueType.UInt8 => Integer<byte>(type, value),
        GgufValueType.Int8 => Integer<sbyte>(type, value),
        GgufValueType.UInt16 => Integer<ushort>(type, value),
        GgufValueType.Int16 => Integer<short>(type, value),
        GgufValueType.UInt32 => Integer<uint>(type, value),
        GgufValueType.Int32 => Integer<int>(type, value),
        GgufValueType.UInt64 => Integer<ulong>(type, value),
        GgufValueType.Int64 => Integer<long>(type, value),
        GgufValueType.Float32 => value switch
        {
            float f => f,
            double d => (float)d,
            Half h => (float)h,
            _ => (float)ToInt128(type, value),
        },
        GgufValueType.Float64 => value switch
        {
            double d => d,
            float f => (double)f,
            Half h => (double)h,
            _ => (double)ToInt128(type, value),
        },
        GgufValueType.Bool => value as bool? ?? throw Mismatch(type, value),
        GgufValueType.String => value as string ?? throw Mismatch(type, value),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a scalar GGUF value type."),
    };

    private static T Integer<T>(GgufValueType type, object value)
        where T : IBinaryInteger<T>, IMinMaxValue<T>
    {
        Int128 number = ToInt128(type, value);
        if (number < Int128.CreateChecked(T.MinValue) || number > Int128.CreateChecked(T.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Does not fit in {type}.");
        }

        return T.CreateChecked(number);
    }

    // Floating-point input is refused for integer types: silently rounding a hyperparameter would hide a test bug.
    private static Int128 ToInt128(GgufValueType type, object value) => value switch
    {
        byte v => v,
        sbyte v => v,
        ushort v => v,
        short v => v,
        uint v => v,
        int v => v,
        ulong v => v,
        long v => v,
        _ => throw Mismatch(type, value),
    };

    private static ArgumentException Mismatch(GgufValueType type, object value) =>
        new($"A {value.GetType().Name} cannot be stored as GGUF {type}.", nameof(value));
}
