using System;
using NorwegianLlama.Prompting;
using Xunit;
using static NorwegianLlama.Tests.Prompting.Messages;

namespace NorwegianLlama.Tests.Prompting;

public sealed class ConversationValidationTests
{
    [Fact]
    public void NoMessagesIsConversationEmpty()
    {
        PromptException e = Fails(Array.Empty<ChatMessage>());

        Assert.Equal("ConversationEmpty", e.ErrorId);
    }

    [Fact]
    public void ANullListIsAProgrammingError()
    {
        Assert.Throws<ArgumentNullException>(() => Llama2ChatTemplate.Render(null!));
    }

    [Fact]
    public void ANullMessageIsMessageNull()
    {
        PromptException e = Fails(new[] { UserSays("Hei"), null!, UserSays("Hei") });

        Assert.Equal("MessageNull", e.ErrorId);
        Assert.Contains("Message 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUndefinedRoleIsMessageRoleInvalid()
    {
        PromptException e = Fails(new[] { new ChatMessage((ChatRole)42, "Hei") });

        Assert.Equal("MessageRoleInvalid", e.ErrorId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void NullContentIsMessageContentNull(int position)
    {
        ChatMessage[] messages = { SystemSays("s"), UserSays("u"), AssistantSays("a"), UserSays("u") };
        messages[position] = messages[position] with { Content = null! };

        PromptException e = Fails(messages);

        Assert.Equal("MessageContentNull", e.ErrorId);
        Assert.Contains($"Message {position + 1}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SystemAfterTheStartIsConversationSystemNotFirst()
    {
        PromptException e = Fails(new[] { UserSays("Hei"), AssistantSays("Hallo"), SystemSays("Svar kort."), UserSays("Hei") });

        Assert.Equal("ConversationSystemNotFirst", e.ErrorId);
        Assert.Contains("Message 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoSystemMessagesIsConversationSystemNotFirst()
    {
        PromptException e = Fails(new[] { SystemSays("a"), SystemSays("b"), UserSays("Hei") });

        Assert.Equal("ConversationSystemNotFirst", e.ErrorId);
        Assert.Contains("Message 2", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "AU", "'assistant' but 'user'")]
    [InlineData(2, "UU", "'user' but 'assistant'")]
    [InlineData(2, "SAU", "'assistant' but 'user'")]
    [InlineData(3, "UAAU", "'assistant' but 'user'")]
    [InlineData(5, "SUAUUAU", "'user' but 'assistant'")]
    public void BrokenAlternationIsConversationRoleOrder(int position, string roles, string expected)
    {
        PromptException e = Fails(FromRoles(roles));

        Assert.Equal("ConversationRoleOrder", e.ErrorId);
        Assert.Contains($"Message {position} has role {expected}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UA")]
    [InlineData("SUA")]
    [InlineData("S")]
    public void NotEndingWithUserIsConversationMustEndWithUser(string roles)
    {
        PromptException e = Fails(FromRoles(roles));

        Assert.Equal("ConversationMustEndWithUser", e.ErrorId);
    }

    [Fact]
    public void EmptyContentIsAllowedEverywhere()
    {
        RenderedPrompt prompt = Llama2ChatTemplate.Render(new[] { SystemSays(""), UserSays(""), AssistantSays(""), UserSays("") });

        Assert.Equal("<s>[INST] <<SYS>>\n\n<</SYS>> [/INST]  </s><s>[INST]  [/INST]", prompt.DisplayText);
    }

    private static PromptException Fails(ChatMessage[] messages) =>
        Assert.Throws<PromptException>(() => Llama2ChatTemplate.Render(messages));

    private static ChatMessage[] FromRoles(string roles)
    {
        var messages = new ChatMessage[roles.Length];
        for (int i = 0; i < roles.Length; i++)
        {
            messages[i] = roles[i] switch
            {
                'S' => SystemSays("s"),
                'U' => UserSays("u"),
                _ => AssistantSays("a"),
            };
        }

        return messages;
    }
}
