using System.Security.Cryptography;
using System.Text.Json;

namespace MakCrm.Application.Common;

/// <summary>
/// The entity tag of a representation that counts no versions (a user, a role matrix, one's notification
/// preferences): a hash of its content, so it changes exactly when the representation does. The answers that show such
/// a representation carry it as their <c>ETag</c>, and the changes of it check <c>If-Match</c> against it.
/// </summary>
public static class ContentTag
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Of<T>(T representation) =>
        Convert.ToHexStringLower(
            SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(representation, Options)).AsSpan(0, 12)
        );
}
