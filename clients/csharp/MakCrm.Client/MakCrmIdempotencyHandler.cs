namespace MakCrm.Client;

/// <summary>
/// Gives every request of an operation that takes an <c>Idempotency-Key</c> (as the contract declares it) a random
/// key when the caller set none — an absent or empty header — so that the retries of <see cref="MakCrmRetryHandler"/>
/// and the 401 re-send of <see cref="MakCrmTokenHandler"/> repeat one request instead of making a second one. A key
/// the caller set is kept; pass your own (e.g. the id of the order in your system) to make retries across calls,
/// restarts or machines safe as well.
/// </summary>
public sealed class MakCrmIdempotencyHandler : DelegatingHandler
{
    /// <summary>The request header's name.</summary>
    public const string HeaderName = "Idempotency-Key";

    /// <summary>A new random key: a UUID.</summary>
    public static string NewKey() => Guid.NewGuid().ToString("D");

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        AddKey(request);
        return base.SendAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        AddKey(request);
        return base.Send(request, cancellationToken);
    }

    /// <summary>The request's key: null when it has none (no header, or only empty ones).</summary>
    public static string? KeyOf(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.TryGetValues(HeaderName, out var values) ? values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) : null;
    }

    private static void AddKey(HttpRequestMessage request)
    {
        if (KeyOf(request) is not null || MakCrmOperations.Find(request) is not { TakesIdempotencyKey: true })
        {
            return;
        }

        request.Headers.Remove(HeaderName);
        request.Headers.TryAddWithoutValidation(HeaderName, NewKey());
    }
}
