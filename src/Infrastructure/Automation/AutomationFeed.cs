using System.Text.Json;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Automation;
using MakCrm.Domain.Automation;
using MakCrm.Domain.Common;
using MakCrm.Domain.Events;
using MakCrm.Infrastructure.Events;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.RawSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MakCrm.Infrastructure.Automation;

/// <summary>The automation rules' worker settings (<c>Mak:Automation</c>).</summary>
public sealed class AutomationOptions
{
    public const string Section = "Mak:Automation";

    public bool Enabled { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The least time between two rounds: the events numbered meanwhile are run together.</summary>
    public TimeSpan MinRoundInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    public int BatchSize { get; set; } = 100;

    /// <summary>How many subjects' runs a round runs side by side (a subject's own runs stay in order).</summary>
    public int Concurrency { get; set; } = 4;
}

/// <summary>
/// Runs the automation rules on the event feed. It follows the numbered events by its own one-row cursor
/// (<c>automation_cursor</c>, started before the first rule the first time) locked <c>FOR UPDATE SKIP LOCKED</c>, so
/// one instance runs rules at a time and the others skip the round. For each event of a trigger's type, in order, it
/// runs the enabled rules of that trigger that apply to it (the network's and the event's organization's own, created
/// before the event, in position order), each in a scope of its own (<see cref="AutomationRunner"/>), different
/// subjects side by side, then moves the cursor. A crash half-way leaves the cursor behind: the batch is read again,
/// and each (rule, event) run's unique key makes the rules that ran already do nothing. Under the same lock, each round
/// first runs the time triggers that are due (<see cref="SweepTimeTriggersAsync"/>), whose marks commit with the
/// round.
/// </summary>
[Scoped]
public sealed class AutomationFeed(
    MakCrmDbContext db,
    IServiceScopeFactory scopes,
    IOptions<AutomationOptions> options,
    TimeProvider clock
)
{
    /// <summary>The event types each trigger runs on.</summary>
    public static IReadOnlyDictionary<string, AutomationTriggerType> Triggers { get; } =
        new Dictionary<string, AutomationTriggerType>(StringComparer.Ordinal)
        {
            [EventTypes.LeadCreated.Name] = AutomationTriggerType.LeadCreated,
            [EventTypes.LeadStatusChanged.Name] = AutomationTriggerType.LeadStatusChanged,
            [EventTypes.LeadDuplicateDetected.Name] = AutomationTriggerType.LeadDuplicateDetected,
            [EventTypes.DealCreated.Name] = AutomationTriggerType.DealStageEntered,
            [EventTypes.DealStageChanged.Name] = AutomationTriggerType.DealStageEntered,
            [EventTypes.TaskOverdue.Name] = AutomationTriggerType.TaskOverdue,
            [EventTypes.OrganizationApproved.Name] = AutomationTriggerType.RegistrationDecided,
            [EventTypes.OrganizationRejected.Name] = AutomationTriggerType.RegistrationDecided,
            [EventTypes.DocumentUploaded.Name] = AutomationTriggerType.DocumentUploaded,
        };

    private static readonly string[] TypeNames = [.. Triggers.Keys];

    // The first time, the cursor starts at the events raised well before the first rule was made: none of them can
    // run a rule (a rule runs on the events raised after it was made).
    private const string LockCursor = """
        INSERT INTO automation_cursor (id, last_sequence)
        SELECT 1, coalesce(max(sequence), 0) FROM events
        WHERE occurred_at < (SELECT min(created_at) FROM automation_rules) - interval '1 minute'
        ON CONFLICT (id) DO NOTHING;
        SELECT last_sequence FROM automation_cursor WHERE id = 1 FOR UPDATE SKIP LOCKED;
        """;

    // A lead_inactive rule's due leads, in the order of their last change after where its sweep stopped (at first,
    // the quiet spells that end after the rule was made): a lead that changes again moves past the mark, so each
    // quiet spell is looked at once.
    private const string DueInactiveLeads = """
        SELECT l.id, l.organization_id, l.updated_at FROM leads l
        LEFT JOIN automation_sweeps s ON s.rule_id = $4
        WHERE l.deleted_at IS NULL AND ($1::uuid IS NULL OR l.organization_id = $1) AND l.updated_at <= $2
          AND (l.updated_at, l.id) > (coalesce(s.swept_at, $3), coalesce(s.swept_id, $6))
        ORDER BY l.updated_at, l.id
        LIMIT $5
        """;

    private const string MarkSwept = """
        INSERT INTO automation_sweeps (rule_id, swept_at, swept_id) VALUES ($1, $2, $3)
        ON CONFLICT (rule_id) DO UPDATE SET swept_at = excluded.swept_at, swept_id = excluded.swept_id
        """;

    private const string ReadEvents =
        $"SELECT {EventFeed.Columns} FROM events WHERE sequence > $1 AND sequence <= $2 AND type = ANY($3) ORDER BY "
        + "sequence LIMIT $4";

    /// <returns>How many events were read; as many as a batch means more may be waiting.</returns>
    public async Task<int> RunBatchAsync(CancellationToken cancellationToken)
    {
        // Nothing to do without an enabled rule: no transaction, no locks.
        if (!await db.Set<AutomationRule>().AnyAsync(r => r.Enabled, cancellationToken))
        {
            return 0;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        long cursor;
        await using (var lockCursor = new NpgsqlCommand(LockCursor, connection))
        {
            if (await lockCursor.ExecuteScalarAsync(cancellationToken) is not long at)
            {
                return 0; // another instance is running the rules
            }

            cursor = at;
        }

        await SweepTimeTriggersAsync(connection, cancellationToken);

        long high;
        await using (var highest = new NpgsqlCommand("SELECT coalesce(max(sequence), 0) FROM events", connection))
        {
            high = (long)(await highest.ExecuteScalarAsync(cancellationToken))!;
        }

        if (high <= cursor)
        {
            await transaction.CommitAsync(cancellationToken); // the time triggers' marks
            return 0;
        }

        IReadOnlyList<EventRecord> events;
        await using (var read = new NpgsqlCommand(ReadEvents, connection))
        {
            read.Parameters.Add(new NpgsqlParameter { Value = cursor });
            read.Parameters.Add(new NpgsqlParameter { Value = high });
            read.Parameters.Add(SqlParameters.TextArray(TypeNames));
            read.Parameters.Add(SqlParameters.Integer(options.Value.BatchSize));
            events = await EventFeed.ReadAllAsync(read, cancellationToken);
        }

        var reached = events.Count < options.Value.BatchSize ? high : events[^1].Sequence;
        if (events.Count > 0)
        {
            await RunAsync(events, cancellationToken);
        }

        await using (
            var move = new NpgsqlCommand("UPDATE automation_cursor SET last_sequence = $1 WHERE id = 1", connection)
        )
        {
            move.Parameters.Add(new NpgsqlParameter { Value = reached });
            await move.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return events.Count;
    }

    /// <summary>
    /// Runs the rules that apply to the events: a subject's runs in the events' order (and an event's rules in
    /// position order), different subjects' runs side by side, at most <see cref="AutomationOptions.Concurrency"/> at
    /// a time, each in a scope and transaction of its own.
    /// </summary>
    private async Task RunAsync(IReadOnlyList<EventRecord> events, CancellationToken cancellationToken)
    {
        var runs = new List<(AutomationRule Rule, AutomationOccurrence Occurrence)>();
        await using (var lookup = scopes.CreateAsyncScope())
        {
            var rules = await lookup
                .ServiceProvider.GetRequiredService<IAutomationRuleRepository>()
                .EnabledAsync([.. Triggers.Values.Distinct()], cancellationToken);
            if (rules.Count == 0)
            {
                return;
            }

            var depths = await lookup
                .ServiceProvider.GetRequiredService<IAutomationDepths>()
                .DepthsOfAsync([.. events.Select(e => e.Id)], cancellationToken);
            foreach (var record in events)
            {
                var trigger = Triggers[record.Type];
                var applying = rules.Where(r => r.TriggerType == trigger && r.CreatedAt <= record.OccurredAt).ToList();
                if (
                    applying.Count == 0
                    || Occurrence(record, trigger, depths.GetValueOrDefault(record.Id)) is not { } occurrence
                )
                {
                    continue;
                }

                runs.AddRange(applying.Where(r => Applies(r, occurrence)).Select(rule => (rule, occurrence)));
            }
        }

        await Parallel.ForEachAsync(
            runs.GroupBy(run => run.Occurrence.SubjectId),
            new ParallelOptions
            {
                MaxDegreeOfParallelism = Math.Max(1, options.Value.Concurrency),
                CancellationToken = cancellationToken,
            },
            async (ofSubject, token) =>
            {
                foreach (var (rule, occurrence) in ofSubject)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope
                        .ServiceProvider.GetRequiredService<AutomationRunner>()
                        .RunAsync(rule, occurrence, token);
                }
            }
        );
    }

    /// <summary>
    /// The occurrence an event is for a trigger: its resource is the subject, an organization's registration its own
    /// organization, and an uploaded document's lead the subject of <c>document_uploaded</c> (a document filed on
    /// anything else is no occurrence).
    /// </summary>
    private static AutomationOccurrence? Occurrence(EventRecord record, AutomationTriggerType trigger, int depth)
    {
        var subjectType = AutomationSubjects.SubjectOf(trigger);
        var organizationId = subjectType == AutomationSubjects.Organization ? record.ResourceId : record.OrganizationId;
        var subjectId = record.ResourceId;
        if (trigger == AutomationTriggerType.DocumentUploaded)
        {
            using var data = JsonDocument.Parse(record.Data);
            if (
                !data.RootElement.TryGetProperty("subjectType", out var type)
                || type.ValueKind != JsonValueKind.String
                || type.GetString() != AutomationSubjects.Lead
                || !data.RootElement.TryGetProperty("subjectId", out var lead)
                || !lead.TryGetGuid(out subjectId)
            )
            {
                return null;
            }
        }

        return new AutomationOccurrence(
            record.Id.ToString("D"),
            record.Id,
            record.Type,
            trigger,
            subjectType,
            subjectId,
            organizationId,
            depth,
            record.Data
        );
    }

    /// <summary>
    /// Runs the time triggers that are due (<c>lead_inactive</c>), a batch per rule a round, under the cursor's lock,
    /// so one instance at a time. Each rule's mark moves in the same transaction; an occurrence is keyed by the lead
    /// and its last change, so a crash half-way repeats nothing.
    /// </summary>
    private async Task SweepTimeTriggersAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var rules = await db.Set<AutomationRule>()
            .AsNoTracking()
            .Where(r => r.Enabled && r.TriggerType == AutomationTriggerType.LeadInactive)
            .OrderBy(r => r.Position)
            .ThenBy(r => r.CreatedAt)
            .ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var rule in rules)
        {
            var quiet = TimeSpan.FromHours(rule.Trigger.Hours ?? RuleTrigger.MaxHours);
            var leads = new List<(Guid Id, Guid OrganizationId, DateTimeOffset UpdatedAt)>();
            await using (var read = new NpgsqlCommand(DueInactiveLeads, connection))
            {
                read.Parameters.Add(SqlParameters.Uuid(rule.Network ? null : rule.OrganizationId));
                read.Parameters.Add(new NpgsqlParameter { Value = now - quiet });
                read.Parameters.Add(new NpgsqlParameter { Value = rule.CreatedAt - quiet });
                read.Parameters.Add(SqlParameters.Uuid(rule.Id));
                read.Parameters.Add(SqlParameters.Integer(options.Value.BatchSize));
                read.Parameters.Add(SqlParameters.Uuid(Guid.Empty));
                await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var updatedAt = await reader.GetFieldValueAsync<DateTimeOffset>(2, cancellationToken);
                    leads.Add((reader.GetGuid(0), reader.GetGuid(1), updatedAt));
                }
            }

            var trigger = SnakeCaseNames.Of(AutomationTriggerType.LeadInactive);
            foreach (var (lead, organizationId, updatedAt) in leads)
            {
                var occurrence = new AutomationOccurrence(
                    $"{trigger}:{lead:D}:{updatedAt.UtcTicks}",
                    null,
                    trigger,
                    AutomationTriggerType.LeadInactive,
                    AutomationSubjects.Lead,
                    lead,
                    organizationId,
                    0,
                    null
                );
                await using var scope = scopes.CreateAsyncScope();
                var runner = scope.ServiceProvider.GetRequiredService<AutomationRunner>();
                await runner.RunAsync(rule, occurrence, cancellationToken);
            }

            if (leads.Count > 0)
            {
                await using var mark = new NpgsqlCommand(MarkSwept, connection);
                mark.Parameters.Add(SqlParameters.Uuid(rule.Id));
                mark.Parameters.Add(new NpgsqlParameter { Value = leads[^1].UpdatedAt });
                mark.Parameters.Add(SqlParameters.Uuid(leads[^1].Id));
                await mark.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    /// <summary>Whether the rule runs for the occurrence: its organization's (or the network's), and the trigger's
    /// status or stage when it names one.</summary>
    private static bool Applies(AutomationRule rule, AutomationOccurrence occurrence)
    {
        if (!rule.Network && rule.OrganizationId != occurrence.OrganizationId)
        {
            return false;
        }

        using var data = JsonDocument.Parse(occurrence.Data ?? "{}");
        var root = data.RootElement;
        if (rule.Trigger.DocumentKind is { } kind)
        {
            return root.TryGetProperty("kind", out var k)
                && k.ValueKind == JsonValueKind.String
                && k.GetString() == SnakeCaseNames.Of(kind);
        }

        if (rule.Trigger.Status is null && rule.Trigger.StageId is null)
        {
            return true;
        }

        return rule.Trigger.Status is { } status
            ? root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() == status
            : root.TryGetProperty("stageId", out var stage)
                && stage.ValueKind == JsonValueKind.String
                && stage.GetGuid() == rule.Trigger.StageId;
    }
}
