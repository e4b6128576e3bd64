using System.Security.Claims;
using System.Text.Json;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Auction;
using MakCrm.Application.Events;
using MakCrm.Application.Notifications;
using MakCrm.Domain.Access;
using MakCrm.Infrastructure.Events;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Security;
using MakCrm.Infrastructure.Streaming;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Http;

/// <summary>
/// Writes one caller's live stream (<c>GET /api/v1/stream</c>) until the caller goes, the server stops, or the caller's
/// access is taken away: first the events after the caller's <c>Last-Event-ID</c> from the feed, then each new one as
/// it is numbered — from the instance's shared window (<see cref="LiveEvents"/>) once the caller's cursor is in it —
/// keeping one cursor throughout, so that nothing is sent twice or skipped. Between events, the caller's notifications
/// and bids on lots (told by <see cref="StreamSubscribers"/>), and a comment every heartbeat, when the caller's
/// standing is checked again.
/// </summary>
internal static class EventStream
{
    private const int CatchUpBatch = 500;

    public static async Task RunAsync(
        HttpContext http,
        StreamStart start,
        StreamSubscription subscription,
        CancellationToken requestAborted
    )
    {
        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<StreamOptions>>().Value;
        var live = services.GetRequiredService<LiveEvents>();
        var clock = services.GetRequiredService<TimeProvider>();
        // A stopping server ends its streams once its readiness delay is over (GracefulShutdown): the response ends
        // as any stream's end does, and the client reconnects after its retry delay with its Last-Event-ID.
        var shutdown = services.GetRequiredService<Hosting.GracefulShutdown>();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, shutdown.StreamsEnding);
        var cancellationToken = stopping.Token;
        using var attached = live.Attach();

        var response = http.Response;
        response.ContentType = StreamEndpointsContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var writer = new Writer(http, services, start.Visibility, cancellationToken);

