using System.Text.Json;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Automation;
using MakCrm.Domain.Automation;
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
}

/// <summary>
/// Runs the automation rules on the event feed. It follows the numbered events by its own one-row cursor
/// (<c>automation_cursor</c>, started before the first rule the first time) locked <c>FOR UPDATE SKIP LOCKED</c>, so
/// one instance runs rules at a time and the others skip the round. For each event of a trigger's type, in order, it
/// runs the enabled rules of that trigger that apply to it (the network's and the event's organization's own, created
/// before the event, in position order), each in a scope of its own (<see cref="AutomationRunner"/>), then moves the
/// cursor. A crash half-way leaves the cursor behind: the batch is read again, and each (rule, event) run's unique key
/// makes the rules that ran already do nothing.
/// </summary>
[Scoped]
public sealed class AutomationFeed(MakCrmDbContext db, IServiceScopeFactory scopes, IOptions<AutomationOptions> options)
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

    private async Task RunAsync(IReadOnlyList<EventRecord> events, CancellationToken cancellationToken)
    {
        IReadOnlyList<AutomationRule> rules;
        IAutomationDepths depths;
        await using (var lookup = scopes.CreateAsyncScope())
        {
            rules = await lookup
                .ServiceProvider.GetRequiredService<IAutomationRuleRepository>()
                .EnabledAsync([.. Triggers.Values.Distinct()], cancellationToken);
            depths = lookup.ServiceProvider.GetRequiredService<IAutomationDepths>();
            if (rules.Count == 0)
            {
                return;
            }

            foreach (var record in events)
            {
                var trigger = Triggers[record.Type];
                var applying = rules.Where(r => r.TriggerType == trigger && r.CreatedAt <= record.OccurredAt).ToList();
                if (applying.Count == 0)
                {
                    continue;
                }

                var occurrence = Occurrence(record, trigger, await depths.DepthOfAsync(record.Id, cancellationToken));
                foreach (var rule in applying.Where(r => Applies(r, occurrence)))
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope
                        .ServiceProvider.GetRequiredService<AutomationRunner>()
                        .RunAsync(rule, occurrence, cancellationToken);
                }
            }
        }
    }

    private static AutomationOccurrence Occurrence(EventRecord record, AutomationTriggerType trigger, int depth)
    {
        var subjectType = AutomationSubjects.SubjectOf(trigger);
        var organizationId = subjectType == AutomationSubjects.Organization ? record.ResourceId : record.OrganizationId;
        return new AutomationOccurrence(
            record.Id.ToString("D"),
            record.Id,
            record.Type,
            trigger,
            subjectType,
            record.ResourceId,
            organizationId,
            depth,
            record.Data
        );
    }

    /// <summary>Whether the rule runs for the occurrence: its organization's (or the network's), and the trigger's
    /// status or stage when it names one.</summary>
    private static bool Applies(AutomationRule rule, AutomationOccurrence occurrence)
    {
        if (!rule.Network && rule.OrganizationId != occurrence.OrganizationId)
        {
            return false;
        }

        if (rule.Trigger.Status is null && rule.Trigger.StageId is null)
        {
            return true;
        }

        using var data = JsonDocument.Parse(occurrence.Data ?? "{}");
        var root = data.RootElement;
        return rule.Trigger.Status is { } status
            ? root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() == status
            : root.TryGetProperty("stageId", out var stage)
                && stage.ValueKind == JsonValueKind.String
                && stage.GetGuid() == rule.Trigger.StageId;
    }
}
