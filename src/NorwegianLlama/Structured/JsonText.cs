using System.Text;
using System.Text.Json;

namespace NorwegianLlama.Structured;

/// <summary>
/// Compact JSON text for enum/const values and property names, the way a model should write them:
/// non-ASCII (æøå) stays as is, only quotes, backslashes and control characters are escaped.
/// (System.Text.Json's default encoder would write \u00E6, which is valid but not what we want the model
/// to be forced into.)
/// </summary>
internal static class JsonText
{
    public static string Write(JsonElement value)
    {
        var text = new StringBuilder();
        Write(value, text);
        return text.ToString();
    }

    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2);
        Quote(value, text);
        return text.ToString();
    }

    private static void Write(JsonElement value, StringBuilder text)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                Quote(value.GetString()!, text);
                break;
            case JsonValueKind.Number:
                // Kept as written: 1.50 stays 1.50, and no double rounding sneaks in.
                text.Append(value.GetRawText());
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            case JsonValueKind.Null:
                text.Append("null");
                break;
            case JsonValueKind.Array:
                text.Append('[');
                bool firstItem = true;
                foreach (JsonElement item in value.EnumerateArray())
                {
                    if (!firstItem)
                    {
                        text.Append(',');
                    }

                    firstItem = false;
                    Write(item, text);
                }

                text.Append(']');
                break;
            case JsonValueKind.Object:
                text.Append('{');
                bool firstProperty = true;
                foreach (JsonProperty property in value.EnumerateObject())
                {
                    if (!firstProperty)
                    {
                        text.Append(',');
                    }

                    firstProperty = false;
                    Quote(property.Name, text);
                    text.Append(':');
                    Write(property.Value, text);
                }

                text.Append('}');
                break;
        }
    }

    private static void Quote(string value, StringBuilder text)
    {
        text.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                case '\b':
                    text.Append("\\b");
                    break;
                case '\f':
                    text.Append("\\f");
                    break;
                case < ' ':
                    text.Append("\\u").Append(((int)c).ToString("x4"));
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        text.Append('"');
    }
}
