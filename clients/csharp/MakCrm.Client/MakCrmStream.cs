using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace MakCrm.Client;

/// <summary>
/// One message of the live stream (<c>GET /api/v1/stream</c>): an event (<see cref="Event"/>, read its data with
/// <see cref="MakCrmEvents.DataAs{T}"/>), a notification of the signed-in user, or a lot's live state after a bid.
/// </summary>
public sealed class MakStreamMessage
{
    /// <summary>The <see cref="Type"/> of a notification.</summary>
    public const string NotificationType = "notification";

    /// <summary>The <see cref="Type"/> of a lot's live state.</summary>
    public const string LotStateType = "lot_state";

    private MakStreamMessage(string type, string data, string? id)
    {
        Type = type;
        Data = data;
        Id = id;
    }

    /// <summary>The message's type: an event's type (<see cref="MakEventTypes"/>), <see cref="NotificationType"/> or <see cref="LotStateType"/>.</summary>
    public string Type { get; }

    /// <summary>The message's data as sent (JSON).</summary>
    public string Data { get; }

    /// <summary>An event's <c>id</c> (its sequence): what a new stream resumes after (<c>lastEventId</c>); null for other messages.</summary>
    public string? Id { get; }

    /// <summary>The event, for an event; null otherwise.</summary>
    public Event? Event { get; private init; }

    /// <summary>The new notification, for <see cref="NotificationType"/>; null otherwise. Notifications are not replayed after a reconnection.</summary>
    public Notification? Notification { get; private init; }

    /// <summary>The lot's live state, for <see cref="LotStateType"/>; null otherwise. Not replayed after a reconnection.</summary>
    public LotLiveState? LotState { get; private init; }

    /// <summary>The stream message of one server-sent message: events are named by their type (<c>lead.created</c>) and carry an id.</summary>
    public static MakStreamMessage From(MakSseMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var json = MakCrmApiClient.JsonOptions;
        return message.Type switch
        {
            NotificationType => new(message.Type, message.Data, null) { Notification = JsonSerializer.Deserialize<Notification>(message.Data, json) },
            LotStateType => new(message.Type, message.Data, null) { LotState = JsonSerializer.Deserialize<LotLiveState>(message.Data, json) },
            _ when message.Type.Contains('.', StringComparison.Ordinal) && message.LastEventId.Length > 0 =>
                new(message.Type, message.Data, message.LastEventId) { Event = JsonSerializer.Deserialize<Event>(message.Data, json) },
            _ => new(message.Type, message.Data, null),
        };
    }
}

/// <summary>How <see cref="IMakCrmApiClient.StreamEventsAsync"/> connects again after the connection dropped.</summary>
public sealed class MakStreamOptions
{
    /// <summary>Whether to connect again after a drop (default true); false: the enumeration ends with the connection.</summary>
    public bool Reconnect { get; init; } = true;

    /// <summary>The first wait before connecting again, until the server's <c>retry:</c> says otherwise (default 3 s).</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The longest wait: each failed attempt in a row doubles it up to this (default 30 s).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Failed attempts in a row (no answer, 5xx) after which the enumeration throws the last error (default: never).</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>
    /// Told when a connection is open (the server answered 200), from when on it carries what happens; the argument
    /// says whether it is a reconnection, after which re-read what the stream does not replay (notifications, lots).
    /// </summary>
    public Action<bool>? OnOpen { get; init; }

    /// <summary>Told of each drop before connecting again: the failures in a row and the error (null when the server ended the stream).</summary>
    public Action<int, Exception?>? OnReconnect { get; init; }
}

public partial interface IMakCrmApiClient
{
    /// <summary>
    /// The live stream (<c>GET /api/v1/stream</c>) as messages, read as they come: events (narrowed to
    /// <paramref name="types"/>), the signed-in user's notifications and lots' live state. A dropped connection is
    /// opened again with <c>Last-Event-ID</c> set to the last event's id, so that no event is skipped or repeated;
    /// <paramref name="options"/> say how. A problem answer (401, 403, 410 <c>event_cursor_expired</c>, 429
    /// <c>stream_limit_reached</c>, ...) ends the enumeration with a <see cref="MakCrmApiException"/>; cancelling
    /// <paramref name="cancellationToken"/> closes the stream (an <see cref="OperationCanceledException"/>).
    /// </summary>
    /// <param name="types">Only events of these types (notifications and lot states are not filtered); null: all.</param>
    /// <param name="lastEventId">Resume after this event id (an event's <c>sequence</c>); null: from now on.</param>
    /// <param name="options">Reconnection and notices (null: the defaults).</param>
    /// <param name="cancellationToken">Closes the stream.</param>
    IAsyncEnumerable<MakStreamMessage> StreamEventsAsync(
        IEnumerable<EventType>? types = null,
        string? lastEventId = null,
        MakStreamOptions? options = null,
        CancellationToken cancellationToken = default);
}

