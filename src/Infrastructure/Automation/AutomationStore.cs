using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Automation;
using MakCrm.Application.Common;
using MakCrm.Domain.Automation;
using MakCrm.Domain.Common;
using MakCrm.Domain.Tasks;
using MakCrm.Domain.Webhooks;
using MakCrm.Infrastructure.Events;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.RawSql;
using MakCrm.Infrastructure.Persistence.Repositories;
using MakCrm.Infrastructure.Webhooks;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.Infrastructure.Automation;

/// <summary>The loop guard's mark on an event an action raised (table <c>automation_event_depths</c>).</summary>
internal sealed class AutomationEventDepthRow
{
    public Guid EventId { get; init; }

    public int Depth { get; init; }
}

/// <summary>How far the rules have followed the event feed (table <c>automation_cursor</c>, one row).</summary>
internal sealed class AutomationCursorRow
{
    public int Id { get; private set; }

    public long LastSequence { get; private set; }
}

/// <summary>How far a time trigger's rule has swept its records (table <c>automation_sweeps</c>, one row a rule): the
/// last lead looked at, in the order of their last change.</summary>
internal sealed class AutomationSweepRow
{
    public Guid RuleId { get; private set; }

    public DateTimeOffset SweptAt { get; private set; }

    public Guid SweptId { get; private set; }
}

internal sealed class AutomationRuleRepository(MakCrmDbContext db) : IAutomationRuleRepository
{
    public void Add(AutomationRule rule) => db.Set<AutomationRule>().Add(rule);

    public async Task<Contracts.AutomationRule?> GetAsync(
        Guid id,
        AutomationRuleReader reader,
        CancellationToken cancellationToken
    ) =>
        await Readable(reader).FirstOrDefaultAsync(e => e.Id == id, cancellationToken) is { } rule
            ? AutomationRuleAnswers.Of(rule)
            : null;

    public Task<AutomationRule?> FindOwnedAsync(
        Guid id,
        AutomationRuleReader reader,
        CancellationToken cancellationToken
    ) =>
        db.Set<AutomationRule>()
            .Where(e => e.Id == id && (reader.All || (e.OrganizationId == reader.OrganizationId && !e.Network)))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<Contracts.AutomationRule>> ListAsync(
        AutomationRuleListCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var query = Readable(criteria.Reader);
        var filter = criteria.Filter;
        if (filter.Enabled is { } enabled)
        {
            query = query.Where(e => e.Enabled == enabled);
        }

        if (filter.Trigger is { } trigger)
        {
            query = query.Where(e => e.TriggerType == trigger);
        }

        if (filter.OrganizationId is { } organizationId)
        {
            query = query.Where(e => e.OrganizationId == organizationId);
        }

        var (sort, after, take) = (criteria.Sort, criteria.After, criteria.Take);
        query = sort.Field switch
        {
            AutomationRuleSortField.Position => query.Page(e => e.Position, e => e.Id, sort.Descending, after, take),
            AutomationRuleSortField.Name => query.Page(e => e.Name, e => e.Id, sort.Descending, after, take),
            _ => query.Page(e => e.CreatedAt, e => e.Id, sort.Descending, after, take),
        };
        return (await query.ToListAsync(cancellationToken)).Select(AutomationRuleAnswers.Of).ToList();
    }

    public async Task<IReadOnlyList<AutomationRule>> EnabledAsync(
        IReadOnlyCollection<AutomationTriggerType> triggers,
        CancellationToken cancellationToken
    ) =>
        await db.Set<AutomationRule>()
            .AsNoTracking()
            .Where(e => e.Enabled && triggers.Contains(e.TriggerType))
            .OrderBy(e => e.Position)
            .ThenBy(e => e.CreatedAt)
            .ThenBy(e => e.Id)
            .ToListAsync(cancellationToken);

    public Task<bool> HasRunAsync(Guid ruleId, string occurrence, CancellationToken cancellationToken) =>
        db.Set<AutomationRun>().AnyAsync(r => r.RuleId == ruleId && r.Occurrence == occurrence, cancellationToken);

    public async Task<long> NextTurnAsync(Guid ruleId, CancellationToken cancellationToken) =>
        (
            await db
                .Database.SqlQuery<long>(
                    $"""
                    UPDATE automation_rules SET round_robin_turns = round_robin_turns + 1 WHERE id = {ruleId}
                    RETURNING round_robin_turns - 1 AS "Value"
                    """
                )
                .ToListAsync(cancellationToken)
        ).Single();

