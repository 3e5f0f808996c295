namespace NorwegianLlama.Resources;

/// <summary>What -WhatIf and -Confirm say a cmdlet is about to do, and the words of the -ModelPath completer's tooltip.</summary>
internal static class ActionMessages
{
    private static readonly MessageTable Table = new("NorwegianLlama.Resources.ActionMessages");

    public static string UnloadModel() => Table.Get(nameof(UnloadModel));

    public static string UninstallModel() => Table.Get(nameof(UninstallModel));

    public static string DeletePartialDownload() => Table.Get(nameof(DeletePartialDownload));

    public static string DeletePromptCacheFile() => Table.Get(nameof(DeletePromptCacheFile));

    public static string Download(string uri) => Table.Format(nameof(Download), uri);

    /// <summary>A loaded model named with its adapters, as a target.</summary>
    public static string ModelWithAdapters(string path, string adapters) => Table.Format(nameof(ModelWithAdapters), path, adapters);

    public static string SizeUnreadable() => Table.Get(nameof(SizeUnreadable));
}
