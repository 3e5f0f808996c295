using System;
using System.Management.Automation;

namespace NorwegianLlama.Commands.Base;

/// <summary>Carries a native operation's ErrorRecord out of <see cref="NorskCmdlet.RunNative{T}"/>.</summary>
internal sealed class NativeFailure(ErrorRecord record) : Exception(record.Exception.Message, record.Exception)
{
    public ErrorRecord Record { get; } = record;
}
