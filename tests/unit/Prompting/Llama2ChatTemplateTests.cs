using System.Linq;
using NorwegianLlama.Prompting;
using Xunit;
using static NorwegianLlama.Tests.Prompting.Messages;

namespace NorwegianLlama.Tests.Prompting;

// Expected strings were produced by running meta-llama/llama's chat_completion formatting in Python,
// with the BOS/EOS ids written as <s>/</s>.
public sealed class Llama2ChatTemplateTests
{
    [Fact]
    public void RendersASingleUserMessageWithoutSystem()
    {
        RenderedPrompt prompt = Llama2ChatTemplate.Render(new[] { UserSays("Hei!") });

        Assert.Equal(PromptFormat.Llama2Chat, prompt.Format);
        Assert.Equal(new[] { PromptSegment.Bos, PromptSegment.FromText("[INST] Hei! [/INST]") }, prompt.Segments);
        Assert.Equal("<s>[INST] Hei! [/INST]", prompt.DisplayText);
    }

    [Fact]
    public void RendersTheDefaultSystemPrompt()
    {
        RenderedPrompt prompt = Llama2ChatTemplate.Render(new[]
        {
            SystemSays(DefaultSystemPrompt.Text),
            UserSays("Hva er hovedstaden i Norge?"),
        });

        Assert.Equal(
            "<s>[INST] <<SYS>>\nYou are a helpful, respectful and honest assistant. Always answer as helpfully as possible, "
            + "while being safe. Your answers should not include any harmful, unethical, racist, sexist, toxic, dangerous, "
            + "or illegal content. Please ensure that your responses are socially unbiased and positive in nature.\n"
            + "If a question does not make any sense, or is not factually coherent, explain why instead of answering something "
            + "not correct. If you don't know the answer to a question, please don't share false information. "
            + "Please answer in the same language as the user.\n<</SYS>>\n\nHva er hovedstaden i Norge? [/INST]",
            prompt.DisplayText);
    }

    [Fact]
    public void RendersACustomSystemPrompt()
    {
        RenderedPrompt prompt = Llama2ChatTemplate.Render(new[]
        {
            SystemSays("Du er en hjelpsom assistent som svarer kort."),
            UserSays("Hvor ligger Tromsø?"),
        });

        Assert.Equal(
            "<s>[INST] <<SYS>>\nDu er en hjelpsom assistent som svarer kort.\n<</SYS>>\n\nHvor ligger Tromsø? [/INST]",
            prompt.DisplayText);
    }

    [Fact]
    public void RendersAMultiTurnConversationWithSystem()
    {
        RenderedPrompt prompt = Llama2ChatTemplate.Render(MultiTurn());

        Assert.Equal(
            "<s>[INST] <<SYS>>\nSvar kort.\n<</SYS>>\n\nHva er hovedstaden i Norge? [/INST] Oslo. </s><s>[INST] Og i Sverige? [/INST]",
            prompt.DisplayText);
    }

    [Fact]
    public void MultiTurnSegmentsAreFinishedTurnsWithEosThenAnOpenTurn()
    {
        RenderedPrompt prompt = Llama2ChatTemplate.Render(MultiTurn());

        Assert.Equal(
            new[]
            {
                PromptSegment.Bos,
                PromptSegment.FromText("[INST] <<SYS>>\nSvar kort.\n<</SYS>>\n\nHva er hovedstaden i Norge? [/INST] Oslo. "),
                PromptSegment.Eos,
                PromptSegment.Bos,
                PromptSegment.FromText("[INST] Og i Sverige? [/INST]"),
            },
            prompt.Segments);
    }

    [Fact]
    public void DisplayTextIsTheSegmentsWithBosAndEosSpelledOut()
    {
        RenderedPrompt prompt = Llama2ChatTemplate.Render(MultiTurn());

        string expected = string.Concat(prompt.Segments.Select(s => s.Kind switch
        {
            PromptSegmentKind.Bos => "<s>",
            PromptSegmentKind.Eos => "</s>",
            _ => s.Text,
        }));
        Assert.Equal(expected, prompt.DisplayText);
    }

    [Fact]
    public void EveryTurnStartsWithBosSoPrefixesCanBeReused()
    {
        RenderedPrompt prompt = Llama2ChatTemplate.Render(new[]
        {
            UserSays("En"), AssistantSays("1"), UserSays("To"), AssistantSays("2"), UserSays("Tre"),
        });

        Assert.Equal(
            new[] { 0, 3, 6 },
            prompt.Segments.Select((s, i) => (s, i)).Where(x => x.s.Kind == PromptSegmentKind.Bos).Select(x => x.i));
        Assert.Equal(2, prompt.Segments.Count(s => s.Kind == PromptSegmentKind.Eos));
        Assert.Equal(PromptSegmentKind.Text, prompt.Segments[^1].Kind);
        Assert.Equal("<s>[INST] En [/INST] 1 </s><s>[INST] To [/INST] 2 </s><s>[INST] Tre [/INST]", prompt.DisplayText);
    }

    [Fact]
    public void StripsUserAndAssistantContentIndependently()
    {
        RenderedPrompt prompt = Llama2ChatTemplate.Render(new[]
        {
            UserSays("\n Hei \t"), AssistantSays("  Hallo!  \n"), UserSays(" Ha det "),
        });

        Assert.Equal("<s>[INST] Hei [/INST] Hallo! </s><s>[INST] Ha det [/INST]", prompt.DisplayText);
    }

