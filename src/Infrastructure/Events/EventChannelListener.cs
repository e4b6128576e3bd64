using System.Globalization;
using MakCrm.Infrastructure.Persistence;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MakCrm.Infrastructure.Events;

/// <summary>
/// Hears <see cref="RaisedChannel"/> (a statement trigger on <c>events</c> notifies it when a transaction that wrote
/// events commits) and <see cref="SequencedChannel"/> (the sequencer notifies it with the highest number it gave), and
/// passes both to <see cref="EventSignals"/>. Every instance listens, so every instance hears every commit.
/// </summary>
internal sealed class EventChannelListener(
    NpgsqlDataSource dataSource,
    EventSignals signals,
    TimeProvider clock,
    ILogger<EventChannelListener> logger
) : DatabaseListener(dataSource, clock, logger)
{
    public const string RaisedChannel = "mak_events_raised";
    public const string SequencedChannel = "mak_events";

    protected override IReadOnlyList<string> Channels { get; } = [RaisedChannel, SequencedChannel];

    protected override string ApplicationName => "mak-event-listener";

    // Back on the air after a gap: the sequencer looks for what was raised meanwhile.
    protected override void OnListening(bool listening)
    {
        if (listening)
        {
            signals.OnRaised();
        }
    }

    protected override void OnNotification(string channel, string payload)
    {
        if (
            channel == SequencedChannel
            && long.TryParse(payload, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
        )
        {
            signals.OnSequenced(sequence);
        }
        else if (channel == RaisedChannel)
        {
            signals.OnRaised();
        }
    }
}
