using System.Text.Json;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Common;
using MakCrm.Application.Points;
using MakCrm.Domain.Common;
using MakCrm.Domain.Points;
using MakCrm.Infrastructure.Events;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.Points;

/// <summary>Where a user's points ledger stands after an entry: its number (1, 2, 3, ...) and the balance.</summary>
internal sealed record PointsPosition(long Number, long Balance)
{
    public static readonly PointsPosition Empty = new(0, 0);
}

/// <summary>
/// Awards points from the event feed. It follows the numbered events by its own one-row cursor (<c>points_cursor</c>)
/// locked <c>FOR UPDATE SKIP LOCKED</c>, so one instance awards at a time and the others skip the round; for each event
/// a rule applies to (<see cref="PointSources"/>) it appends to <c>points_entries</c> in the transaction that moves the
/// cursor. The entry's unique key (rule, source, user, kind) makes an event read twice — a replay, a reset cursor —
/// write nothing the second time; each user's entries are written under the user's ledger lock (<c>points:{id}</c>,
/// ascending key order, <see cref="LedgerLocks{TPosition}"/>) with the running balance, and a daily cap is counted
/// under that lock, so that no cap is passed even if two writers ever ran at once.
/// </summary>
public sealed class PointsAwarder(MakCrmDbContext db, IOptions<PointsOptions> options, TimeProvider clock)
{
    public const string Award = "award";
    public const string Reversal = "reversal";
    public const string LockPrefix = "points:";

    private const string LockCursor = """
        INSERT INTO points_cursor (id, last_sequence) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
        SELECT last_sequence FROM points_cursor WHERE id = 1 FOR UPDATE SKIP LOCKED;
        """;

    private const string ReadEvents = $"SELECT {EventFeed.Columns} FROM events WHERE sequence > $1 AND sequence <= $2 AND type = ANY($3) ORDER BY sequence LIMIT $4";

    private const string Insert = """
        INSERT INTO points_entries (id, user_id, entry_no, kind, rule, source, points, reason, balance_after, event_id, occurred_at, awarded_on, recorded_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
        ON CONFLICT (rule, source, user_id, kind) DO NOTHING
        """;

    private readonly LedgerLocks<PointsPosition> _locks = new(db, LockPrefix);

    /// <returns>How many events were read; as many as a batch means more may be waiting.</returns>
    public async Task<int> AwardBatchAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        long cursor;
        await using (var lockCursor = new NpgsqlCommand(LockCursor, connection))
        {
            if (await lockCursor.ExecuteScalarAsync(cancellationToken) is not long at)
            {
                return 0; // another instance is awarding
            }

            cursor = at;
        }

        // The highest number given so far: numbers become visible in increasing order (the sequencer), so when fewer
        // than a batch of the types are found up to it, the cursor moves to it and the other types are never read again.
        long high;
        await using (var highest = new NpgsqlCommand("SELECT coalesce(max(sequence), 0) FROM events", connection))
        {
            high = (long)(await highest.ExecuteScalarAsync(cancellationToken))!;
        }

        if (high <= cursor)
        {
            return 0;
        }

        IReadOnlyList<EventRecord> events;
        await using (var read = new NpgsqlCommand(ReadEvents, connection))
        {
            read.Parameters.Add(new NpgsqlParameter { Value = cursor });
            read.Parameters.Add(new NpgsqlParameter { Value = high });
            read.Parameters.Add(SqlParameters.TextArray(PointSources.EventTypeNames));
            read.Parameters.Add(SqlParameters.Integer(options.Value.BatchSize));
            events = await EventFeed.ReadAllAsync(read, cancellationToken);
        }

        var reached = events.Count < options.Value.BatchSize ? high : events[^1].Sequence;

