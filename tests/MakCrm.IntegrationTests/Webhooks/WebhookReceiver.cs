using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace MakCrm.IntegrationTests.Webhooks;

/// <summary>A request a <see cref="WebhookReceiver"/> got: its headers and its exact body.</summary>
public sealed record ReceivedWebhook(string Path, string Id, string Timestamp, string Signature, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>
    /// Verifies the Standard Webhooks signature with one secret, independently of the server's code: the HMAC-SHA256
    /// of <c>id.timestamp.body</c> with the secret's bytes must be one of the <c>v1,</c> entries.
    /// </summary>
    public bool VerifiesWith(string secret)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{Id}.{Timestamp}.").Concat(Body).ToArray()));
        return Signature.Split(' ').Any(entry => entry.StartsWith("v1,", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(entry[3..]), Encoding.ASCII.GetBytes(expected)));
    }
}

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (HttpListener) that records every request and answers with the status
/// <see cref="Answer"/> gives (200 unless set), optionally after <see cref="Delay"/>.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly Task _loop;

    public WebhookReceiver()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url(string path = "hooks") => $"http://127.0.0.1:{Port}/{path}";

    public Func<ReceivedWebhook, int> Answer { get; set; } = _ => 200;

    public TimeSpan Delay { get; set; }

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>Waits until <paramref name="count"/> requests matching <paramref name="filter"/> arrived.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int count, Func<ReceivedWebhook, bool>? filter = null, int seconds = 15)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var matching = _received.Where(r => filter?.Invoke(r) ?? true).ToList();
            if (matching.Count >= count || DateTime.UtcNow > until)
            {
                return matching;
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception)
        {
            // The listener was closed under the loop.
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var received = new ReceivedWebhook(
                context.Request.Url!.AbsolutePath,
                context.Request.Headers["webhook-id"] ?? "",
                context.Request.Headers["webhook-timestamp"] ?? "",
                context.Request.Headers["webhook-signature"] ?? "",
                body.ToArray());
            _received.Enqueue(received);
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay);
            }

            context.Response.StatusCode = Answer(received);
            var answer = Encoding.UTF8.GetBytes("received " + received.Id);
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
        catch (Exception)
        {
            // The sender went away (a cancelled attempt): nothing to answer.
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
