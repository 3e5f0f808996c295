using System.Management.Automation;

namespace NorwegianLlama.Hosting;

/// <summary>
/// Refuses a chat response where a message belongs. PowerShell would otherwise turn a piped response into
/// its text and send the model its own answer as the next question.
/// </summary>
internal sealed class MessageTextAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        bool isResponse = inputData is PSObject wrapped
            ? wrapped.BaseObject is NorskChatResponse || wrapped.Properties["Conversation"] is not null
            : inputData is NorskChatResponse;
        if (isResponse)
        {
            throw new ArgumentTransformationMetadataException(
                "A chat response is not a message. To continue its conversation, give the next message: $response | Invoke-NorskChat 'Fortell mer'.");
        }

        return inputData;
    }
}
