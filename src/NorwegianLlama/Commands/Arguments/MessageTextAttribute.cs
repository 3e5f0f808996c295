using System.Management.Automation;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Commands.Arguments;

/// <summary>
/// Refuses a chat response where a message belongs. PowerShell would otherwise turn a piped response into
/// its text and send the model its own answer as the next question.
/// </summary>
internal sealed class MessageTextAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        bool isChatObject = value is NorskChatResponse or NorskChatMessage
            || (inputData is PSObject shaped && (shaped.Properties["Conversation"] is not null
                || (shaped.Properties["Role"] is not null && shaped.Properties["Content"] is not null)));
        if (isChatObject)
        {
            throw new ArgumentTransformationMetadataException(CmdletMessages.ResponseIsNotMessage());
        }

        return inputData;
    }
}