    public async Task<Guid?> LeastLoadedAsync(IReadOnlyList<Guid> userIds, CancellationToken cancellationToken)
    {
        var open = await db.Set<CrmTask>()
            .AsNoTracking()
            .Where(t => userIds.Contains(t.AssigneeUserId) && t.DoneAt == null)
            .GroupBy(t => t.AssigneeUserId)
            .Select(g => new { User = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.User, g => g.Count, cancellationToken);
        return userIds.Count == 0 ? null : userIds.OrderBy(id => open.GetValueOrDefault(id)).ThenBy(id => id).First();
    }

    public Task<bool> WebhookExistsAsync(Guid webhookId, Guid? organizationId, CancellationToken cancellationToken) =>
        db.Set<WebhookSubscription>()
            .AnyAsync(
                s => s.Id == webhookId && (organizationId == null || s.OrganizationId == organizationId),
                cancellationToken
            );

    public void AddRun(AutomationRun run) => db.Set<AutomationRun>().Add(run);

    public async Task<IReadOnlyList<Contracts.AutomationRun>> ListRunsAsync(
        AutomationRunListCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var runs = db.Set<AutomationRun>().AsNoTracking();
        if (!criteria.Reader.All)
        {
            runs = runs.Where(r => r.OrganizationId == criteria.Reader.OrganizationId);
        }

        if (criteria.RuleId is { } ruleId)
        {
            runs = runs.Where(r => r.RuleId == ruleId);
        }

        if (criteria.Outcome is { } outcome)
        {
            runs = runs.Where(r => r.Outcome == outcome);
        }

        if (criteria.SubjectId is { } subjectId)
        {
            runs = runs.Where(r => r.SubjectId == subjectId);
        }

        return await runs.Page(r => r.RanAt, r => r.Id, true, criteria.After, criteria.Take)
            .Select(AutomationRunAnswers.Projection)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Every rule for a reader of all; otherwise the network's and the reader's organization's.</summary>
    private IQueryable<AutomationRule> Readable(AutomationRuleReader reader) =>
        db.Set<AutomationRule>()
            .AsNoTracking()
            .Where(e => reader.All || e.Network || e.OrganizationId == reader.OrganizationId);
}

/// <summary>The loop guard's marks, written with the run that raised the events.</summary>
internal sealed class AutomationDepths(MakCrmDbContext db, EventOutbox outbox) : IAutomationDepths
{
    public async Task<IReadOnlyDictionary<Guid, int>> DepthsOfAsync(
        IReadOnlyCollection<Guid> eventIds,
        CancellationToken cancellationToken
    ) =>
        await db.Set<AutomationEventDepthRow>()
            .AsNoTracking()
            .Where(d => eventIds.Contains(d.EventId))
            .ToDictionaryAsync(d => d.EventId, d => d.Depth, cancellationToken);

    public void Watch() => outbox.WatchRaised();

    public Task MarkRaisedAsync(int depth, CancellationToken cancellationToken)
    {
        foreach (var id in outbox.WatchedRaised())
        {
            db.Set<AutomationEventDepthRow>().Add(new AutomationEventDepthRow { EventId = id, Depth = depth });
        }

        return Task.CompletedTask;
    }
}

/// <summary>A rule's webhook call: a delivery of the event, made as the fan-out makes one, for the webhook worker to
/// send, sign and retry.</summary>
internal sealed class AutomationWebhooks(MakCrmDbContext db, TimeProvider clock) : IAutomationWebhooks
{
    private static readonly string ReadEvent = $"SELECT {EventFeed.Columns} FROM events WHERE id = $1";

    private static readonly string InsertDelivery = $"""
        INSERT INTO webhook_deliveries (id, subscription_id, event_id, message_id, event_type, body, status, attempts,
            next_attempt_at, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, {EnumLiterals.Of(Contracts.WebhookDeliveryStatus.Pending)}, 0, $7, $7)
        ON CONFLICT (subscription_id, event_id) DO NOTHING
        """;

    public async Task<Result<Unit>> QueueAsync(Guid webhookId, Guid? eventId, CancellationToken cancellationToken)
    {
        if (!await db.Set<WebhookSubscription>().AnyAsync(s => s.Id == webhookId && s.Enabled, cancellationToken))
        {
            return new Error(
                ErrorCodes.WebhookSubscriptionDisabled,
                $"The webhook subscription {webhookId} is deleted or disabled.",
                ErrorKind.Conflict
            );
        }

        if (eventId is null)
        {
            return Unit.Value;
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        EventRecord record;
        await using (var read = new NpgsqlCommand(ReadEvent, connection, transaction))
        {
            read.Parameters.Add(new NpgsqlParameter { Value = eventId });
            record = (await EventFeed.ReadAllAsync(read, cancellationToken)).Single();
        }

        var id = clock.NewId();
        await using var insert = new NpgsqlCommand(InsertDelivery, connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = id });
        insert.Parameters.Add(new NpgsqlParameter { Value = webhookId });
        insert.Parameters.Add(new NpgsqlParameter { Value = eventId });
        insert.Parameters.Add(new NpgsqlParameter { Value = WebhookDeliveryRow.MessageIdOf(id) });
        insert.Parameters.Add(new NpgsqlParameter { Value = record.Type });
        insert.Parameters.Add(new NpgsqlParameter { Value = record.ToUtf8Json() });
        insert.Parameters.Add(new NpgsqlParameter { Value = clock.UtcNowMicroseconds() });
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return Unit.Value;
    }
}

/// <summary>A rule's dry run in a scope of its own (<see cref="IAutomationDryRuns"/>), as the worker runs a
/// rule.</summary>
internal sealed class AutomationDryRuns(IServiceScopeFactory scopes) : IAutomationDryRuns
{
    public async Task<AutomationDryRunDto> RunAsync(
        AutomationRule rule,
        AutomationOccurrence occurrence,
        CancellationToken cancellationToken
    )
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope
            .ServiceProvider.GetRequiredService<AutomationRunner>()
            .DryRunAsync(rule, occurrence, cancellationToken);
    }
}
