namespace MakCrm.Client;

public partial class MakCrmApiResponse
{
    /// <summary>
    /// The <c>ETag</c> of the returned representation, e.g. <c>"3"</c> (quotes included), or null when the response
    /// has none. Pass it unchanged as <c>if_Match</c> to the next update or delete of the same resource.
    /// </summary>
    public string? ETag => GetHeader("ETag");

    /// <summary>
    /// Whether the answer is <c>304 Not Modified</c>: nothing changed since the <c>ETag</c> sent as
    /// <c>if_None_Match</c>. Such an answer is a value, not an exception, and carries no <c>Result</c> (it is null):
    /// keep the representation you have.
    /// </summary>
    public bool IsNotModified => StatusCode == 304;

    /// <summary>The <c>Location</c> of a created resource, or null when the response has none.</summary>
    public string? Location => GetHeader("Location");

    /// <summary>The first value of a response header (case-insensitive name), or null.</summary>
    public string? GetHeader(string name)
    {
        foreach (var header in Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value.FirstOrDefault();
            }
        }

        return null;
    }
}
