namespace NorwegianLlama.Resources;

/// <summary>Why a LoRA adapter file cannot be used, or not with a given model; each the detail after an adapter error.</summary>
internal static class LoraFileMessages
{
    private static readonly MessageTable Table = new("NorwegianLlama.Resources.LoraFileMessages");

    public static string ArchitectureMismatch(string adapterArchitecture, string? modelArchitecture) => Table.Format(nameof(ArchitectureMismatch), adapterArchitecture, modelArchitecture);

    public static string TiedEmbedding() => Table.Get(nameof(TiedEmbedding));

    public static string TargetMissing(string tensor) => Table.Format(nameof(TargetMissing), tensor);

    public static string TargetShapeMismatch(string tensor, long rows, long columns, string modelShape) => Table.Format(nameof(TargetShapeMismatch), tensor, rows, columns, modelShape);

    public static string NotAnAdapterDeclared(string declared) => Table.Format(nameof(NotAnAdapterDeclared), declared);

    public static string NotAnAdapterUndeclared() => Table.Get(nameof(NotAnAdapterUndeclared));

    public static string KeyMissing(string key) => Table.Format(nameof(KeyMissing), key);

    public static string KeyNotString(string key, string type) => Table.Format(nameof(KeyNotString), key, type);

    public static string AdapterTypeUnsupported(string type) => Table.Format(nameof(AdapterTypeUnsupported), type);

    public static string AlphaNotFloat(string type) => Table.Format(nameof(AlphaNotFloat), type);

    public static string ActivatedLora() => Table.Get(nameof(ActivatedLora));

    public static string TensorNotFactor(string name) => Table.Format(nameof(TensorNotFactor), name);

    public static string NoFactorPairs() => Table.Get(nameof(NoFactorPairs));

    public static string FactorWithoutPartner(string present, string missing) => Table.Format(nameof(FactorWithoutPartner), present, missing);

    public static string RankMismatch(string target, string a, string b) => Table.Format(nameof(RankMismatch), target, a, b);

    public static string RankMismatchOrder(string target, string a, string b) => Table.Format(nameof(RankMismatchOrder), target, a, b);

    public static string FactorNotMatrix(string name, string shape) => Table.Format(nameof(FactorNotMatrix), name, shape);

    public static string FactorTypeUnsupported(string name, string type) => Table.Format(nameof(FactorTypeUnsupported), name, type);

    public static string FactorRowsPartialBlocks(string name, string type, long rowLength, int blockSize) => Table.Format(nameof(FactorRowsPartialBlocks), name, type, rowLength, blockSize);
}
