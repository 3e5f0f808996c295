using System;
using System.Collections.Generic;
using System.IO;
using NorwegianLlama.Chat;
using NorwegianLlama.Prompting;
using Xunit;
using static NorwegianLlama.Tests.Prompting.Messages;

namespace NorwegianLlama.Tests.Chat;

public sealed class ChatSessionTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("norsk-chat-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void StartsFromAConversationWithItsSystemPrompt()
    {
        var session = new ChatSession([SystemSays("Svar kort."), UserSays("Hei"), AssistantSays("Hallo")]);

        Assert.Equal("Svar kort.", session.SystemPrompt);
        Assert.Equal([UserSays("Hei"), AssistantSays("Hallo")], session.Turns);
        Assert.Equal([SystemSays("Svar kort."), UserSays("Hei"), AssistantSays("Hallo")], session.Conversation());
    }

    [Fact]
    public void AsksWithTheWholeConversationAndRemembersOnlyAnsweredTurns()
    {
        var session = new ChatSession([SystemSays("Svar kort.")]);

        List<ChatMessage> prompt = session.Asking("Hei");

        Assert.Equal([SystemSays("Svar kort."), UserSays("Hei")], prompt);
        Assert.Empty(session.Turns);

        session.Answered("Hei", "Hallo");
        Assert.Equal([SystemSays("Svar kort."), UserSays("Hei"), AssistantSays("Hallo"), UserSays("Takk")], session.Asking("Takk"));
    }

    [Fact]
    public void ResetForgetsTheTurnsButKeepsTheSystemPrompt()
    {
        var session = new ChatSession([SystemSays("Svar kort."), UserSays("Hei"), AssistantSays("Hallo")]);

        session.Reset();

        Assert.Empty(session.Turns);
        Assert.Equal([SystemSays("Svar kort.")], session.Conversation());
    }

    [Fact]
    public void SystemSetsReplacesAndRemovesTheSystemPrompt()
    {
        var session = new ChatSession([UserSays("Hei"), AssistantSays("Hallo")]);

        session.SetSystemPrompt("Svar kort.");
        Assert.Equal(SystemSays("Svar kort."), session.Conversation()[0]);

        session.SetSystemPrompt("Svar langt.");
        Assert.Equal(SystemSays("Svar langt."), session.Conversation()[0]);

        session.SetSystemPrompt("");
        Assert.Null(session.SystemPrompt);
        Assert.Equal([UserSays("Hei"), AssistantSays("Hallo")], session.Conversation());
    }

    [Fact]
    public void AnEmptySystemMessageIsNotPartOfTheConversation()
    {
        var session = new ChatSession([SystemSays(""), UserSays("Hei"), AssistantSays("Hallo")]);

        Assert.Equal([UserSays("Hei"), AssistantSays("Hallo")], session.Conversation());
    }

    [Fact]
    public void ASavedConversationLoadsBackAsItWas()
    {
        string file = Path.Combine(folder, "blåbær.json");
        var saved = new ChatSession([SystemSays("Svar på norsk."), UserSays("Hei"), AssistantSays("Hallo, hvordan går det?")]);

        Assert.Equal(3, saved.Save(file));
        var loaded = new ChatSession([UserSays("Noe annet"), AssistantSays("Ja")]);
        Assert.Equal(3, loaded.Load(file));

        Assert.Equal(saved.Conversation(), loaded.Conversation());
        string json = File.ReadAllText(file);
        Assert.Contains("\"Role\": \"system\"", json, StringComparison.Ordinal);
        Assert.Contains("Svar på norsk.", json, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAnswersIdsAreSavedAndLoadedWithIt()
    {
        string file = Path.Combine(folder, "ids.json");
        var saved = new ChatSession([]);
        saved.Answered("Hei", new ChatMessage(ChatRole.Assistant, "Hallo", new AnswerTokens([5, 6, 7], "fingerprint")));

        saved.Save(file);
        var loaded = new ChatSession([]);
        loaded.Load(file);

        Assert.Equal(new[] { 5, 6, 7 }, loaded.Turns[1].Tokens!.Ids);
        Assert.Equal("fingerprint", loaded.Turns[1].Tokens!.Vocabulary);
        Assert.Null(loaded.Turns[0].Tokens);
        // A message without ids is written as files always had it.
        Assert.DoesNotContain("null", File.ReadAllText(file), StringComparison.Ordinal);
        Assert.Contains("\"TokenIds\": \"5 6 7\"", File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Fact]
    public void IdsWrittenAsAJsonArrayAreReadToo()
    {
        string file = Write("array.json", """[ { "Role": "user", "Content": "Hei" }, { "Role": "assistant", "Content": "Hallo", "tokenIds": [ 5, 6 ], "tokenVocabulary": "v" } ]""");
        var session = new ChatSession([]);
        session.Load(file);
        Assert.Equal(new[] { 5, 6 }, session.Turns[1].Tokens!.Ids);
    }

    [Theory]
    [InlineData("\"TokenIds\": [ 5, \"6\" ], \"TokenVocabulary\": \"v\"")]
    [InlineData("\"TokenIds\": \"5 x\", \"TokenVocabulary\": \"v\"")]
    [InlineData("\"TokenIds\": \"5 99999999999\", \"TokenVocabulary\": \"v\"")]
    [InlineData("\"TokenIds\": 5, \"TokenVocabulary\": \"v\"")]
    [InlineData("\"TokenIds\": [ 5, 6.5 ], \"TokenVocabulary\": \"v\"")]
    [InlineData("\"TokenIds\": [ 5, 6 ]")]
    [InlineData("\"TokenIds\": [ 5, 6 ], \"TokenVocabulary\": 7")]
    public void OddIdsInAFileLeaveTheAnswerToItsText(string ids)
    {
        string file = Write("odd.json", $$"""[ { "Role": "user", "Content": "Hei" }, { "Role": "assistant", "Content": "Hallo", {{ids}} } ]""");
        var session = new ChatSession([]);

        Assert.Equal(2, session.Load(file));
        Assert.Equal([UserSays("Hei"), AssistantSays("Hallo")], session.Conversation());
    }

    [Fact]
    public void LoadsWhatConvertToJsonWrites()
    {
        string many = Write("many.json", """[ { "role": "user", "content": "Hei" }, { "Role": "Assistant", "Content": "Hallo" } ]""");
        string single = Write("single.json", """{ "Content": "Vær kort.", "Role": "system" }""");
        var session = new ChatSession([]);

        Assert.Equal(2, session.Load(many));
        Assert.Equal([UserSays("Hei"), AssistantSays("Hallo")], session.Conversation());
        Assert.Equal(1, session.Load(single));
        Assert.Equal([SystemSays("Vær kort.")], session.Conversation());
    }

    [Theory]
    [InlineData("dette er ikke JSON")]
    [InlineData("[ { \"Role\": \"user\", \"Content\": \"Hei\" ")]
    [InlineData("[ 1, 2 ]")]
    [InlineData("[ { \"Role\": 1, \"Content\": \"Hei\" } ]")]
    public void AFileThatIsNotAJsonConversationIsNamedInTheException(string text)
    {
        string file = Write("ødelagt.json", text);
        var session = new ChatSession([UserSays("Hei"), AssistantSays("Hallo")]);

        ConversationFileException e = Assert.Throws<ConversationFileException>(() => session.Load(file));

        Assert.Equal(file, e.Path);
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.NotNull(e.InnerException);
        Assert.Equal([UserSays("Hei"), AssistantSays("Hallo")], session.Conversation());
    }

    [Fact]
    public void AMissingFileIsNamedInTheException()
    {
        string file = Path.Combine(folder, "finnes-ikke.json");

        ConversationFileException e = Assert.Throws<ConversationFileException>(() => new ChatSession([]).Load(file));

        Assert.IsAssignableFrom<IOException>(e.InnerException);
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadRoleKeepsItsErrorIdAndNamesTheFile()
    {
        string file = Write("roller.json", """[ { "Role": "user", "Content": "Hei" }, { "Role": "robot", "Content": "Bip" } ]""");
        var session = new ChatSession([SystemSays("Svar kort.")]);

        PromptException e = Assert.Throws<PromptException>(() => session.Load(file));

        Assert.Equal(PromptErrorIds.ConversationRoleInvalid, e.ErrorId);
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains("Message 2 has the role 'robot'", e.Message, StringComparison.Ordinal);
        Assert.Equal([SystemSays("Svar kort.")], session.Conversation());
    }

    [Fact]
    public void AMissingRoleIsABadRole()
    {
        string file = Write("uten-rolle.json", """[ { "Content": "Hei" } ]""");

        PromptException e = Assert.Throws<PromptException>(() => new ChatSession([]).Load(file));

        Assert.Equal(PromptErrorIds.ConversationRoleInvalid, e.ErrorId);
        Assert.Contains("role ''", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AConversationThatCannotBeContinuedKeepsItsErrorIdAndNamesTheFile()
    {
        string file = Write("rekkefølge.json", """[ { "Role": "user", "Content": "Hei" } ]""");

        PromptException e = Assert.Throws<PromptException>(() => new ChatSession([]).Load(file));

        Assert.Equal(PromptErrorIds.ConversationRoleOrder, e.ErrorId);
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileThatCannotBeWrittenIsNamedInTheException()
    {
        ConversationFileException e = Assert.Throws<ConversationFileException>(() => new ChatSession([]).Save(folder));

        Assert.Equal(folder, e.Path);
        Assert.Contains(folder, e.Message, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        string file = Path.Combine(folder, name);
        File.WriteAllText(file, text);
        return file;
    }
}
