namespace NorwegianLlama.Resources;

/// <summary>Messages about structured output: a -JsonSchema the module cannot turn into a grammar, and answers that are not the asked-for JSON.</summary>
internal static class StructuredMessages
{
    private static readonly MessageTable Table = new("NorwegianLlama.Resources.StructuredMessages");

    public static string SchemaGrammarTooSlow(string reason) => Table.Format(nameof(SchemaGrammarTooSlow), reason);

    public static string SchemaGrammarTooLarge(string reason) => Table.Format(nameof(SchemaGrammarTooLarge), reason);

    public static string RefRecursionEndless(string reason) => Table.Format(nameof(RefRecursionEndless), reason);

    public static string SchemaAllowsAnyValue(string path, string schema) => Table.Format(nameof(SchemaAllowsAnyValue), path, schema);

    public static string SchemaAllowsNoValue(string path, string schema) => Table.Format(nameof(SchemaAllowsNoValue), path, schema);

    public static string SchemaNotObject(string path, string kind) => Table.Format(nameof(SchemaNotObject), path, kind);

    public static string KeywordTwice(string keyword, string path) => Table.Format(nameof(KeywordTwice), keyword, path);

    public static string OneOfUnsupported(string path) => Table.Format(nameof(OneOfUnsupported), path);

    public static string KeywordUnsupported(string keyword, string path) => Table.Format(nameof(KeywordUnsupported), keyword, path);

    public static string TypeMissing(string path) => Table.Format(nameof(TypeMissing), path);

    public static string KeywordNotCombinable(string keyword, string path, string other) => Table.Format(nameof(KeywordNotCombinable), keyword, path, other);

    public static string AdditionalPropertiesUnsupported(string path, string value) => Table.Format(nameof(AdditionalPropertiesUnsupported), path, value);

    public static string PropertiesNotObject(string path) => Table.Format(nameof(PropertiesNotObject), path);

    public static string PropertyListedTwice(string path, string name) => Table.Format(nameof(PropertyListedTwice), path, name);

    public static string RequiredNotList(string path) => Table.Format(nameof(RequiredNotList), path);

    public static string RequiredNotInProperties(string path, string name) => Table.Format(nameof(RequiredNotInProperties), path, name);

    public static string ItemsMissing(string path) => Table.Format(nameof(ItemsMissing), path);

    public static string ItemsTuple(string path) => Table.Format(nameof(ItemsTuple), path);

    public static string AnyOfEmpty(string path) => Table.Format(nameof(AnyOfEmpty), path);

    public static string EnumEmpty(string path) => Table.Format(nameof(EnumEmpty), path);

    public static string EnumTooLong(string path, int count, int maximum) => Table.Format(nameof(EnumTooLong), path, count, maximum);

    public static string ConstNotInEnum(string path) => Table.Format(nameof(ConstNotInEnum), path);

    public static string ValueBrokenEscape(string keyword, string path) => Table.Format(nameof(ValueBrokenEscape), keyword, path);

    public static string NoValueOfType(string keyword, string path, string types) => Table.Format(nameof(NoValueOfType), keyword, path, types);

    public static string TypeAlternativeSeparator() => Table.Get(nameof(TypeAlternativeSeparator));

    public static string RefNotString(string path) => Table.Format(nameof(RefNotString), path);

    public static string RefOutsideSchema(string pointer, string path) => Table.Format(nameof(RefOutsideSchema), pointer, path);

    public static string RefNotPointer(string pointer, string path) => Table.Format(nameof(RefNotPointer), pointer, path);

    public static string RefNotFound(string pointer, string path) => Table.Format(nameof(RefNotFound), pointer, path);

    public static string SchemaNotJson(string reason) => Table.Format(nameof(SchemaNotJson), reason);

    public static string SchemaNotText(string reason) => Table.Format(nameof(SchemaNotText), reason);

    public static string SchemaLoneSurrogate(string path, string reason) => Table.Format(nameof(SchemaLoneSurrogate), path, reason);

    public static string TypeNotNames(string path, string value) => Table.Format(nameof(TypeNotNames), path, value);

    public static string TypeListedTwice(string path, string name) => Table.Format(nameof(TypeListedTwice), path, name);

    public static string TypeInvalid(string path) => Table.Format(nameof(TypeInvalid), path);

    public static string TypeUnknown(string path, string name, string known) => Table.Format(nameof(TypeUnknown), path, name, known);

    public static string BoundNotCount(string keyword, string path, string value) => Table.Format(nameof(BoundNotCount), keyword, path, value);

    public static string BoundTooLarge(string keyword, string path, decimal value, int maximum) => Table.Format(nameof(BoundTooLarge), keyword, path, value, maximum);

    public static string BoundsReversed(string maxKeyword, int maximum, string path, string minKeyword, int minimum) => Table.Format(nameof(BoundsReversed), maxKeyword, maximum, path, minKeyword, minimum);

    public static string GrammarWithJsonSchema() => Table.Get(nameof(GrammarWithJsonSchema));

    public static string AsObjectWithStream() => Table.Get(nameof(AsObjectWithStream));

    public static string GrammarInvalid(string reason) => Table.Format(nameof(GrammarInvalid), reason);

    public static string GrammarTooLarge(string reason) => Table.Format(nameof(GrammarTooLarge), reason);

    public static string JsonSchemaNotJson(string reason) => Table.Format(nameof(JsonSchemaNotJson), reason);

    public static string JsonSchemaIsFilePath(string file) => Table.Format(nameof(JsonSchemaIsFilePath), file);

    public static string RemoveKeyword(string keyword) => Table.Format(nameof(RemoveKeyword), keyword);

    public static string AnswerTruncated(string source, int tokens, string reason) => Table.Format(nameof(AnswerTruncated), source, tokens, reason);

    public static string TruncatedByStop() => Table.Get(nameof(TruncatedByStop));

    public static string TruncatedByGrammarDeadEnd() => Table.Get(nameof(TruncatedByGrammarDeadEnd));

    public static string TruncatedByTimeout() => Table.Get(nameof(TruncatedByTimeout));

    public static string TruncatedByLength() => Table.Get(nameof(TruncatedByLength));

    public static string AnswerNotJson(string source, string reason) => Table.Format(nameof(AnswerNotJson), source, reason);
}
