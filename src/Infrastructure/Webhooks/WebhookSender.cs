using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MakCrm.Domain.Webhooks;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Webhooks;

/// <summary>What one HTTP request of a delivery came to.</summary>
public sealed record WebhookResponse(bool Succeeded, int? Status, int DurationMs, string? Body, string? Error)
{
    public bool Gone => Status == (int)HttpStatusCode.Gone;
}

/// <summary>The target resolved only to addresses webhooks may not reach.</summary>
internal sealed class WebhookTargetRefusedException(string message) : IOException(message);

/// <summary>
/// Sends webhook requests: the SSRF guard checks every address the target resolves to at connect time (so a DNS answer
/// that changes after the subscription was checked is caught too), redirects are not followed, no proxy is used, and a
/// receiver has <see cref="WebhookOptions.Timeout"/> to answer. Only the first 2 KB of an answer are read.
/// </summary>
[Singleton]
public sealed class WebhookSender : IDisposable
{
    public const int KeptResponseBytes = 2048;

    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;
    private readonly bool _allowPrivate;

    public WebhookSender(IOptions<WebhookOptions> options)
    {
        _timeout = options.Value.Timeout;
        _allowPrivate = options.Value.AllowPrivateTargets;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = _timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            MaxConnectionsPerServer = 256,
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("MakCrm-Webhooks/1.0");
    }

    public async Task<WebhookResponse> SendAsync(
        string url,
        string messageId,
        long timestamp,
        string signature,
        byte[] body,
        CancellationToken cancellationToken
    )
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation("webhook-id", messageId);
            request.Headers.TryAddWithoutValidation(
                "webhook-timestamp",
                timestamp.ToString(CultureInfo.InvariantCulture)
            );
            request.Headers.TryAddWithoutValidation("webhook-signature", signature);
            using var response = await _http.SendAsync(
                request,
                HttpCompletionOption.ResponseHeadersRead,
                timeout.Token
            );
            var text = await ReadStartAsync(response, timeout.Token);
            var status = (int)response.StatusCode;
            var succeeded = status is >= 200 and < 300;
            var error =
                succeeded ? null
                : status is >= 300 and < 400
                    ? $"The receiver answered {status} (a redirect, which is not followed: update the URL)."
                : $"The receiver answered {status}.";
            return new WebhookResponse(succeeded, status, Elapsed(started), text, error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookResponse(
                false,
                null,
                Elapsed(started),
                null,
                $"The receiver did not answer within {_timeout.TotalSeconds:0} seconds."
            );
        }
        catch (HttpRequestException ex)
        {
            var refused = FindRefusal(ex);
            return new WebhookResponse(
                false,
                null,
                Elapsed(started),
                null,
                refused?.Message ?? $"The request failed: {ex.Message}"
            );
        }
        catch (Exception ex) when (ex is InvalidOperationException or UriFormatException or IOException)
        {
            return new WebhookResponse(false, null, Elapsed(started), null, $"The request failed: {ex.Message}");
        }
    }

    public void Dispose() => _http.Dispose();

    private async ValueTask<Stream> ConnectAsync(
        SocketsHttpConnectionContext context,
        CancellationToken cancellationToken
    )
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = _allowPrivate ? addresses : addresses.Where(a => !WebhookTargets.IsPrivate(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new WebhookTargetRefusedException(
                $"Refused: {host} resolves to {string.Join(", ", addresses.Select(a => a.ToString()))}, a private, "
                    + $"loopback or otherwise internal address; webhooks are sent to public addresses only."
            );
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static WebhookTargetRefusedException? FindRefusal(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is WebhookTargetRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    private static async Task<string?> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[KeptResponseBytes];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += n;
        }

        return read == 0 ? null : Encoding.UTF8.GetString(buffer, 0, read).Replace("\0", "", StringComparison.Ordinal);
    }

    private static int Elapsed(long started) => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
