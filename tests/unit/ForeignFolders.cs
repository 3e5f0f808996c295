using System.IO;

namespace NorwegianLlama.Tests;

/// <summary>Foreign-format files laid out as folders, for the sniffer's folder tests.</summary>
internal static class ForeignFolders
{
    /// <summary>Writes files into a new folder and returns its path.</summary>
    public static string Folder(GeneratedModels models, string name, params (string File, byte[] Data)[] files)
    {
        string folder = models.PathFor(name);
        Directory.CreateDirectory(folder);
        foreach ((string file, byte[] data) in files)
        {
            File.WriteAllBytes(Path.Combine(folder, file), data);
        }

        return folder;
    }
}
