using MakCrm.Infrastructure.Persistence;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>
/// The codes of the live lead statuses, remembered by the instance while it hears every change to them (a statement
/// trigger on <c>lead_statuses</c> notifies <see cref="LeadStatusChanges.Channel"/> as the change commits): lists that
/// filter by status check their codes against it without a statement. A code it does not hold is looked up again
/// before it is refused, so a status created a moment ago on another instance is never refused; a status deleted a
/// moment ago may pass a filter until the notification arrives, and matches no lead (a status with leads cannot go).
/// </summary>
[Singleton]
public sealed class LeadStatusCodes
{
    private long _generation;
    private volatile bool _trusted;
    private volatile IReadOnlySet<string>? _remembered;

    /// <summary>The remembered codes, or null when none are (not listening, or forgotten since).</summary>
    public IReadOnlySet<string>? Remembered => _trusted ? _remembered : null;

    /// <summary>Remembers the codes read at <paramref name="generation"/>, unless a change was heard since.</summary>
    internal void Remember(IReadOnlyList<string> codes, long generation)
    {
        var set = codes.ToHashSet(StringComparer.Ordinal);
        if (_trusted && Interlocked.Read(ref _generation) == generation)
        {
            _remembered = set;
        }
    }

    /// <summary>The generation a read starts at, to be handed back to <see cref="Remember"/>.</summary>
    internal long Generation => Interlocked.Read(ref _generation);

    /// <summary>Forgets the codes: a change to the statuses was committed.</summary>
    public void Forget()
    {
        Interlocked.Increment(ref _generation);
        _remembered = null;
    }

    /// <summary>Only while every notification is heard may the codes be remembered.</summary>
    public void Trust(bool listening)
    {
        _trusted = listening;
        Forget();
    }
}

/// <summary>Listens for committed changes to the lead statuses and makes <see cref="LeadStatusCodes"/>
/// forget.</summary>
public sealed class LeadStatusChanges(
    NpgsqlDataSource dataSource,
    LeadStatusCodes codes,
    TimeProvider clock,
    ILogger<LeadStatusChanges> logger
) : DatabaseListener(dataSource, clock, logger)
{
    public const string Channel = "mak_lead_statuses";

    protected override IReadOnlyList<string> Channels { get; } = [Channel];

    protected override string ApplicationName => "mak-lead-status-listener";

    protected override void OnListening(bool listening) => codes.Trust(listening);

    protected override void OnNotification(string channel, string payload) => codes.Forget();
}
