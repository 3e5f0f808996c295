namespace NorwegianLlama.Structured;

/// <summary>
/// The grammar -AsObject uses when no schema or grammar is given: any JSON object or array. Whitespace is
/// at most one space in each place, so a model that likes spaces cannot pad forever.
/// </summary>
internal static class AnyJsonGrammar
{
    public const string Gbnf = """
        root   ::= object | array
        value  ::= object | array | string | number | "true" | "false" | "null"
        object ::= "{" ws ( member ( "," ws member )* )? ws "}"
        member ::= string ws ":" ws value
        array  ::= "[" ws ( value ( "," ws value )* )? ws "]"
        string ::= "\"" ( [^"\\\x7F\x00-\x1F] | "\\" ( ["\\/bfnrt] | "u" [0-9a-fA-F]{4} ) )* "\""
        number ::= "-"? ( "0" | [1-9] [0-9]{0,17} ) ( "." [0-9]{1,17} )? ( [eE] [-+]? [0-9]{1,3} )?
        ws     ::= " "?
        """;
}
