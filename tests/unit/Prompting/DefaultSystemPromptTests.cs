using System;
using System.Linq;
using NorwegianLlama.Prompting;
using Xunit;

namespace NorwegianLlama.Tests.Prompting;

public sealed class DefaultSystemPromptTests
{
    // Copied from the model card by hand; a mismatch means someone edited the constant.
    private const string CardText =
        "You are a helpful, respectful and honest assistant. Always answer as helpfully as possible, while being safe. Your answers should not include any harmful, unethical, racist, sexist, toxic, dangerous, or illegal content. Please ensure that your responses are socially unbiased and positive in nature.\n"
        + "If a question does not make any sense, or is not factually coherent, explain why instead of answering something not correct. If you don't know the answer to a question, please don't share false information. Please answer in the same language as the user.";

    [Fact]
    public void IsTheModelCardTextVerbatim()
    {
        Assert.Equal(CardText, DefaultSystemPrompt.Text);
    }

    [Fact]
    public void IsTwoLinesEndingWithTheLanguageSentence()
    {
        Assert.EndsWith("Please answer in the same language as the user.", DefaultSystemPrompt.Text, StringComparison.Ordinal);
        Assert.Equal(1, DefaultSystemPrompt.Text.Count(c => c == '\n'));
        Assert.DoesNotContain('\r', DefaultSystemPrompt.Text);
        Assert.False(char.IsWhiteSpace(DefaultSystemPrompt.Text[0]));
        Assert.False(char.IsWhiteSpace(DefaultSystemPrompt.Text[^1]));
    }
}
