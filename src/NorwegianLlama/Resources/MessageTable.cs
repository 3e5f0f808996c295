using System.Globalization;
using System.Resources;

namespace NorwegianLlama.Resources;

/// <summary>
/// One .resx table of the module's messages, read in the culture of the thread that asks, so each runspace
/// gets its own user's language. Missing keys fail loudly: a message that silently came out empty would hide
/// the very error it was meant to explain, and the unit tests check every key exists in every language.
/// </summary>
internal sealed class MessageTable(string baseName)
{
    private readonly ResourceManager manager = new(baseName, typeof(MessageTable).Assembly);

    public string BaseName => baseName;

    public string Get(string name) => Get(name, CultureInfo.CurrentUICulture);

    public string Get(string name, CultureInfo uiCulture) =>
        manager.GetString(name, MessageCulture.For(uiCulture))
        ?? throw new MissingManifestResourceException($"The message '{name}' is missing from {baseName}.");

    public string Format(string name, params object?[] arguments) =>
        string.Format(CultureInfo.CurrentCulture, Get(name), arguments);
}
