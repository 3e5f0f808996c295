using System;
using System.Linq;
using NorwegianLlama.Chat;
using Xunit;

namespace NorwegianLlama.Tests.Chat;

public sealed class LineEditorTests
{
    private static readonly ConsoleKeyInfo Enter = Key(ConsoleKey.Enter, '\r');
    private static readonly ConsoleKeyInfo Backspace = Key(ConsoleKey.Backspace, '\x7f');
    private static readonly ConsoleKeyInfo Delete = Key(ConsoleKey.Delete);
    private static readonly ConsoleKeyInfo Left = Key(ConsoleKey.LeftArrow);
    private static readonly ConsoleKeyInfo Right = Key(ConsoleKey.RightArrow);
    private static readonly ConsoleKeyInfo Home = Key(ConsoleKey.Home);
    private static readonly ConsoleKeyInfo End = Key(ConsoleKey.End);
    private static readonly ConsoleKeyInfo Up = Key(ConsoleKey.UpArrow);
    private static readonly ConsoleKeyInfo Down = Key(ConsoleKey.DownArrow);
    private static readonly ConsoleKeyInfo ControlC = new('\x03', ConsoleKey.C, shift: false, alt: false, control: true);
    private static readonly ConsoleKeyInfo ControlD = new('\x04', ConsoleKey.D, shift: false, alt: false, control: true);

    [Fact]
    public void TypesNorwegianLettersAndSubmitsOnEnter()
    {
        var editor = Started();

        Assert.Equal(LineEditResult.Editing, Type(editor, "Blåbærsyltetøy ÆØÅ").Last());
        Assert.Equal(LineEditResult.Submitted, editor.Apply(Enter));
        Assert.Equal("Blåbærsyltetøy ÆØÅ", editor.Text);
    }

    [Fact]
    public void EditsInTheMiddleWithTheArrowsHomeAndEnd()
    {
        var editor = Started();
        Type(editor, "Hei der");

        Press(editor, Left, Left, Left, Backspace);
        Type(editor, "_");
        Press(editor, Home, Delete);
        Type(editor, "h");
        Press(editor, End);
        Type(editor, "!");
        Press(editor, Home, Right);
        Type(editor, "E");

        Assert.Equal("hEei_der!", editor.Text);
        Assert.Equal(2, editor.Cursor);
    }

    [Fact]
    public void StaysWithinTheLineAtBothEnds()
    {
        var editor = Started();
        Press(editor, Backspace, Delete, Left);
        Type(editor, "ab");
        Press(editor, Right, Right, Delete);

        Assert.Equal("ab", editor.Text);
        Assert.Equal(2, editor.Cursor);
    }

    [Fact]
    public void RecallsTheLinesOfThisChatAndWhatWasBeingTyped()
    {
        var editor = Started();
        Submit(editor, "første");
        Submit(editor, "andre");
        editor.Begin();
        Type(editor, "tredj");

        Press(editor, Up);
        Assert.Equal("andre", editor.Text);
        Assert.Equal(5, editor.Cursor);
        Press(editor, Up, Up);
        Assert.Equal("første", editor.Text);
        Press(editor, Down);
        Assert.Equal("andre", editor.Text);
        Press(editor, Down);
        Assert.Equal("tredj", editor.Text);
        Press(editor, Down);
        Assert.Equal("tredj", editor.Text);
    }

    [Fact]
    public void KeepsBlankLinesAndRepeatsOutOfTheHistory()
    {
        var editor = Started();
        Submit(editor, "hei");
        Submit(editor, "hei");
        Submit(editor, "   ");
        editor.Begin();

        Press(editor, Up);
        Assert.Equal("hei", editor.Text);
        Press(editor, Up);
        Assert.Equal("hei", editor.Text);
    }

    [Fact]
    public void ControlCEndsTheChatWhateverWasTyped()
    {
        var editor = Started();
        Type(editor, "halvferdig");

        Assert.Equal(LineEditResult.Cancelled, editor.Apply(ControlC));
    }

    [Fact]
    public void ControlDEndsInputOnlyOnAnEmptyLine()
    {
        var editor = Started();
        Type(editor, "x");
        Assert.Equal(LineEditResult.Editing, editor.Apply(ControlD));
        Press(editor, Backspace);

        Assert.Equal(LineEditResult.EndOfInput, editor.Apply(ControlD));
    }

    [Fact]
    public void IgnoresTabsAndOtherControlCharacters()
    {
        var editor = Started();
        Type(editor, "a\tb");
        Press(editor, Key(ConsoleKey.F1));

        Assert.Equal("ab", editor.Text);
    }

    [Fact]
    public void StartsEachLineEmpty()
    {
        var editor = Started();
        Submit(editor, "hei");
        editor.Begin();

        Assert.Equal("", editor.Text);
        Assert.Equal(0, editor.Cursor);
    }

    private static LineEditor Started()
    {
        var editor = new LineEditor();
        editor.Begin();
        return editor;
    }

    private static LineEditResult[] Type(LineEditor editor, string text) =>
        text.Select(c => editor.Apply(Key(c == '\t' ? ConsoleKey.Tab : ConsoleKey.A, c))).ToArray();

    private static void Press(LineEditor editor, params ConsoleKeyInfo[] keys)
    {
        foreach (ConsoleKeyInfo key in keys)
        {
            Assert.Equal(LineEditResult.Editing, editor.Apply(key));
        }
    }

    private static void Submit(LineEditor editor, string line)
    {
        editor.Begin();
        Type(editor, line);
        Assert.Equal(LineEditResult.Submitted, editor.Apply(Enter));
    }

    private static ConsoleKeyInfo Key(ConsoleKey key, char c = '\0') => new(c, key, shift: false, alt: false, control: false);
}
