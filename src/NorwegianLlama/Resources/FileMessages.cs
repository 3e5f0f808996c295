namespace NorwegianLlama.Resources;

/// <summary>Messages for a path that does not name a usable file, one whole sentence per kind of file.</summary>
internal static class FileMessages
{
    private static readonly MessageTable Table = new("NorwegianLlama.Resources.FileMessages");

    public static string ModelFileNotFound(string path) => Table.Format(nameof(ModelFileNotFound), path);

    public static string LoraFileNotFound(string path) => Table.Format(nameof(LoraFileNotFound), path);

    public static string InputFileNotFound(string path) => Table.Format(nameof(InputFileNotFound), path);

    public static string ModelPathIsDirectory(string path) => Table.Format(nameof(ModelPathIsDirectory), path);

    public static string LoraPathIsDirectory(string path) => Table.Format(nameof(LoraPathIsDirectory), path);

    public static string InputPathIsDirectory(string path) => Table.Format(nameof(InputPathIsDirectory), path);

    public static string PathNotFileSystem(string path) => Table.Format(nameof(PathNotFileSystem), path);

    public static string PathFromEnvironment(string message, string variable) => Table.Format(nameof(PathFromEnvironment), message, variable);

    public static string PathFromEnvironmentAction(string variable) => Table.Format(nameof(PathFromEnvironmentAction), variable);
}
