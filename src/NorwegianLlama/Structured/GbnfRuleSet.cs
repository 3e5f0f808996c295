using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace NorwegianLlama.Structured;

/// <summary>The rules of a grammar being written: unique readable names, reserved before their body is
/// known (so a recursive $ref can name itself), and the shared JSON scalar rules that were used.</summary>
internal sealed class GbnfRuleSet
{
    private readonly List<string> _order = new();
    private readonly Dictionary<string, string?> _bodies = new();
    private readonly HashSet<string> _usedShared = new();

    public GbnfRuleSet()
    {
        foreach ((string name, _, _) in JsonGrammarRules.All)
        {
            _bodies.Add(name, null);
        }
    }

    public string Reserve(string hint)
    {
        string baseName = GbnfText.Name(hint.Length > 60 ? hint[..60] : hint);
        string name = baseName;
        for (int i = 2; _bodies.ContainsKey(name); i++)
        {
            name = $"{baseName}-{i}";
        }

        _bodies.Add(name, null);
        _order.Add(name);
        return name;
    }

    public void Define(string name, string body) => _bodies[name] = body;

    public void Unreserve(string name)
    {
        _bodies.Remove(name);
        _order.Remove(name);
    }

    /// <summary>Marks a shared scalar rule (and the ones it uses) as needed and returns its name.</summary>
    public string Shared(string name)
    {
        if (_usedShared.Add(name))
        {
            foreach (string dependency in JsonGrammarRules.All.First(r => r.Name == name).Uses)
            {
                Shared(dependency);
            }
        }

        return name;
    }

    /// <summary>One rule a line: the schema's rules in the order they were reserved, then the shared ones.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        foreach (string name in _order)
        {
            text.Append(name).Append(" ::= ").Append(_bodies[name]).Append('\n');
        }

        foreach ((string name, string body, _) in JsonGrammarRules.All)
        {
            if (_usedShared.Contains(name))
            {
                text.Append(name).Append(" ::= ").Append(body).Append('\n');
            }
        }

        return text.ToString();
    }
}
