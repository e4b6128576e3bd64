using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Application.LeadTimeline;
using MakCrm.Domain.Common;
using MakCrm.Domain.Documents;
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
    /// Notifications that only restate a change the lead's own history shows (one row per recipient of a status change,
    /// an assignment, a hand-over or the creation of a lead nobody is responsible for) stay out of its timeline.
    /// </summary>
    private static readonly string RestatedHistory = EnumLiterals.List(
        NotificationKind.LeadStatusChanged,
        NotificationKind.LeadAssigned,
        NotificationKind.LeadHandedOver,
        NotificationKind.LeadUnassigned
    );

    private static readonly string OnLead = EnumLiterals.Of(TaskSubjectType.Lead);
    private static readonly string OnClient = EnumLiterals.Of(TaskSubjectType.Client);
    private static readonly string OnDeal = EnumLiterals.Of(TaskSubjectType.Deal);
    private static readonly string LeadNotice = EnumLiterals.Of(NotificationSubjectType.Lead);
    private static readonly string TaskNotice = EnumLiterals.Of(NotificationSubjectType.Task);

    /// <summary>The columns every source answers, in order, with their types (a source leaves out what it has
    /// not: it is selected as a typed NULL). A task's "done at" and a notification's "read at" share <c>done_at</c>;
    /// its assignee and recipient share <c>user_id</c>; a ledger entry's and a deal's amount share <c>amount</c>; the
    /// comment's text, the task's and notification's title, the ledger entry's comment, the deal's title and the
    /// document's file name share <c>text</c>.</summary>
    private static readonly (string Name, string Type)[] Columns =
    [
        ("id", "uuid"),
        ("kind", "text"),
        ("at", "timestamptz"),
        ("actor_user_id", "uuid"),
        ("actor_client_id", "text"),
        ("field", "text"),
        ("old_value", "text"),
        ("new_value", "text"),
        ("text", "text"),
        ("due_at", "timestamptz"),
        ("done_at", "timestamptz"),
        ("user_id", "uuid"),
        ("notification_kind", "text"),
        ("ledger_kind", "text"),
        ("amount", "numeric"),
        ("organization_id", "uuid"),
        ("lead_id", "uuid"),
        ("deal_id", "uuid"),
        ("pipeline_id", "uuid"),
        ("stage_id", "uuid"),
        ("from_pipeline_id", "uuid"),
        ("from_stage_id", "uuid"),
        ("document_kind", "text"),
        ("content_type", "text"),
        ("size", "bigint"),
    ];

    /// <summary>
    /// One projection per source of the timeline, over the subject's leads (<c>subject_leads</c>) and deals
    /// (<c>subject_deals</c>). Adding a source is one more entry here.
    /// </summary>
    private static readonly string[] Sources =
    [
        Source(
            "FROM lead_history WHERE lead_id IN (SELECT id FROM subject_leads)",
            ("id", "id"),
            ("kind", EnumLiterals.Of(Contracts.TimelineItemKind.History)),
            ("at", "at"),
            ("actor_user_id", "actor_user_id"),
            ("actor_client_id", "actor_client_id"),
            ("field", "field"),
            ("old_value", "old_value"),
            ("new_value", "new_value"),
            ("lead_id", "lead_id")
        ),
        Source(
            "FROM lead_comments WHERE lead_id IN (SELECT id FROM subject_leads) AND deleted_at IS NULL",
            ("id", "id"),
            ("kind", EnumLiterals.Of(Contracts.TimelineItemKind.Comment)),
            ("at", "created_at"),
            ("actor_user_id", "author_user_id"),
            ("actor_client_id", "author_client_id"),
            ("text", "text"),
            ("lead_id", "lead_id")
        ),
        Source(
            $"""
            FROM tasks
            WHERE deleted_at IS NULL
              AND ((subject_type = {OnLead} AND subject_id IN (SELECT id FROM subject_leads))
                OR (subject_type = {OnClient} AND subject_id = @client)
                OR (subject_type = {OnDeal} AND subject_id IN (SELECT id FROM subject_deals)))
            """,
            ("id", "id"),
            ("kind", EnumLiterals.Of(Contracts.TimelineItemKind.Task)),
            ("at", "created_at"),
            ("actor_user_id", "created_by"),
            ("text", "title"),
            ("due_at", "due_at"),
            ("done_at", "done_at"),
            ("user_id", "assignee_user_id"),
            ("lead_id", $"CASE WHEN subject_type = {OnLead} THEN subject_id END"),
            ("deal_id", $"CASE WHEN subject_type = {OnDeal} THEN subject_id END")
        ),
        Source(
            $"""
            FROM notifications n
            LEFT JOIN tasks t ON n.subject_type = {TaskNotice} AND t.id = n.subject_id AND t.subject_type = {OnLead}
            WHERE ((n.subject_type = {LeadNotice} AND n.subject_id IN (SELECT id FROM subject_leads))
               OR t.subject_id IN (SELECT id FROM subject_leads))
              AND n.kind NOT IN ({RestatedHistory})
            """,
            ("id", "n.id"),
            ("kind", EnumLiterals.Of(Contracts.TimelineItemKind.Notification)),
            ("at", "n.created_at"),
            ("text", "n.title"),
            ("done_at", "n.read_at"),
            ("user_id", "n.recipient_user_id"),
            ("notification_kind", "n.kind"),
            ("lead_id", $"CASE WHEN n.subject_type = {LeadNotice} THEN n.subject_id ELSE t.subject_id END")
        ),
        Source(
            """
            FROM ledger_entries
            WHERE lead_id IN (SELECT id FROM subject_leads)
              AND (@ledger_org IS NULL OR organization_id = @ledger_org)
            """,
            ("id", "id"),
            ("kind", EnumLiterals.Of(Contracts.TimelineItemKind.Ledger)),
            ("at", "created_at"),
            ("actor_user_id", "created_by_user_id"),
            ("text", "comment"),
            ("ledger_kind", "kind"),
            ("amount", "amount"),
            ("organization_id", "organization_id"),
            ("lead_id", "lead_id")
        ),
        Source(
            "FROM deal_stage_history h JOIN subject_deals d ON d.id = h.deal_id",
            ("id", "h.id"),
            ("kind", EnumLiterals.Of(Contracts.TimelineItemKind.Deal)),
            ("at", "h.at"),
            ("actor_user_id", "h.actor_user_id"),
            ("actor_client_id", "h.actor_client_id"),
            ("text", "d.title"),
            ("amount", "d.amount"),
            ("lead_id", "d.lead_id"),
            ("deal_id", "d.id"),
            ("pipeline_id", "h.to_pipeline_id"),
            ("stage_id", "h.to_stage_id"),
            ("from_pipeline_id", "h.from_pipeline_id"),
            ("from_stage_id", "h.from_stage_id")
        ),
        Source(
            $"""
            FROM documents
            WHERE deleted_at IS NULL
              AND (@document_org IS NULL OR organization_id = @document_org)
              AND ((subject_type = {OnClient} AND subject_id = @client)
                OR (subject_type = {OnLead} AND subject_id IN (SELECT id FROM subject_leads))
                OR (subject_type = {OnDeal} AND subject_id IN (SELECT id FROM subject_deals)))
            """,
            ("id", "id"),
            ("kind", EnumLiterals.Of(Contracts.TimelineItemKind.Document)),
            ("at", "created_at"),
            ("actor_user_id", "created_by_user_id"),
            ("actor_client_id", "created_by_client_id"),
            ("text", "file_name"),
            ("lead_id", $"CASE WHEN subject_type = {OnLead} THEN subject_id END"),
            ("deal_id", $"CASE WHEN subject_type = {OnDeal} THEN subject_id END"),
            ("document_kind", "kind"),
            ("content_type", "content_type"),
            ("size", "size")
        ),
    ];

    /// <summary>
    /// A lead's timeline covers the lead and the deals made from it; a client's every lead and deal of the client in
    /// the caller's scopes. Deleted leads and deals are left out of a client's.
    /// </summary>
    private static readonly string TimelineSql = $"""
        WITH subject_leads AS (
            SELECT id FROM leads WHERE id = @lead
            UNION ALL
            SELECT id FROM leads
            WHERE client_id = @client AND deleted_at IS NULL AND (@lead_org IS NULL OR organization_id = @lead_org)
        ),
        subject_deals AS (
            SELECT id, lead_id, title, amount FROM deals
            WHERE (lead_id = @lead OR client_id = @client) AND deleted_at IS NULL
              AND (@deal_org IS NULL OR organization_id = @deal_org)
        )
        SELECT {string.Join(", ", Columns.Select(c => $"{c.Name} AS \"{Pascal(c.Name)}\""))}
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
        TimelineSubject subject,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    )
    {
        var rows = await db
            .Database.SqlQueryRaw<TimelineRow>(
                TimelineSql,
                Uuid("lead", subject.LeadId),
                Uuid("client", subject.ClientId),
                Uuid("lead_org", subject.LeadOrganizationId),
                Uuid("deal_org", subject.DealOrganizationId),
                Uuid("ledger_org", subject.LedgerOrganizationId),
                Uuid("document_org", subject.DocumentOrganizationId),
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
                r.OrganizationId,
                r.LeadId,
                r.DealId,
                r.PipelineId,
                r.StageId,
                r.FromPipelineId,
                r.FromStageId,
                r.DocumentKind is null ? null : SnakeCaseNames<DocumentKind>.Stored(r.DocumentKind),
                r.ContentType,
                r.Size
            ))
            .ToList();
    }

    private static NpgsqlParameter Uuid(string name, Guid? value) =>
        new(name, NpgsqlTypes.NpgsqlDbType.Uuid) { Value = value is { } id ? id : DBNull.Value };

    /// <summary>One source's SELECT: each of <see cref="Columns"/> from the source's expression, or a typed
    /// NULL.</summary>
    private static string Source(string from, params (string Column, string Expression)[] values)
    {
        var given = values.ToDictionary(v => v.Column, v => v.Expression);
        var unknown = given.Keys.Except(Columns.Select(c => c.Name)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"The timeline has no column {string.Join(", ", unknown)}.");
        }

        var select = Columns.Select(c =>
            given.TryGetValue(c.Name, out var expression)
                ? $"{expression}::{c.Type} AS {c.Name}"
                : $"NULL::{c.Type} AS {c.Name}"
        );
        return $"SELECT {string.Join(", ", select)}\n{from}";
    }

    private static string Pascal(string snake) =>
        string.Concat(snake.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

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

        public Guid? LeadId { get; init; }

        public Guid? DealId { get; init; }

        public Guid? PipelineId { get; init; }

        public Guid? StageId { get; init; }

        public Guid? FromPipelineId { get; init; }

        public Guid? FromStageId { get; init; }

        public string? DocumentKind { get; init; }

        public string? ContentType { get; init; }

        public long? Size { get; init; }
    }
}
