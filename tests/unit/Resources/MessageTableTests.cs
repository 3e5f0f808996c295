using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using NorwegianLlama.Resources;
using Xunit;

namespace NorwegianLlama.Tests.Resources;

/// <summary>
/// Every message table (a static class in NorwegianLlama.Resources holding a MessageTable) against its .resx files:
/// each accessor has an English and a Bokmål text, the two take the same arguments, no text lacks an accessor,
/// and the Bokmål one is a translation rather than a copy.
/// </summary>
public sealed partial class MessageTableTests
{
    private static readonly CultureInfo English = CultureInfo.InvariantCulture;

    public static TheoryData<string> TableNames()
    {
        var data = new TheoryData<string>();
        foreach (Type table in Tables())
        {
            data.Add(table.Name);
        }

        return data;
    }

    [Fact]
    public void FindsTheTables() => Assert.Contains(Tables(), t => t.Name == nameof(FileMessages));

    [Theory]
    [MemberData(nameof(TableNames))]
    public void EveryAccessorHasBothTextsWithItsArguments(string tableName)
    {
        (Type type, MessageTable table) = Table(tableName);
        foreach (MethodInfo accessor in Accessors(type))
        {
            int arguments = accessor.GetParameters().Length;
            foreach (CultureInfo culture in new[] { English, MessageCulture.Norwegian })
            {
                string text = table.Get(accessor.Name, culture);
                Assert.False(string.IsNullOrWhiteSpace(text), $"{tableName}.{accessor.Name} is empty in '{culture.Name}'.");
                int[] used = Placeholders(text);
                Assert.True(
                    used.SequenceEqual(Enumerable.Range(0, arguments)),
                    $"{tableName}.{accessor.Name} in '{culture.Name}' uses {{{string.Join("}, {", used)}}} but takes {arguments} arguments: {text}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(TableNames))]
    public void EveryTextHasAnAccessor(string tableName)
    {
        (Type type, MessageTable table) = Table(tableName);
        var accessors = Accessors(type).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        foreach (CultureInfo culture in new[] { English, MessageCulture.Norwegian })
        {
            foreach (string key in Keys(table, culture))
            {
                Assert.True(accessors.Contains(key), $"{tableName}.resx ('{culture.Name}') has '{key}', which no accessor reads.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(TableNames))]
    public void NorwegianTextsAreTranslations(string tableName)
    {
        (Type type, MessageTable table) = Table(tableName);
        foreach (MethodInfo accessor in Accessors(type))
        {
            Assert.NotEqual(table.Get(accessor.Name, English), table.Get(accessor.Name, MessageCulture.Norwegian));
        }
    }

    [Theory]
    [MemberData(nameof(TableNames))]
    public void AccessorsFormatInEitherLanguage(string tableName)
    {
        (Type type, _) = Table(tableName);
        foreach (MethodInfo accessor in Accessors(type))
        {
            object?[] arguments = accessor.GetParameters().Select(p => SampleArgument(p.ParameterType)).ToArray();
            foreach (string culture in new[] { "", "nb-NO" })
            {
                string text = WithUiCulture(culture, () => (string)accessor.Invoke(null, arguments)!);
                Assert.DoesNotContain("{0}", text, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("nb-NO")]
    [InlineData("nn-NO")]
    [InlineData("no")]
    [InlineData("nb")]
    public void NorwegianReadersGetBokmal(string culture) =>
        Assert.Equal("Modellfilen «x.gguf» finnes ikke.", WithUiCulture(culture, () => FileMessages.ModelFileNotFound("x.gguf")));

    [Theory]
    [InlineData("")]
    [InlineData("en-US")]
    [InlineData("de-DE")]
    [InlineData("sv-SE")]
    public void OthersGetEnglish(string culture) =>
        Assert.Equal("The model file 'x.gguf' does not exist.", WithUiCulture(culture, () => FileMessages.ModelFileNotFound("x.gguf")));

    [Fact]
    public void AMissingKeyFailsLoudly()
    {
        var table = new MessageTable("NorwegianLlama.Resources.FileMessages");
        Assert.Throws<System.Resources.MissingManifestResourceException>(() => table.Get("NoSuchMessage"));
    }

    private static IEnumerable<Type> Tables() =>
        LoadableTypes()
            .Where(t => t.Namespace == typeof(MessageTable).Namespace && t.IsAbstract && t.IsSealed)
            .Where(t => t.GetFields(BindingFlags.Static | BindingFlags.NonPublic).Any(f => f.FieldType == typeof(MessageTable)));

    // Read from metadata: reflecting over the whole assembly would load the cmdlet types, which need PowerShell.
    private static IEnumerable<Type> LoadableTypes()
    {
        var metadata = new AssemblyReferences(typeof(MessageTable).Assembly.Location);
        return metadata.TypesIn(typeof(MessageTable).Namespace!)
            .Select(handle => typeof(MessageTable).Assembly.GetType(metadata.NameOf(handle)))
            .OfType<Type>();
    }

    private static (Type Type, MessageTable Table) Table(string name)
    {
        Type type = Tables().Single(t => t.Name == name);
        var table = (MessageTable)type.GetFields(BindingFlags.Static | BindingFlags.NonPublic).Single(f => f.FieldType == typeof(MessageTable)).GetValue(null)!;
        Assert.Equal($"{type.Namespace}.{type.Name}", table.BaseName);
        return (type, table);
    }

    private static IEnumerable<MethodInfo> Accessors(Type type)
    {
        MethodInfo[] methods = type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.DeclaredOnly)
            .Where(m => m.ReturnType == typeof(string)).ToArray();
        Assert.NotEmpty(methods);
        return methods;
    }

    private static IEnumerable<string> Keys(MessageTable table, CultureInfo culture)
    {
        System.Resources.ResourceSet set = new System.Resources.ResourceManager(table.BaseName, typeof(MessageTable).Assembly)
            .GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"{table.BaseName} has no '{culture.Name}' resources.");
        foreach (DictionaryEntry entry in set)
        {
            yield return (string)entry.Key;
        }
    }

    private static int[] Placeholders(string text) =>
        PlaceholderPattern().Matches(text.Replace("{{", "", StringComparison.Ordinal).Replace("}}", "", StringComparison.Ordinal))
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order().ToArray();

    private static object? SampleArgument(Type type) =>
        type == typeof(string) ? "sample"
        : type == typeof(string[]) ? new[] { "a", "b" }
        : type.IsValueType ? Activator.CreateInstance(type)
        : null;

    private static T WithUiCulture<T>(string culture, Func<T> read)
    {
        CultureInfo before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return read();
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [GeneratedRegex(@"\{(\d+)(?:,-?\d+)?(?::[^{}]*)?\}")]
    private static partial Regex PlaceholderPattern();
}
