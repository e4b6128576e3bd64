using MakCrm.Infrastructure.Persistence;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MakCrm.Infrastructure.Streaming;

/// <summary>
/// Hears what the streams pass on besides events, from triggers (migration <c>StreamTicketsAndLiveNotifications</c>):
/// <see cref="NotificationsChannel"/> with <c>recipient,notification</c> for each notification inserted, and
/// <see cref="BidsChannel"/> with the lots of the bids a statement inserted, comma-separated. Every instance listens,
/// so
/// a stream hears it whichever instance made the change.
/// </summary>
public sealed class StreamChannelListener(
    NpgsqlDataSource dataSource,
    StreamSubscribers subscribers,
    TimeProvider clock,
    ILogger<StreamChannelListener> logger
) : DatabaseListener(dataSource, clock, logger)
{
    public const string NotificationsChannel = "mak_stream_notifications";
    public const string BidsChannel = "mak_stream_bids";

    protected override IReadOnlyList<string> Channels { get; } = [NotificationsChannel, BidsChannel];

    protected override string ApplicationName => "mak-stream-listener";

    protected override void OnNotification(string channel, string payload)
    {
        if (channel == NotificationsChannel)
        {
            var parts = payload.Split(',');
            if (
                parts.Length == 2
                && Guid.TryParse(parts[0], out var recipient)
                && Guid.TryParse(parts[1], out var notification)
            )
            {
                subscribers.NotificationCreated(recipient, notification);
            }
        }
        else if (channel == BidsChannel)
        {
            foreach (var part in payload.Split(','))
            {
                if (Guid.TryParse(part, out var lot))
                {
                    subscribers.LotBid(lot);
                }
            }
        }
    }
}
