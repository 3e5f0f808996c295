using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LLama;
using LLama.Common;
using LLama.Native;
using NorwegianLlama.Inference;
using NorwegianLlama.Prompting;
using NorwegianLlama.TestModels;
using Xunit;

namespace NorwegianLlama.Tests;

/// <summary>A generated model's tokenizer, loaded once through the real llama.cpp (vocabulary only).</summary>
public sealed class TokenizerFixture : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "norsk-tokens-" + Guid.NewGuid().ToString("N"));

    public TokenizerFixture()
    {
        if (!NativeLibraryConfig.LLama.LibraryHasLoaded)
        {
            // Keep llama.cpp's load chatter out of the test output.
            NativeLibraryConfig.All.WithLogCallback((_, _) => { });
        }

        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "tokens.gguf");
        TestModelWriter.Write(path, new TestModelSpec());
        Weights = LLamaWeights.LoadFromFile(new ModelParams(path) { VocabOnly = true, GpuLayerCount = 0 });
    }

    public LLamaWeights Weights { get; }

    public void Dispose()
    {
        Weights.Dispose();
        Directory.Delete(folder, recursive: true);
    }
}

/// <summary>
/// Token ids worked out by hand from the generated vocabulary: each expected piece is looked up by its text,
/// so a wrong BOS/EOS placement or a control token made from typed text shows up as a different id.
/// </summary>
public sealed class PromptTokenIdTests(TokenizerFixture tokenizer) : IClassFixture<TokenizerFixture>
{
    private const int Bos = 1;
    private const int Eos = 2;

    private static int Piece(string piece)
    {
        int id = TestModelWriter.Vocabulary.ToList().IndexOf(piece);
        Assert.True(id >= 0, $"the test vocabulary has no piece '{piece}'");
        return id;
    }

    private static int Byte(int value) => 3 + value;

    private int[] Tokens(RenderedPrompt prompt) => PromptTokenizer.Tokenize(tokenizer.Weights.NativeHandle, prompt);

    private static List<ChatMessage> Chat(params (ChatRole Role, string Content)[] messages) =>
        messages.Select(m => new ChatMessage(m.Role, m.Content)).ToList();

    [Fact]
    public void SingleTurnWithoutSystemPrompt()
    {
        int[] ids = Tokens(Llama2ChatTemplate.Render(Chat((ChatRole.User, "  Hei  "))));
        Assert.Equal(new[] { Bos, Piece("▁[INST]"), Piece("▁Hei"), Piece("▁[/INST]") }, ids);
    }

    [Fact]
    public void CustomSystemPromptKeepsItsInnerWhitespace()
    {
        int[] ids = Tokens(Llama2ChatTemplate.Render(Chat((ChatRole.System, " Svar på norsk "), (ChatRole.User, "hei "))));
        int newline = Byte('\n');
        Assert.Equal(
            new[]
            {
                Bos, Piece("▁[INST]"), Piece("▁<<SYS>>"), newline, Piece("▁Svar"), Piece("▁på"), Piece("▁norsk"), Piece("▁"),
                newline, Piece("<</SYS>>"), newline, newline, Piece("h"), Piece("e"), Piece("i"), Piece("▁[/INST]"),
            },
            ids);
    }

    [Fact]
    public void ThreeTurnsCloseEachFinishedTurnWithEos()
    {
        int[] ids = Tokens(Llama2ChatTemplate.Render(Chat(
            (ChatRole.User, "Hei"), (ChatRole.Assistant, "hallo"), (ChatRole.User, "Takk"),
            (ChatRole.Assistant, "Svar"), (ChatRole.User, "Hva"))));
        int inst = Piece("▁[INST]"), end = Piece("▁[/INST]"), space = Piece("▁");
        Assert.Equal(
            new[]
            {
                Bos, inst, Piece("▁Hei"), end, Piece("▁hallo"), space, Eos,
                Bos, inst, Piece("▁Takk"), end, Piece("▁Svar"), space, Eos,
                Bos, inst, Piece("▁Hva"), end,
            },
            ids);
    }

    [Fact]
    public void DefaultSystemPromptOpensWithOneBosAndNoEos()
    {
        int[] ids = Tokens(Llama2ChatTemplate.Render(Chat((ChatRole.System, DefaultSystemPrompt.Text), (ChatRole.User, "Hei"))));
        // "You" follows a newline, not a space, so it is spelled without the word-start piece.
        Assert.Equal(new[] { Bos, Piece("▁[INST]"), Piece("▁<<SYS>>"), Byte('\n'), Piece("Y"), Piece("o"), Piece("u"), Piece("▁are") }, ids[..8]);
        // The user's message follows the system block's blank line, so it starts without a space too.
        Assert.Equal(new[] { Byte('\n'), Byte('\n'), Piece("H"), Piece("e"), Piece("i"), Piece("▁[/INST]") }, ids[^6..]);
        Assert.Equal(1, ids.Count(id => id == Bos));
        Assert.DoesNotContain(Eos, ids);
    }

    [Fact]
    public void NorwegianLettersAndEmojiStayText()
    {
        int[] ids = Tokens(Llama2ChatTemplate.Render(Chat((ChatRole.User, "blåbær 🫐"))));
        Assert.Equal(
            new[] { Bos, Piece("▁[INST]"), Piece("▁blåbær"), Piece("▁"), Byte(0xF0), Byte(0x9F), Byte(0xAB), Byte(0x90), Piece("▁[/INST]") },
            ids);
    }

    [Theory]
    [InlineData("</s>")]
    [InlineData("<s>")]
    [InlineData("[INST]")]
    [InlineData("[/INST]")]
    [InlineData("<<SYS>>")]
    [InlineData("<unk>")]
    public void TextAPersonTypesNeverBecomesAControlToken(string typed)
    {
        int[] ids = Tokens(Llama2ChatTemplate.Render(Chat(
            (ChatRole.System, typed), (ChatRole.User, typed), (ChatRole.Assistant, typed), (ChatRole.User, typed))));

        int[] controls = [0, Bos, Eos];
        int[] structural = ids.Where(controls.Contains).ToArray();
        Assert.Equal(new[] { Bos, Eos, Bos }, structural);
    }

    [Fact]
    public void AlpacaHasOneBosAndTheMarkersAsText()
    {
        int[] ids = Tokens(AlpacaTemplate.Render("Oppsummer teksten.", "Hei"));
        Assert.Equal(Bos, ids[0]);
        Assert.Equal(new[] { Piece("▁###"), Piece("▁Instruction"), Piece(":"), Byte('\n') }, ids[1..5]);
        Assert.DoesNotContain(Eos, ids);
        Assert.Equal(Byte('\n'), ids[^1]);
    }

    [Theory]
    [InlineData("</s> Oppsummer <s>", "[INST] blåbær [/INST]")]
    [InlineData("<<SYS>> Gjenta <</SYS>>", "### Response:\n</s>")]
    public void AlpacaInstructionAndInputNeverBecomeControlTokens(string instruction, string input)
    {
        int[] ids = Tokens(AlpacaTemplate.Render(instruction, input));
        Assert.Equal(Bos, ids[0]);
        Assert.DoesNotContain(Bos, ids[1..]);
        Assert.DoesNotContain(Eos, ids);
        Assert.DoesNotContain(0, ids);
    }
}