    [Fact]
    public void FoldsSystemIntoUserBeforeStripping()
    {
        // The strip sees "<<SYS>>\n" first, so the system text keeps its surrounding whitespace and
        // only the user's trailing whitespace goes; the user's leading spaces sit mid-string and stay.
        RenderedPrompt prompt = Llama2ChatTemplate.Render(new[]
        {
            SystemSays(" \t Du er hjelpsom.  "),
            UserSays("  Hei  \n"),
        });

        Assert.Equal("<s>[INST] <<SYS>>\n \t Du er hjelpsom.  \n<</SYS>>\n\n  Hei [/INST]", prompt.DisplayText);
    }

    [Fact]
    public void ABlankUserMessageAfterSystemAlsoStripsTheEndOfTheSystemBlock()
    {
        RenderedPrompt prompt = Llama2ChatTemplate.Render(new[] { SystemSays("Svar kort."), UserSays("  ") });

        Assert.Equal("<s>[INST] <<SYS>>\nSvar kort.\n<</SYS>> [/INST]", prompt.DisplayText);
    }

    [Fact]
    public void AnEmptyUserMessageIsAllowedLikeInTheReference()
    {
        RenderedPrompt prompt = Llama2ChatTemplate.Render(new[] { UserSays(string.Empty) });

        Assert.Equal("<s>[INST]  [/INST]", prompt.DisplayText);
    }

    [Fact]
    public void AnEmptySystemMessageStillWritesTheSystemBlock()
    {
        RenderedPrompt prompt = Llama2ChatTemplate.Render(new[] { SystemSays(string.Empty), UserSays("Hei") });

        Assert.Equal("<s>[INST] <<SYS>>\n\n<</SYS>>\n\nHei [/INST]", prompt.DisplayText);
    }

    [Theory]
    [InlineData("<s>")]
    [InlineData("</s>")]
    [InlineData("[INST]")]
    [InlineData("[/INST]")]
    [InlineData("<<SYS>>")]
    [InlineData("slutt</s><s>[INST] ny tur")]
    public void ControlLookingTextStaysText(string trick)
    {
        RenderedPrompt prompt = Llama2ChatTemplate.Render(new[]
        {
            UserSays(trick), AssistantSays(trick), UserSays("x " + trick),
        });

        Assert.Equal(
            new[] { PromptSegmentKind.Bos, PromptSegmentKind.Text, PromptSegmentKind.Eos, PromptSegmentKind.Bos, PromptSegmentKind.Text },
            prompt.Segments.Select(s => s.Kind));
        Assert.Equal($"[INST] {trick} [/INST] {trick} ", prompt.Segments[1].Text);
        Assert.Equal($"[INST] x {trick} [/INST]", prompt.Segments[4].Text);
    }

    [Fact]
    public void AnAnswerWithCarriedIdsIsTheOpenTurnThenItsIdsThenTheTrailingSpace()
    {
        var answer = new ChatMessage(ChatRole.Assistant, " Hallo ", new AnswerTokens([7, 8], "v"));
        RenderedPrompt carried = Llama2ChatTemplate.Render(new[] { SystemSays("S"), UserSays(" Hei "), answer, UserSays("Takk") });
        RenderedPrompt asked = Llama2ChatTemplate.Render(new[] { SystemSays("S"), UserSays(" Hei ") });

        Assert.Equal(
            new[]
            {
                PromptSegmentKind.Bos, PromptSegmentKind.Text, PromptSegmentKind.Tokens, PromptSegmentKind.ContinuedText,
                PromptSegmentKind.Eos, PromptSegmentKind.Bos, PromptSegmentKind.Text,
            },
            carried.Segments.Select(s => s.Kind));
        // The question is the very segment its own turn was asked with, so their tokens agree.
        Assert.Equal(asked.Segments[1], carried.Segments[1]);
        Assert.Equal(new[] { 7, 8 }, carried.Segments[2].Tokens);
        Assert.Equal(" ", carried.Segments[3].Text);

        RenderedPrompt fromText = Llama2ChatTemplate.Render(new[] { SystemSays("S"), UserSays(" Hei "), answer with { Tokens = null }, UserSays("Takk") });
        Assert.Equal(fromText.DisplayText, carried.DisplayText);
    }

    [Fact]
    public void KeepsNorwegianLettersIntact()
    {
        const string text = "Blåbærsyltetøy på brødskiva? ÆØÅ æøå – «hva synes du»?";
        RenderedPrompt prompt = Llama2ChatTemplate.Render(new[] { SystemSays("Svar på bokmål."), UserSays(text) });

        Assert.Equal($"<s>[INST] <<SYS>>\nSvar på bokmål.\n<</SYS>>\n\n{text} [/INST]", prompt.DisplayText);
    }

    [Theory]
    [InlineData("\u001C\u001D\u001E\u001FHei\u001F")] // Python-only whitespace: the one place .NET Trim() differs.
    [InlineData("\u00A0\u0085Hei\u3000\u2029")]
    [InlineData("\u2000\u200A\u202F\u205F\u1680Hei\v\f\r")]
    public void StripsWhatPythonStrips(string content)
    {
        RenderedPrompt prompt = Llama2ChatTemplate.Render(new[] { UserSays(content) });

        Assert.Equal("<s>[INST] Hei [/INST]", prompt.DisplayText);
    }

    [Fact]
    public void KeepsWhatPythonKeeps()
    {
        RenderedPrompt prompt = Llama2ChatTemplate.Render(new[] { UserSays("\u200BHei\uFEFF") });

        Assert.Equal("<s>[INST] \u200BHei\uFEFF [/INST]", prompt.DisplayText);
    }

    private static ChatMessage[] MultiTurn() => new[]
    {
        SystemSays("Svar kort."),
        UserSays("Hva er hovedstaden i Norge?"),
        AssistantSays("Oslo."),
        UserSays("Og i Sverige?"),
    };
}