public partial class MakCrmApiClient
{
    /// <inheritdoc />
    public virtual async IAsyncEnumerable<MakStreamMessage> StreamEventsAsync(
        IEnumerable<EventType>? types = null,
        string? lastEventId = null,
        MakStreamOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new MakStreamOptions();
        var query = StreamQuery(types);
        var delay = options.InitialDelay;
        var failures = 0;
        var opened = false;
        var last = lastEventId;
        while (true)
        {
            Exception? error = null;
            HttpResponseMessage? response = null;
            try
            {
                response = await SendStreamRequestAsync(query, last, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransient(ex, cancellationToken))
            {
                error = ex;
            }

            if (response is not null)
            {
                using (response)
                {
                    failures = 0;
                    options.OnOpen?.Invoke(opened);
                    opened = true;
                    // The stream's first message names where it starts: a drop before any event resumes from there.
                    var parser = new MakSseParser(last ?? "") { ReturnIdOnlyMessages = true };
                    // The parser drops the one leading BOM itself, as the standard says; the reader keeps it.
                    using var reader = new StreamReader(
                        await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false),
                        new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
                        detectEncodingFromByteOrderMarks: false);
                    var buffer = new char[4096];
                    while (true)
                    {
                        int read;
                        try
                        {
                            read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (IsTransient(ex, cancellationToken))
                        {
                            error = ex;
                            break;
                        }

                        if (read == 0)
                        {
                            break;
                        }

                        var messages = parser.Push(buffer.AsSpan(0, read));
                        delay = parser.Retry ?? delay;
                        foreach (var sse in messages)
                        {
                            if (sse.Type.Length == 0)
                            {
                                last = sse.LastEventId.Length > 0 ? sse.LastEventId : last;
                                continue;
                            }

                            var message = MakStreamMessage.From(sse);
                            if (message.Event is not null)
                            {
                                last = message.Id;
                            }

                            yield return message;
                        }
                    }
                }
            }

            if (error is not null)
            {
                failures++;
            }

            if (!options.Reconnect)
            {
                yield break;
            }

            if (options.MaxAttempts is { } max && failures >= max && error is not null)
            {
                throw error;
            }

            options.OnReconnect?.Invoke(failures, error);
            // The server's retry: after a drop; each further failure in a row doubles it, up to MaxDelay.
            var wait = delay * Math.Pow(2, Math.Max(0, failures - 1));
            await Task.Delay(wait < options.MaxDelay ? wait : options.MaxDelay, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string StreamQuery(IEnumerable<EventType>? types)
    {
        var query = new StringBuilder("api/v1/stream");
        var separator = '?';
        foreach (var type in types ?? [])
        {
            var name = JsonSerializer.Serialize(type, JsonOptions).Trim('"');
            query.Append(separator).Append("types=").Append(Uri.EscapeDataString(name));
            separator = '&';
        }

        return query.ToString();
    }

    // A failure worth connecting again after: no answer, a broken connection, a 5xx; not a cancellation by the caller.
    private static bool IsTransient(Exception exception, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && exception is HttpRequestException or IOException or OperationCanceledException or MakCrmApiException { StatusCode: >= 500 };

    /// <summary>Opens one connection: the 200 answer, its body unread; any other answer as a <see cref="MakCrmApiException"/>.</summary>
    private async Task<HttpResponseMessage> SendStreamRequestAsync(string url, string? lastEventId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        PrepareRequest(_httpClient, request, url);
        var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return response;
        }

        using (response)
        {
            var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => h.Value);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            Problem? problem = null;
            try
            {
                problem = string.IsNullOrWhiteSpace(text) ? null : JsonSerializer.Deserialize<Problem>(text, JsonOptions);
            }
            catch (JsonException)
            {
                // Not a problem document: the exception carries the text as it is.
            }

            var status = (int)response.StatusCode;
            const string Message = "The stream could not be opened.";
            throw problem?.Code is null
                ? new MakCrmApiException(Message, status, text, headers, null)
                : new MakCrmApiException<Problem>(Message, status, text, headers, problem, null);
        }
    }
}
