using System.Globalization;
using System.Text;

namespace MakCrm.Infrastructure.Transfer;

/// <summary>
/// Text in an XLSX cell is XML, which cannot hold most control characters (U+0001 is valid in PostgreSQL text and in
/// JSON, but not in XML 1.0). The spreadsheet format's own escape (ECMA-376 <c>ST_Xstring</c>) writes such a character
/// as
/// <c>_xHHHH_</c>, and an underscore that would otherwise start such a sequence as <c>_x005F_</c>; Excel and
/// LibreOffice
/// show the character. The writer escapes every cell this way and the reader undoes it, so any stored text is
/// exported, and an export imported again is what was exported.
/// </summary>
public static class XlsxText
{
    public static string Escape(string text)
    {
        if (!NeedsEscape(text))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!IsXmlChar(text, i) || (c == '_' && IsEscapeAt(text, i)))
            {
                escaped.Append("_x").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append('_');
            }
            else
            {
                escaped.Append(c);
                if (char.IsHighSurrogate(c))
                {
                    escaped.Append(text[++i]);
                }
            }
        }

        return escaped.ToString();
    }

    public static string Unescape(string text)
    {
        if (!text.Contains("_x", StringComparison.Ordinal))
        {
            return text;
        }

        var plain = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '_' && IsEscapeAt(text, i))
            {
                plain.Append(
                    (char)int.Parse(text.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                );
                i += 6;
            }
            else
            {
                plain.Append(text[i]);
            }
        }

        return plain.ToString();
    }

    private static bool NeedsEscape(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsXmlChar(text, i) || (text[i] == '_' && IsEscapeAt(text, i)))
            {
                return true;
            }

            if (char.IsHighSurrogate(text[i]))
            {
                i++;
            }
        }

        return false;
    }

    // XML 1.0's Char: TAB, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, and a surrogate pair.
    private static bool IsXmlChar(string text, int i)
    {
        var c = text[i];
        return c switch
        {
            '\t' or '\n' or '\r' => true,
            < ' ' => false,
            _ when char.IsHighSurrogate(c) => i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]),
            _ when char.IsLowSurrogate(c) => false,
            '\uFFFE' or '\uFFFF' => false,
            _ => true,
        };
    }

    // "_x" then four hexadecimal digits then "_".
    private static bool IsEscapeAt(string text, int i) =>
        i + 6 < text.Length
        && text[i + 1] == 'x'
        && text[i + 6] == '_'
        && text.AsSpan(i + 2, 4).ContainsAnyExcept(HexDigits) == false;

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create(
        "0123456789abcdefABCDEF"
    );
}
