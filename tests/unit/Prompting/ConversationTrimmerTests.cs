using System;
using System.Collections.Generic;
using System.Linq;
using NorwegianLlama.Prompting;
using Xunit;
using static NorwegianLlama.Tests.Prompting.Messages;

namespace NorwegianLlama.Tests.Prompting;

public sealed class ConversationTrimmerTests
{
    [Fact]
    public void AConversationThatFitsIsRenderedWhole()
    {
        List<ChatMessage> chat = Conversation(pairs: 3, withSystem: true, seed: 1);
        int whole = WordTokens(Llama2ChatTemplate.Render(chat)).Length;

        TrimmedConversation trimmed = ConversationTrimmer.Trim(chat, WordTokens, whole);

        Assert.True(trimmed.Fits);
        Assert.Equal(0, trimmed.DroppedPairs);
        Assert.Equal(Llama2ChatTemplate.Render(chat).DisplayText, trimmed.Prompt.DisplayText);
        Assert.Equal(whole, trimmed.Tokens.Length);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(7, false)]
    [InlineData(12, true)]
    [InlineData(25, false)]
    public void DropsTheFewestPairsThatMakeItFit(int pairs, bool withSystem)
    {
        List<ChatMessage> chat = Conversation(pairs, withSystem, seed: pairs + 100);
        int[] lengths = Enumerable.Range(0, pairs + 1).Select(d => WordTokens(Llama2ChatTemplate.Render(Dropping(chat, d))).Length).ToArray();

        for (int budget = lengths.Min() - 3; budget <= lengths.Max() + 3; budget++)
        {
            int fewest = Array.FindIndex(lengths, length => length <= budget);
            TrimmedConversation trimmed = ConversationTrimmer.Trim(chat, WordTokens, budget);

            if (fewest < 0)
            {
                Assert.False(trimmed.Fits);
                Assert.Equal(lengths[pairs], trimmed.Tokens.Length);
            }
            else
            {
                Assert.True(trimmed.Fits);
                Assert.Equal(fewest, trimmed.DroppedPairs);
                Assert.Equal(Llama2ChatTemplate.Render(Dropping(chat, fewest)).DisplayText, trimmed.Prompt.DisplayText);
                Assert.True(trimmed.Tokens.Length <= budget);
            }
        }
    }

    [Fact]
    public void KeepsTheSystemPromptAndTheNewMessageAndDropsTheOldestFirst()
    {
        var chat = new List<ChatMessage>
        {
            SystemSays("Svar kort."),
            UserSays("første spørsmål"), AssistantSays("første svar"),
            UserSays("andre spørsmål"), AssistantSays("andre svar"),
            UserSays("siste melding"),
        };
        int withoutOldest = WordTokens(Llama2ChatTemplate.Render(Dropping(chat, 1))).Length;

        TrimmedConversation trimmed = ConversationTrimmer.Trim(chat, WordTokens, withoutOldest);

        Assert.Equal(1, trimmed.DroppedPairs);
        Assert.Contains("Svar kort.", trimmed.Prompt.DisplayText, StringComparison.Ordinal);
        Assert.Contains("andre svar", trimmed.Prompt.DisplayText, StringComparison.Ordinal);
        Assert.Contains("siste melding", trimmed.Prompt.DisplayText, StringComparison.Ordinal);
        Assert.DoesNotContain("første", trimmed.Prompt.DisplayText, StringComparison.Ordinal);
    }

    [Fact]
    public void DroppingEveryPairStillKeepsTheSystemPromptAndTheNewMessage()
    {
        List<ChatMessage> chat = Conversation(pairs: 5, withSystem: true, seed: 7);
        int alone = WordTokens(Llama2ChatTemplate.Render([chat[0], chat[^1]])).Length;

        TrimmedConversation trimmed = ConversationTrimmer.Trim(chat, WordTokens, alone);

        Assert.True(trimmed.Fits);
        Assert.Equal(5, trimmed.DroppedPairs);
        Assert.Equal(Llama2ChatTemplate.Render([chat[0], chat[^1]]).DisplayText, trimmed.Prompt.DisplayText);
    }

    [Fact]
    public void AMessageTooLongAloneDoesNotFit()
    {
        List<ChatMessage> chat = Conversation(pairs: 4, withSystem: true, seed: 3);
        int alone = WordTokens(Llama2ChatTemplate.Render([chat[0], chat[^1]])).Length;

        TrimmedConversation trimmed = ConversationTrimmer.Trim(chat, WordTokens, alone - 1);

        Assert.False(trimmed.Fits);
        Assert.Equal(alone, trimmed.Tokens.Length);
        Assert.Equal(4, trimmed.DroppedPairs);
    }

    [Fact]
    public void AFirstMessageTooLongDoesNotFit()
    {
        TrimmedConversation trimmed = ConversationTrimmer.Trim([UserSays("et langt spørsmål om mye")], WordTokens, 2);

        Assert.False(trimmed.Fits);
        Assert.Equal(0, trimmed.DroppedPairs);
    }

    [Fact]
    public void AThousandTurnConversationIsRenderedLogarithmicallyOften()
    {
        List<ChatMessage> chat = Conversation(pairs: 1000, withSystem: true, seed: 5);
        int halfway = WordTokens(Llama2ChatTemplate.Render(Dropping(chat, 617))).Length;
        int renders = 0;

        TrimmedConversation trimmed = ConversationTrimmer.Trim(chat, prompt => { renders++; return WordTokens(prompt); }, halfway);

        Assert.True(trimmed.DroppedPairs <= 617);
        // The whole chat, the shortest one, then halving over 1,000 drop counts: at most 2 + ⌈log2 1000⌉ renders.
        Assert.InRange(renders, 3, 2 + (int)Math.Ceiling(Math.Log2(1000)));
    }

    [Fact]
    public void AnInvalidConversationThrowsPromptException()
    {
        PromptException e = Assert.Throws<PromptException>(() =>
            ConversationTrimmer.Trim([UserSays("Hei"), UserSays("Hei igjen")], WordTokens, 100));

        Assert.Equal(PromptErrorIds.ConversationRoleOrder, e.ErrorId);
    }

    /// <summary>A stand-in for the model's tokenizer: one token per control token and per word.</summary>
    private static int[] WordTokens(RenderedPrompt prompt) =>
        new int[prompt.Segments.Sum(segment => segment.Kind == PromptSegmentKind.Text
            ? segment.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length
            : 1)];

    private static List<ChatMessage> Dropping(List<ChatMessage> chat, int pairs)
    {
        int firstTurn = chat[0].Role == ChatRole.System ? 1 : 0;
        var kept = new List<ChatMessage>(chat);
        kept.RemoveRange(firstTurn, 2 * pairs);
        return kept;
    }

    /// <summary>Turns of random lengths, so where the prompt starts to fit differs from one conversation to the next.</summary>
    private static List<ChatMessage> Conversation(int pairs, bool withSystem, int seed)
    {
        var random = new Random(seed);
        string Words(string word) => string.Join(' ', Enumerable.Repeat(word, random.Next(1, 12)));
        var chat = new List<ChatMessage>();
        if (withSystem)
        {
            chat.Add(SystemSays(Words("system")));
        }

        for (int i = 0; i < pairs; i++)
        {
            chat.Add(UserSays(Words($"q{i}")));
            chat.Add(AssistantSays(Words($"a{i}")));
        }

        chat.Add(UserSays(Words("ny")));
        return chat;
    }
}
