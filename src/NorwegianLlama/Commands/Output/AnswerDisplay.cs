using System;
using System.Management.Automation;

namespace NorwegianLlama.Commands.Output;

/// <summary>
/// Where generated text goes while it is generated: the console for people, the pipeline for -Stream, or
/// nowhere. SentencePiece starts an answer with the space of its first word piece; that is dropped here.
/// </summary>
internal sealed class AnswerDisplay(Cmdlet cmdlet, AnswerDisplay.Target target)
{
    private bool started;

    public enum Target
    {
        None,
        Host,
        Pipeline,
    }

    /// <summary>Where the generator hands each piece; null when nothing is shown, so no piece crosses threads.</summary>
    public Action<int, string>? Sink => target == Target.None ? null : (_, piece) => Write(piece);

    public void Write(string text)
    {
        if (!started)
        {
            text = text.TrimStart();
            if (text.Length == 0)
            {
                return;
            }

            started = true;
        }

        switch (target)
        {
            case Target.Host:
                HostText.Write(cmdlet, text, newLine: false);
                break;
            case Target.Pipeline:
                cmdlet.WriteObject(text);
                break;
        }
    }

    public void End()
    {
        if (target == Target.Host && started)
        {
            // A blank line between the live answer and the formatted response that follows it.
            HostText.Write(cmdlet, "\n", newLine: true);
        }
    }
}
