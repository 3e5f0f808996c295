using NorwegianLlama.Chat;
using Xunit;

namespace NorwegianLlama.Tests.Chat;

public sealed class ChatCommandParserTests
{
    [Theory]
    [InlineData("/exit", nameof(ChatLineKind.Exit))]
    [InlineData("/bye", nameof(ChatLineKind.Exit))]
    [InlineData("/quit", nameof(ChatLineKind.Exit))]
    [InlineData("/help", nameof(ChatLineKind.Help))]
    [InlineData("/?", nameof(ChatLineKind.Help))]
    [InlineData("/reset", nameof(ChatLineKind.Reset))]
    [InlineData("/system", nameof(ChatLineKind.System))]
    [InlineData("/save", nameof(ChatLineKind.Save))]
    [InlineData("/load", nameof(ChatLineKind.Load))]
    public void KnowsEveryCommand(string typed, string kind)
    {
        ChatLine line = ChatCommandParser.Parse(typed);

        Assert.Equal(kind, line.Kind.ToString());
        Assert.Equal(typed, line.Command);
        Assert.Equal("", line.Argument);
    }

    [Theory]
    [InlineData("/EXIT", nameof(ChatLineKind.Exit), "/exit")]
    [InlineData("/Save fil.json", nameof(ChatLineKind.Save), "/save")]
    [InlineData("/SYSTEM Svar kort.", nameof(ChatLineKind.System), "/system")]
    public void CommandsIgnoreCase(string typed, string kind, string command)
    {
        ChatLine line = ChatCommandParser.Parse(typed);

        Assert.Equal(kind, line.Kind.ToString());
        Assert.Equal(command, line.Command);
    }

    [Fact]
    public void TheArgumentKeepsItsCaseAndInnerSpacing()
    {
        ChatLine line = ChatCommandParser.Parse("  /system   Svar  KORT, takk.  ");

        Assert.Equal(ChatLineKind.System, line.Kind);
        Assert.Equal("Svar  KORT, takk.", line.Argument);
    }

    [Fact]
    public void TheSystemPromptKeepsItsQuotes()
    {
        Assert.Equal("\"Svar kort.\"", ChatCommandParser.Parse("/system \"Svar kort.\"").Argument);
    }

    [Theory]
    [InlineData("/save samtale.json", "samtale.json")]
    [InlineData("/save \"mine samtaler/blåbær.json\"", "mine samtaler/blåbær.json")]
    [InlineData("/load 'med mellomrom.json'", "med mellomrom.json")]
    [InlineData("/load \"'begge'\"", "begge")]
    [InlineData("/load uten anførsel.json", "uten anførsel.json")]
    public void FileNamesLoseTheirQuotes(string typed, string fileName)
    {
        Assert.Equal(fileName, ChatCommandParser.Parse(typed).FileName);
    }

    [Fact]
    public void AQuotedEmptyNameIsAnArgumentWithAnEmptyFileName()
    {
        ChatLine line = ChatCommandParser.Parse("/save \"\"");

        Assert.Equal("\"\"", line.Argument);
        Assert.Equal("", line.FileName);
    }

    [Theory]
    [InlineData("/ukjent", "/ukjent")]
    [InlineData("/UKJENT med argument", "/ukjent")]
    [InlineData("/", "/")]
    [InlineData("/system\tSvar kort.", "/system\tsvar")]
    [InlineData("/exitnow", "/exitnow")]
    public void UnknownCommandsAreNamedInLowerCase(string typed, string command)
    {
        ChatLine line = ChatCommandParser.Parse(typed);

        Assert.Equal(ChatLineKind.Unknown, line.Kind);
        Assert.Equal(command, line.Command);
    }

    [Theory]
    [InlineData("Hei", "Hei")]
    [InlineData("  Hvordan går det?  ", "Hvordan går det?")]
    [InlineData("Hva betyr /help?", "Hva betyr /help?")]
    public void OtherLinesAreMessages(string typed, string message)
    {
        ChatLine line = ChatCommandParser.Parse(typed);

        Assert.Equal(ChatLineKind.Message, line.Kind);
        Assert.Equal(message, line.Argument);
        Assert.Equal("", line.Command);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public void BlankLinesAreEmpty(string typed)
    {
        Assert.Equal(ChatLineKind.Empty, ChatCommandParser.Parse(typed).Kind);
    }

    [Fact]
    public void TheHelpListsEveryCommand()
    {
        foreach (string command in new[] { "/system", "/reset", "/save <file>", "/load <file>", "/help", "/exit", "/bye" })
        {
            Assert.Contains(command, ChatCommandParser.HelpText, System.StringComparison.Ordinal);
        }
    }
}
