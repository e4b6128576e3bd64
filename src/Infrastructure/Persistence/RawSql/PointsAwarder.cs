using System.Text.Json;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Common;
using MakCrm.Application.Points;
using MakCrm.Domain.Common;
using MakCrm.Domain.Organizations;
using MakCrm.Domain.Points;
using MakCrm.Infrastructure.Events;
using MakCrm.Infrastructure.Persistence.Repositories;
using MakCrm.Infrastructure.Points;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.Persistence.RawSql;

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
[Scoped]
public sealed class PointsAwarder(MakCrmDbContext db, IOptions<PointsOptions> options, TimeProvider clock)
{
    public const string Award = "award";
    public const string Reversal = "reversal";
    public const string LockPrefix = "points:";

    private const string LockCursor = """
        INSERT INTO points_cursor (id, last_sequence) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
        SELECT last_sequence FROM points_cursor WHERE id = 1 FOR UPDATE SKIP LOCKED;
        """;

    private const string ReadEvents =
        $"SELECT {EventFeed.Columns} FROM events WHERE sequence > $1 AND sequence <= $2 AND type = ANY($3) ORDER BY "
        + $"sequence LIMIT $4";

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
        // than a batch of the types are found up to it, the cursor moves to it and the other types are never read
        // again.
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

        var rules =
            await db.Set<PointRuleSet>()
                .AsNoTracking()
                .FirstOrDefaultAsync(s => s.Id == PointRuleSet.SingletonId, cancellationToken)
            ?? PointRuleSet.Default(clock.UtcNowMicroseconds());
        var intents = new List<(EventRecord Event, PointIntent Intent)>();
        foreach (var record in events)
        {
            using var data = JsonDocument.Parse(record.Data);
            if (
                PointSources.Read(
                    new PointSourceEvent(
                        record.Type,
                        record.ResourceId,
                        record.ActorUserId,
                        record.OccurredAt,
                        data.RootElement.Clone()
                    )
                ) is
                { } intent
            )
            {
                intents.Add((record, intent));
            }
        }

        // The users to lock: awards' recipients (all of the batch's read in two statements), and those a reversal's
        // source was awarded to before this batch (an award in it has its recipient locked already). A reversal's
        // targets are read again in turn, after the batch's earlier entries are written.
        var recipients = await RecipientsAsync(
            intents.Select(i => i.Intent).OfType<PointIntent.Award>().Select(a => a.Recipient).ToList(),
            cancellationToken
        );
        var users = new HashSet<Guid>(recipients.Values);
        foreach (var reversal in intents.Select(i => i.Intent).OfType<PointIntent.Reversal>())
        {
            users.UnionWith((await AwardedAsync(reversal, connection, cancellationToken)).Select(t => t.User));
        }

        await _locks.LockAsync([.. users], LastAsync, cancellationToken);
        var batch = new AwardBatch(this, connection, clock, clock.UtcNowMicroseconds());
        await batch.ReadAsync(
            intents
                .Where(i => i.Intent is PointIntent.Award a && recipients.ContainsKey(a.Recipient))
                .Select(i =>
                    ((PointIntent.Award)i.Intent, recipients[((PointIntent.Award)i.Intent).Recipient], i.Event)
                )
                .ToList(),
            rules,
            cancellationToken
        );
        foreach (var (record, intent) in intents)
        {
            if (intent is PointIntent.Award award)
            {
                if (recipients.TryGetValue(award.Recipient, out var user))
                {
                    batch.Award(record, award, user, rules.For(award.Kind));
                }

                continue;
            }

            await batch.FlushAsync(cancellationToken);
            await batch.ReverseAsync(
                record,
                (PointIntent.Reversal)intent,
                await AwardedAsync(intent, connection, cancellationToken),
                cancellationToken
            );
        }

        await batch.FlushAsync(cancellationToken);
        await using (
            var move = new NpgsqlCommand("UPDATE points_cursor SET last_sequence = $1 WHERE id = 1", connection)
        )
        {
            move.Parameters.Add(new NpgsqlParameter { Value = reached });
            await move.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return events.Count;
    }

    /// <summary>Each award recipient that exists, as its user id: the named users, and the owners of referred
    /// organizations' referrers.</summary>
    private async Task<Dictionary<PointRecipient, Guid>> RecipientsAsync(
        IReadOnlyList<PointRecipient> recipients,
        CancellationToken cancellationToken
    )
    {
        var found = new Dictionary<PointRecipient, Guid>();
        var named = recipients.OfType<PointRecipient.User>().Select(u => u.Id).Distinct().ToList();
        if (named.Count > 0)
        {
            foreach (
                var id in await db
                    .Users.AsNoTracking()
                    .Where(u => named.Contains(u.Id))
                    .Select(u => u.Id)
                    .ToListAsync(cancellationToken)
            )
            {
                found[new PointRecipient.User(id)] = id;
            }
        }

        var referred = recipients
            .OfType<PointRecipient.ReferrerOwnerOf>()
            .Select(r => r.OrganizationId)
            .Distinct()
            .ToList();
        if (referred.Count > 0)
        {
            var owners = await db.Set<Organization>()
                .AsNoTracking()
                .Where(o =>
                    referred.Contains(o.Id) && o.ReferrerOrganizationId != null && o.ReferrerOrganizationId != o.Id
                )
                .Join(
                    db.Set<Organization>(),
                    o => o.ReferrerOrganizationId,
                    r => r.Id,
                    (o, r) => new { o.Id, r.OwnerUserId }
                )
                .ToListAsync(cancellationToken);
            foreach (var owner in owners.Where(o => o.OwnerUserId is not null))
            {
                found[new PointRecipient.ReferrerOwnerOf(owner.Id)] = owner.OwnerUserId!.Value;
            }
        }

        return found;
    }