        var rules = await db.Set<PointRuleSet>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == PointRuleSet.SingletonId, cancellationToken)
            ?? PointRuleSet.Default(clock.UtcNowMicroseconds());
        // The users to lock: awards' recipients, and those a reversal's source was awarded to (before this batch, or
        // by an award in it, whose recipient is locked already). A reversal's targets are read again in turn, after
        // the batch's earlier entries.
        var work = new List<(EventRecord Event, PointIntent Intent, IReadOnlyList<(Guid User, int Points)> Targets)>();
        foreach (var record in events)
        {
            using var data = JsonDocument.Parse(record.Data);
            var intent = PointSources.Read(new PointSourceEvent(record.Type, record.ResourceId, record.ActorUserId, record.OccurredAt, data.RootElement.Clone()));
            if (intent is not null)
            {
                work.Add((record, intent, await TargetsAsync(intent, connection, cancellationToken)));
            }
        }

        await _locks.LockAsync(work.SelectMany(w => w.Targets.Select(t => t.User)).Distinct().ToList(), LastAsync, cancellationToken);
        var now = clock.UtcNowMicroseconds();
        foreach (var (record, intent, targets) in work)
        {
            if (intent is PointIntent.Award)
            {
                foreach (var (user, points) in targets)
                {
                    await AwardAsync(connection, record, intent.Kind, intent.Source, user, points, rules.For(intent.Kind), now, cancellationToken);
                }

                continue;
            }

            foreach (var (user, points) in await TargetsAsync(intent, connection, cancellationToken))
            {
                await WriteAsync(connection, record, Reversal, intent.Kind, intent.Source, user, -points, null, now, cancellationToken);
            }
        }

        await using (var move = new NpgsqlCommand("UPDATE points_cursor SET last_sequence = $1 WHERE id = 1", connection))
        {
            move.Parameters.Add(new NpgsqlParameter { Value = reached });
            await move.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return events.Count;
    }

    /// <summary>
    /// The users an intent writes to: an award's recipient (when it exists) with the points the event names, if any
    /// (-1 for the rule's); a reversal's, every user the source's award gave points to, with those points.
    /// </summary>
    private async Task<IReadOnlyList<(Guid User, int Points)>> TargetsAsync(PointIntent intent, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (intent is PointIntent.Award award)
        {
            var recipient = award.Recipient switch
            {
                PointRecipient.User user => await db.Users.AsNoTracking().Where(u => u.Id == user.Id).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(cancellationToken),
                PointRecipient.ReferrerOwnerOf referred => await db.Organizations.AsNoTracking()
                    .Where(o => o.Id == referred.OrganizationId && o.ReferrerOrganizationId != null && o.ReferrerOrganizationId != o.Id)
                    .Join(db.Organizations, o => o.ReferrerOrganizationId, r => r.Id, (_, r) => r.OwnerUserId)
                    .FirstOrDefaultAsync(cancellationToken),
                _ => null,
            };
            return recipient is { } id ? [(id, award.Points ?? -1)] : [];
        }

        var awarded = new List<(Guid, int)>();
        await using var find = new NpgsqlCommand("SELECT user_id, points FROM points_entries WHERE rule = $1 AND source = $2 AND kind = $3 AND points > 0", connection);
        find.Parameters.Add(new NpgsqlParameter { Value = SnakeCaseNames.Of(intent.Kind) });
        find.Parameters.Add(new NpgsqlParameter { Value = intent.Source });
        find.Parameters.Add(new NpgsqlParameter { Value = Award });
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            awarded.Add((reader.GetGuid(0), reader.GetInt32(1)));
        }

        return awarded;
    }

    /// <summary>Awards the rule's points (or the event's own), cut to what the user's daily cap of the kind leaves that day.</summary>
    private async Task AwardAsync(
        NpgsqlConnection connection, EventRecord record, PointSourceKind kind, string source, Guid user, int named, PointRule rule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var points = Math.Clamp(named >= 0 ? named : rule.Points, 0, PointRuleSet.MaxPoints);
        string? reason = null;
        if (rule.DailyCap is { } cap)
        {
            await using var used = new NpgsqlCommand(
                "SELECT coalesce(sum(points), 0)::int FROM points_entries WHERE user_id = $1 AND rule = $2 AND kind = $3 AND awarded_on = $4", connection);
            used.Parameters.Add(SqlParameters.Uuid(user));
            used.Parameters.Add(new NpgsqlParameter { Value = SnakeCaseNames.Of(kind) });
            used.Parameters.Add(new NpgsqlParameter { Value = Award });
            used.Parameters.Add(new NpgsqlParameter { Value = PointsMonth.DayOf(record.OccurredAt) });
            var left = Math.Max(0, cap - (int)(await used.ExecuteScalarAsync(cancellationToken))!);
            if (points > left)
            {
                points = left;
                reason = SnakeCaseNames.Of(PointsEntryReason.DailyCap);
            }
        }

        await WriteAsync(connection, record, Award, kind, source, user, points, reason, now, cancellationToken);
    }

    /// <summary>Appends the entry under the user's lock; a key written before (the event read again) writes nothing.</summary>
    private async Task WriteAsync(
        NpgsqlConnection connection, EventRecord record, string entryKind, PointSourceKind kind, string source, Guid user, int points, string? reason, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var position = _locks.Require(user);
        var after = new PointsPosition(position.Number + 1, position.Balance + points);
        await using var insert = new NpgsqlCommand(Insert, connection);
        insert.Parameters.Add(SqlParameters.Uuid(clock.NewId()));
        insert.Parameters.Add(SqlParameters.Uuid(user));
        insert.Parameters.Add(new NpgsqlParameter { Value = after.Number });
        insert.Parameters.Add(new NpgsqlParameter { Value = entryKind });
        insert.Parameters.Add(new NpgsqlParameter { Value = SnakeCaseNames.Of(kind) });
        insert.Parameters.Add(new NpgsqlParameter { Value = source });
        insert.Parameters.Add(new NpgsqlParameter { Value = points });
        insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)reason ?? DBNull.Value });
        insert.Parameters.Add(new NpgsqlParameter { Value = after.Balance });
        insert.Parameters.Add(SqlParameters.Uuid(record.Id));
        insert.Parameters.Add(SqlParameters.Instant(record.OccurredAt));
        insert.Parameters.Add(new NpgsqlParameter { Value = PointsMonth.DayOf(record.OccurredAt) });
        insert.Parameters.Add(SqlParameters.Instant(now));
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            _locks.Advance(user, after);
        }
    }

    private async Task<PointsPosition> LastAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Set<PointsEntryRow>()
            .Where(e => e.UserId == userId)
            .OrderByDescending(e => e.EntryNo)
            .Select(e => new PointsPosition(e.EntryNo, e.BalanceAfter))
            .FirstOrDefaultAsync(cancellationToken)
        ?? PointsPosition.Empty;
}
