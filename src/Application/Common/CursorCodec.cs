using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace MakCrm.Application.Common;

/// <summary>
/// Cursors are opaque to clients: base64url of a small JSON object naming the list, the sort, the last sort value and
/// the last id. They carry no secrets, only a position, so they are not signed; a tampered cursor is either rejected or
/// simply points somewhere else in the same list.
/// </summary>
public static class CursorCodec
{
    /// <summary>The longest cursor read: a sort by a custom text field carries a value of up to 1,000 characters.
    /// </summary>
    public const int MaxLength = 4096;

    public static string Encode(string list, string sort, string value, Guid id)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new CursorPayload(list, sort, value, id));
        return Base64Url.EncodeToString(json);
    }

    public static bool TryDecode(string cursor, out CursorPayload payload)
    {
        payload = null!;
        if (cursor.Length is 0 or > MaxLength)
        {
            return false;
        }

        byte[] json;
        try
        {
            json = Base64Url.DecodeFromChars(cursor);
        }
        catch (FormatException)
        {
            return false;
        }

        try
        {
            var decoded = JsonSerializer.Deserialize<CursorPayload>(json);
            if (decoded is null || decoded.List is null || decoded.Sort is null || decoded.Value is null)
            {
                return false;
            }

            payload = decoded;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public sealed record CursorPayload(string List, string Sort, string Value, Guid Id);
}