    /// <summary>Every user the source's award gave points to, with those points.</summary>
    private static async Task<IReadOnlyList<(Guid User, int Points)>> AwardedAsync(
        PointIntent intent,
        NpgsqlConnection connection,
        CancellationToken cancellationToken
    )
    {
        var awarded = new List<(Guid, int)>();
        await using var find = new NpgsqlCommand(
            "SELECT user_id, points FROM points_entries WHERE rule = $1 AND source = $2 AND kind = $3 AND points > 0",
            connection
        );
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

    /// <summary>
    /// The entries of one round, under the users' locks: what the batch's awards find written already (a replay) and
    /// how much of each user's daily caps is used, read once for all of them; the entries numbered from the locked
    /// positions as they are added and written together by one statement (before a reversal reads, and at the end).
    /// </summary>
    private sealed class AwardBatch(
        PointsAwarder awarder,
        NpgsqlConnection connection,
        TimeProvider clock,
        DateTimeOffset now
    )
    {
        private readonly HashSet<(string Rule, string Source, Guid User)> _written = [];
        private readonly Dictionary<(Guid User, string Rule, DateOnly Day), int> _used = [];
        private readonly List<Entry> _pending = [];

        private sealed record Entry(
            Guid User,
            long Number,
            string EntryKind,
            string Rule,
            string Source,
            int Points,
            string? Reason,
            long Balance,
            EventRecord Event
        );

        public async Task ReadAsync(
            IReadOnlyList<(PointIntent.Award Award, Guid User, EventRecord Event)> awards,
            PointRuleSet rules,
            CancellationToken cancellationToken
        )
        {
            if (awards.Count == 0)
            {
                return;
            }

            // Each award's key is looked up in the entries' unique index: a lateral subquery with a LIMIT is never
            // turned
            // into a join, so the cost follows the batch, not the table (a join lets the planner hash the whole table
            // when the table's statistics are young).
            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(
                Command(
                    """
                    SELECT k.rule, k.source, k.user_id
                    FROM unnest($1::text[], $2::text[], $3::uuid[]) AS k(rule, source, user_id)
                    CROSS JOIN LATERAL (
                        SELECT 1 FROM points_entries e WHERE e.rule = k.rule AND e.source = k.source AND e.user_id =
                            k.user_id AND e.kind = $4 LIMIT 1
                    ) written
                    """,
                    SqlParameters.TextArray(awards.Select(a => SnakeCaseNames.Of(a.Award.Kind))),
                    SqlParameters.TextArray(awards.Select(a => a.Award.Source)),
                    SqlParameters.Array(NpgsqlDbType.Uuid, awards.Select(a => a.User)),
                    SqlParameters.Text(PointsAwarder.Award)
                )
            );
            var capped = awards
                .Where(a => rules.For(a.Award.Kind).DailyCap is not null)
                .Select(a =>
                    (a.User, Rule: SnakeCaseNames.Of(a.Award.Kind), Day: PointsMonth.DayOf(a.Event.OccurredAt))
                )
                .Distinct()
                .ToList();
            batch.BatchCommands.Add(
                Command(
                    """
                    SELECT k.user_id, k.rule, k.day, coalesce(sum(e.points), 0)::int
                    FROM unnest($1::uuid[], $2::text[], $3::date[]) AS k(user_id, rule, day)
                    LEFT JOIN points_entries e ON e.user_id = k.user_id AND e.rule = k.rule AND e.awarded_on = k.day AND
                        e.kind = $4
                    GROUP BY k.user_id, k.rule, k.day
                    """,
                    SqlParameters.Array(NpgsqlDbType.Uuid, capped.Select(c => c.User)),
                    SqlParameters.TextArray(capped.Select(c => c.Rule)),
                    SqlParameters.Array(NpgsqlDbType.Date, capped.Select(c => c.Day)),
                    SqlParameters.Text(PointsAwarder.Award)
                )
            );
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                _written.Add((reader.GetString(0), reader.GetString(1), reader.GetGuid(2)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                _used[
                    (
                        reader.GetGuid(0),
                        reader.GetString(1),
                        await reader.GetFieldValueAsync<DateOnly>(2, cancellationToken)
                    )
                ] = reader.GetInt32(3);
            }
        }

        /// <summary>Awards the rule's points (or the event's own), cut to what the user's daily cap of the kind leaves
        /// that day.</summary>
        public void Award(EventRecord record, PointIntent.Award award, Guid user, PointRule rule)
        {
            var ruleName = SnakeCaseNames.Of(award.Kind);
            if (!_written.Add((ruleName, award.Source, user)))
            {
                return; // written before: the event read again
            }

            var points = Math.Clamp(
                award.Points is { } named && named >= 0 ? named : rule.Points,
                0,
                PointRuleSet.MaxPoints
            );
            string? reason = null;
            if (rule.DailyCap is { } cap)
            {
                var day = (user, ruleName, PointsMonth.DayOf(record.OccurredAt));
                var left = Math.Max(0, cap - _used.GetValueOrDefault(day));
                if (points > left)
                {
                    points = left;
                    reason = SnakeCaseNames.Of(Contracts.PointsEntryReason.DailyCap);
                }

                _used[day] = _used.GetValueOrDefault(day) + points;
            }

            Add(user, PointsAwarder.Award, ruleName, award.Source, points, reason, record);
        }

        /// <summary>Takes back what the source's award gave each user, once (a reversal written before is not written
        /// again).</summary>
        public async Task ReverseAsync(
            EventRecord record,
            PointIntent.Reversal reversal,
            IReadOnlyList<(Guid User, int Points)> awarded,
            CancellationToken cancellationToken
        )
        {
            var ruleName = SnakeCaseNames.Of(reversal.Kind);
            var reversed = new HashSet<Guid>();
            await using (
                var find = new NpgsqlCommand(
                    "SELECT user_id FROM points_entries WHERE rule = $1 AND source = $2 AND kind = $3",
                    connection
                )
            )
            {
                find.Parameters.Add(SqlParameters.Text(ruleName));
                find.Parameters.Add(SqlParameters.Text(reversal.Source));
                find.Parameters.Add(SqlParameters.Text(Reversal));
                await using var reader = await find.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    reversed.Add(reader.GetGuid(0));
                }
            }

            foreach (var (user, points) in awarded.Where(a => reversed.Add(a.User)))
            {
                Add(user, Reversal, ruleName, reversal.Source, -points, null, record);
            }
        }

        /// <summary>Writes the entries added since the last flush, in one statement.</summary>
        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO points_entries (id, user_id, entry_no, kind, rule, source, points, reason, balance_after,
                    event_id, occurred_at, awarded_on, recorded_at)
                SELECT e.id, e.user_id, e.entry_no, e.kind, e.rule, e.source, e.points, e.reason, e.balance_after,
                    e.event_id, e.occurred_at, e.awarded_on, $13
                FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::int[],
                    $8::text[], $9::bigint[], $10::uuid[],
                            $11::timestamptz[], $12::date[])
                    AS e(id, user_id, entry_no, kind, rule, source, points, reason, balance_after, event_id,
                        occurred_at, awarded_on)
                """,
                connection
            );
            // The ids ascend in entry order (UUID v7s made in one millisecond do not by themselves), so that the
            // entries'
            // keyset order, (recorded_at, id), is the order they were numbered in.
            insert.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Uuid, _pending.Select(_ => clock.NewId()).Order()));
            insert.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Uuid, _pending.Select(e => e.User)));
            insert.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Bigint, _pending.Select(e => e.Number)));
            insert.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Text, _pending.Select(e => e.EntryKind)));
            insert.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Text, _pending.Select(e => e.Rule)));
            insert.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Text, _pending.Select(e => e.Source)));
            insert.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Integer, _pending.Select(e => e.Points)));
            insert.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Text, _pending.Select(e => e.Reason)));
            insert.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Bigint, _pending.Select(e => e.Balance)));
            insert.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Uuid, _pending.Select(e => e.Event.Id)));
            insert.Parameters.Add(
                SqlParameters.Array(NpgsqlDbType.TimestampTz, _pending.Select(e => e.Event.OccurredAt))
            );
            insert.Parameters.Add(
                SqlParameters.Array(NpgsqlDbType.Date, _pending.Select(e => PointsMonth.DayOf(e.Event.OccurredAt)))
            );
            insert.Parameters.Add(SqlParameters.Instant(now));
            await insert.ExecuteNonQueryAsync(cancellationToken);
            _pending.Clear();
        }

        /// <summary>Numbers the entry from the user's locked position and queues it.</summary>
        private void Add(
            Guid user,
            string entryKind,
            string rule,
            string source,
            int points,
            string? reason,
            EventRecord record
        )
        {
            var position = awarder._locks.Require(user);
            var after = new PointsPosition(position.Number + 1, position.Balance + points);
            awarder._locks.Advance(user, after);
            _pending.Add(new Entry(user, after.Number, entryKind, rule, source, points, reason, after.Balance, record));
        }

        private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.AddRange(parameters);
            return command;
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
