using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Application.LeadTimeline;
using MakCrm.Domain.Common;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Ledger;
using MakCrm.Domain.Notifications;
using MakCrm.Domain.Tasks;
using MakCrm.Infrastructure.Persistence.RawSql;
using Npgsql;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class LeadTimelineRepository(MakCrmDbContext db) : ILeadTimeline
{
    /// <summary>
    /// One projection per source of the timeline, all with the columns of <see cref="TimelineRow"/>, filtered by
    /// <c>@lead</c>. Adding a source is one more entry here, plus its payload columns. A task's "done at" and a
    /// notification's "read at" share <c>done_at</c>; its assignee and recipient share <c>user_id</c>.
    /// </summary>
    /// <summary>
    /// Notifications that only restate a change the lead's own history shows (one row per recipient of a status change,
    /// an assignment or a hand-over) stay out of its timeline.
    /// </summary>
    private static readonly string RestatedHistory = EnumLiterals.List(
        NotificationKind.LeadStatusChanged,
        NotificationKind.LeadAssigned,
        NotificationKind.LeadHandedOver
    );

    private static readonly string LeadTask = EnumLiterals.Of(TaskSubjectType.Lead);
    private static readonly string LeadNotice = EnumLiterals.Of(NotificationSubjectType.Lead);
    private static readonly string TaskNotice = EnumLiterals.Of(NotificationSubjectType.Task);

    private static readonly string[] Sources =
    [
        $"""
            SELECT id, {EnumLiterals.Of(
                Contracts.TimelineItemKind.History
            )} AS kind, at, actor_user_id, actor_client_id, field,
                   old_value, new_value, NULL::text AS text,
                   NULL::timestamptz AS due_at, NULL::timestamptz AS done_at, NULL::uuid AS user_id, NULL::text AS
                       notification_kind,
                   NULL::text AS ledger_kind, NULL::numeric AS amount, NULL::uuid AS organization_id
            FROM lead_history WHERE lead_id = @lead
            """,
        $"""
            SELECT id, {EnumLiterals.Of(
                Contracts.TimelineItemKind.Comment
            )}, created_at, author_user_id, author_client_id, NULL,
                   NULL, NULL, text, NULL, NULL, NULL, NULL, NULL, NULL, NULL
            FROM lead_comments WHERE lead_id = @lead AND deleted_at IS NULL
            """,
        $"""
            SELECT id, {EnumLiterals.Of(
                Contracts.TimelineItemKind.Task
            )}, created_at, created_by, NULL, NULL, NULL, NULL, title,
                   due_at, done_at, assignee_user_id, NULL, NULL, NULL, NULL
            FROM tasks WHERE subject_type = {LeadTask} AND subject_id = @lead AND deleted_at IS NULL
            """,
        $"""
            SELECT id, {EnumLiterals.Of(
                Contracts.TimelineItemKind.Notification
            )}, created_at, NULL, NULL, NULL, NULL, NULL, title,
                   NULL, read_at, recipient_user_id, kind, NULL, NULL, NULL
            FROM notifications
            WHERE ((subject_type = {LeadNotice} AND subject_id = @lead)
               OR (subject_type = {TaskNotice}
                   AND subject_id IN (SELECT id FROM tasks WHERE subject_type = {LeadTask} AND subject_id = @lead)))
              AND kind NOT IN ({RestatedHistory})
            """,
        $"""
            SELECT id, {EnumLiterals.Of(
                Contracts.TimelineItemKind.Ledger
            )}, created_at, created_by_user_id, NULL, NULL, NULL, NULL,
                   comment, NULL, NULL, NULL, NULL, kind, amount, organization_id
            FROM ledger_entries WHERE lead_id = @lead AND (@ledger_org IS NULL OR organization_id = @ledger_org)
            """,
    ];

    private static readonly string TimelineSql = $"""
        SELECT id AS "Id", kind AS "Kind", at AS "At", actor_user_id AS "ActorUserId", actor_client_id AS
            "ActorClientId",
               field AS "Field", old_value AS "OldValue", new_value AS "NewValue", text AS "Text",
               due_at AS "DueAt", done_at AS "DoneAt", user_id AS "UserId", notification_kind AS "NotificationKind",
               ledger_kind AS "LedgerKind", amount AS "Amount", organization_id AS "OrganizationId"
        FROM ({string.Join("\nUNION ALL\n", Sources)}) AS timeline
        WHERE @after_at IS NULL OR (at, id) < (@after_at, @after_id)
        ORDER BY at DESC, id DESC
        LIMIT @take
        """;

    public void AddComment(LeadComment comment) => db.Set<LeadComment>().Add(comment);

    public async Task<IReadOnlyList<LeadCommentDto>> ListCommentsAsync(
        Guid leadId,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    ) =>
        await db.Set<LeadComment>()
            .AsNoTracking()
            .Where(c => c.LeadId == leadId)
            .Page(c => c.CreatedAt, descending: true, after, take)
            .Select(c => new LeadCommentDto(
                c.Id,
                c.LeadId,
                c.AuthorUserId,
                c.AuthorClientId,
                c.Text,
                c.CreatedAt,
                c.Version
            ))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<TimelineItemDto>> ListAsync(
        Guid leadId,
        Guid? ledgerOrganizationId,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    )
    {
        var rows = await db
            .Database.SqlQueryRaw<TimelineRow>(
                TimelineSql,
                new NpgsqlParameter("lead", leadId),
                new NpgsqlParameter("ledger_org", NpgsqlTypes.NpgsqlDbType.Uuid)
                {
                    Value = ledgerOrganizationId is { } org ? org : DBNull.Value,
                },
                new NpgsqlParameter("after_at", NpgsqlTypes.NpgsqlDbType.TimestampTz)
                {
                    Value = after is null ? DBNull.Value : (DateTimeOffset)after.Value,
                },
                new NpgsqlParameter("after_id", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = after?.Id ?? Guid.Empty },
                new NpgsqlParameter("take", take)
            )
            .ToListAsync(cancellationToken);
        return rows.Select(r => new TimelineItemDto(
                r.Id,
                Enum.Parse<Contracts.TimelineItemKind>(r.Kind, ignoreCase: true),
                r.At,
                r.ActorUserId,
                r.ActorClientId,
                r.Field,
                r.OldValue,
                r.NewValue,
                r.Text,
                r.DueAt,
                r.DoneAt,
                r.UserId,
                r.NotificationKind is null ? null : SnakeCaseNames<NotificationKind>.Stored(r.NotificationKind),
                r.LedgerKind is null ? null : SnakeCaseNames<LedgerEntryKind>.Stored(r.LedgerKind),
                r.Amount,
                r.OrganizationId
            ))
            .ToList();
    }

    private sealed class TimelineRow
    {
        public Guid Id { get; init; }

        public string Kind { get; init; } = "";

        public DateTimeOffset At { get; init; }

        public Guid? ActorUserId { get; init; }

        public string? ActorClientId { get; init; }

        public string? Field { get; init; }

        public string? OldValue { get; init; }

        public string? NewValue { get; init; }

        public string? Text { get; init; }

        public DateTimeOffset? DueAt { get; init; }

        public DateTimeOffset? DoneAt { get; init; }

        public Guid? UserId { get; init; }

        public string? NotificationKind { get; init; }

        public string? LedgerKind { get; init; }

        public decimal? Amount { get; init; }

        public Guid? OrganizationId { get; init; }
    }
}
