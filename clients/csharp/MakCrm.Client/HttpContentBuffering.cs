namespace MakCrm.Client;

internal static class HttpContentBuffering
{
    /// <summary>Buffers a body that can be read only once, so that a handler can send its request again.</summary>
    public static async Task BufferForResendAsync(this HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content and not ByteArrayContent)
        {
#if NET9_0_OR_GREATER
            await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
#else
            cancellationToken.ThrowIfCancellationRequested();
            await content.LoadIntoBufferAsync().ConfigureAwait(false);
#endif
        }
    }
}
