using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;

namespace MakCrm.IntegrationTests.Streaming;

/// <summary>One server-sent message as a client reads it: a comment, a retry hint, or an event.</summary>
public sealed record SseMessage(string? Id, string? Event, string? Data, string? Comment, string? Retry);

/// <summary>
/// Reads a stream over real HTTP as its messages arrive (WHATWG framing: fields per line, a blank line ends a
/// message, a line starting with a colon is a comment).
/// </summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly Channel<SseMessage> messages = Channel.CreateUnbounded<SseMessage>();
    private readonly CancellationTokenSource stop = new();
    private readonly Task reading;

    private SseClient(HttpResponseMessage response)
    {
        Response = response;
        reading = Task.Run(ReadAsync);
    }

    public HttpResponseMessage Response { get; }

    /// <summary>Whether the server ended the stream.</summary>
    public bool Ended => reading.IsCompleted;

    public static async Task<SseClient> OpenAsync(HttpClient http, string url, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new SseClient(response);
    }

    /// <summary>The next message, or null if none came within <paramref name="timeout"/> or the stream ended.</summary>
    public async Task<SseMessage?> NextAsync(TimeSpan? timeout = null)
    {
        using var wait = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            return await messages.Reader.ReadAsync(wait.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>The next message that <paramref name="match"/> accepts, skipping others; null if none came in time.</summary>
    public async Task<SseMessage?> NextWhereAsync(Func<SseMessage, bool> match, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < until)
        {
            if (await NextAsync(until - DateTime.UtcNow) is not { } message)
            {
                return null;
            }

            if (match(message))
            {
                return message;
            }
        }

        return null;
    }

    private async Task ReadAsync()
    {
        try
        {
            await using var body = await Response.Content.ReadAsStreamAsync(stop.Token);
            using var reader = new StreamReader(body, Encoding.UTF8);
            string? id = null, type = null, retry = null, comment = null;
            var data = new StringBuilder();
            var any = false;
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (any)
                    {
                        messages.Writer.TryWrite(new SseMessage(id, type, data.Length > 0 ? data.ToString() : null, comment, retry));
                    }

                    (id, type, retry, comment, any) = (null, null, null, null, false);
                    data.Clear();
                    continue;
                }

                any = true;
                if (line.StartsWith(':'))
                {
                    comment = line[1..].Trim();
                    continue;
                }

                var colon = line.IndexOf(':');
                var (field, value) = colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..].TrimStart(' '));
                switch (field)
                {
                    case "id": id = value; break;
                    case "event": type = value; break;
                    case "retry": retry = value; break;
                    case "data": data.Append(data.Length > 0 ? "\n" : "").Append(value); break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException)
        {
            // Disposed, or the connection went.
        }
        finally
        {
            messages.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await reading;
        Response.Dispose();
        stop.Dispose();
    }
}
