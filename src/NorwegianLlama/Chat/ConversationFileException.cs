using System;

namespace NorwegianLlama.Chat;

/// <summary>A conversation file that could not be read or written; the message names the file.</summary>
internal sealed class ConversationFileException : Exception
{
    public ConversationFileException(string path, string message, Exception inner)
        : base(message, inner)
    {
        Path = path;
    }

    public string Path { get; }
}