        try
        {
            var cursor = start.After ?? await live.LatestAsync(cancellationToken);
            await response.Body.WriteAsync(SseFrame.Start(cursor, options.ReconnectDelay), cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
            var nextHeartbeat = clock.GetUtcNow() + options.HeartbeatInterval;
            while (true)
            {
                // Taken before the window is read, so that a window published meanwhile still wakes this stream.
                var advanced = live.Advanced;

                // A user's standing is remembered until the database says it changed, so asking before every round
                // costs nothing and ends the stream on the first round after its access was narrowed or taken away.
                if (!await writer.StillAllowedAsync(heartbeat: false))
                {
                    return;
                }

                cursor = await writer.EventsAsync(cursor, live);
                await writer.SignalsAsync(subscription);
                await response.Body.FlushAsync(cancellationToken);

                var now = clock.GetUtcNow();
                if (now >= nextHeartbeat)
                {
                    if (!await writer.StillAllowedAsync(heartbeat: true))
                    {
                        return;
                    }

                    await response.Body.WriteAsync(SseFrame.KeepAlive, cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    nextHeartbeat = now + options.HeartbeatInterval;
                    continue;
                }

                await Task.WhenAny(
                    advanced,
                    subscription.Signals.WaitToReadAsync(cancellationToken).AsTask(),
                    Task.Delay(nextHeartbeat - now, clock, cancellationToken)
                );
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        catch (Exception ex)
            when (ex is OperationCanceledException or IOException && cancellationToken.IsCancellationRequested)
        {
            // The caller went or the server is stopping: the stream ends.
        }
    }

    private const string StreamEndpointsContentType = Endpoints.StreamEndpoints.EventStreamType;

    /// <summary>Writes the messages of one stream.</summary>
    private sealed class Writer(
        HttpContext http,
        IServiceProvider services,
        EventVisibility visibility,
        CancellationToken cancellationToken
    )
    {
        private readonly Stream body = http.Response.Body;
        private readonly JsonSerializerOptions json = services
            .GetRequiredService<IOptions<JsonOptions>>()
            .Value.SerializerOptions;
        private readonly ClaimsPrincipal user = http.User;

        private IEventSubjects Subjects => services.GetRequiredService<IEventSubjects>();

        /// <summary>The events after <paramref name="cursor"/> the caller sees; returns the new cursor.</summary>
        public async Task<long> EventsAsync(long cursor, LiveEvents live)
        {
            if (visibility.SeesNothing)
            {
                return Math.Max(cursor, live.Window.Head == long.MaxValue ? cursor : live.Window.Head);
            }

            while (true)
            {
                var window = live.Window;
                if (cursor >= window.Floor)
                {
                    var events = window.Events;
                    var shown = new List<LiveEvent>();
                    for (var i = FirstAfter(events, cursor); i < events.Count; i++)
                    {
                        if (!visibility.Sees(events[i].Record))
                        {
                            continue;
                        }

                        if (visibility.Responsibles is null)
                        {
                            await body.WriteAsync(events[i].Message, cancellationToken); // nothing to ask
                        }
                        else
                        {
                            shown.Add(events[i]);
                        }
                    }

                    foreach (var seen in await visibility.SeenAsync(shown, e => e.Record, Subjects, cancellationToken))
                    {
                        await body.WriteAsync(seen.Message, cancellationToken);
                    }

                    return Math.Max(cursor, window.Head);
                }

                // Behind the window: catch up from the feed. Every event up to a sequence heard of is visible already,
                // so a read that comes back short has seen everything up to it.
                var heard = services.GetRequiredService<EventSignals>().LastSequence;
                var records = await services
                    .GetRequiredService<IEventFeed>()
                    .ReadAsync(visibility, cursor, CatchUpBatch, cancellationToken);
                foreach (var record in await visibility.SeenAsync(records, r => r, Subjects, cancellationToken))
                {
                    var message = SseFrame.Message(Sequence(record.Sequence), record.Type, record.ToUtf8Json());
                    await body.WriteAsync(message, cancellationToken);
                }

                cursor = records.Count > 0 ? records[^1].Sequence : cursor;

                if (records.Count < CatchUpBatch)
                {
                    return Math.Max(cursor, heard);
                }
            }
        }

        /// <summary>The caller's new notifications and the live state of lots bid on, as the API answers
        /// them.</summary>
        public async Task SignalsAsync(StreamSubscription subscription)
        {
            var lots = new List<Guid>();
            while (subscription.Signals.TryRead(out var signal))
            {
                switch (signal)
                {
                    case StreamSignal.NotificationCreated created
                        when subscription.UserId is { } recipient
                            && CallerIdentity.Has(user, Permissions.NotificationsRead):
                        var notifications = services.GetRequiredService<INotificationRepository>();
                        if (
                            await notifications.FindAsync(created.NotificationId, recipient, cancellationToken) is
                            { } notification
                        )
                        {
                            await WriteAsync("notification", Contracts.Notification.From(notification));
                        }

                        break;
                    case StreamSignal.LotBid bid when !lots.Contains(bid.LotId):
                        lots.Add(bid.LotId);
                        break;
                }
            }

            if (lots.Count == 0 || !CallerIdentity.Has(user, Permissions.AuctionRead))
            {
                return;
            }

            var handler = services.GetRequiredService<IQueryHandler<GetLotLiveStateQuery, LotLiveState>>();
            foreach (var lot in lots)
            {
                var state = await handler.Handle(new GetLotLiveStateQuery(lot), cancellationToken);
                if (state.IsSuccess)
                {
                    await WriteAsync("lot_state", Contracts.LotLiveState.From(state.Value));
                }
            }
        }

        /// <summary>
        /// Whether the caller may still read: a user still enabled, in an active organization, signed in, with the same
        /// roles and visibility (a change of either ends the stream, and the reconnection gets the new permissions and
        /// scope); an API client still enabled.
        /// </summary>
        public async Task<bool> StillAllowedAsync(bool heartbeat)
        {
            var subject = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
            if (Guid.TryParse(subject, out var userId))
            {
                var signIn = Guid.Parse(user.FindFirstValue(BearerAuthentication.SignInClaim)!);
                var standing = await services
                    .GetRequiredService<UserStandings>()
                    .FindAsync(userId, signIn, cancellationToken);
                var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal);
                return standing is { AllowsAccess: true }
                    && standing.Roles.Order(StringComparer.Ordinal).SequenceEqual(roles, StringComparer.Ordinal)
                    && SameResponsibles(standing.VisibleResponsibles, visibility.Responsibles);
            }

            if (!heartbeat)
            {
                return true; // an API client is asked of the database at heartbeats only
            }

            var db = services.GetRequiredService<MakCrmDbContext>();
            return await db.Set<ApiClient>()
                .AsNoTracking()
                .AnyAsync(c => c.ClientId == subject && c.IsEnabled, cancellationToken);
        }

        private static bool SameResponsibles(IReadOnlyList<Guid>? now, IReadOnlyList<Guid>? opened) =>
            now is null ? opened is null : opened is not null && now.ToHashSet().SetEquals(opened);

        private Task WriteAsync<T>(string type, T data) =>
            body.WriteAsync(
                    SseFrame.Message(null, type, JsonSerializer.SerializeToUtf8Bytes(data, json)),
                    cancellationToken
                )
                .AsTask();

        private static string Sequence(long sequence) =>
            sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);

        private static int FirstAfter(IReadOnlyList<LiveEvent> events, long cursor)
        {
            var (low, high) = (0, events.Count);
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (events[middle].Record.Sequence <= cursor)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
        }
    }
}
