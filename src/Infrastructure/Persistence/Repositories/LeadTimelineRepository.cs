using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Application.LeadTimeline;
using MakCrm.Domain.Leads;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class LeadTimelineRepository(MakCrmDbContext db) : ILeadTimeline
{
    /// <summary>
    /// One projection per source of the timeline, all with the columns of <see cref="TimelineRow"/>, filtered by
    /// <c>@lead</c>. Adding a source (tasks, notifications) is one more entry here, plus its payload columns.
    /// </summary>
    private static readonly string[] Sources =
    [
        """
        SELECT id, 'history' AS kind, at, actor_user_id, actor_client_id, field, old_value, new_value, NULL::text AS text
        FROM lead_history WHERE lead_id = @lead
        """,
        """
        SELECT id, 'comment', created_at, author_user_id, author_client_id, NULL, NULL, NULL, text
        FROM lead_comments WHERE lead_id = @lead AND deleted_at IS NULL
        """,
    ];

    private static readonly string TimelineSql = $"""
        SELECT id AS "Id", kind AS "Kind", at AS "At", actor_user_id AS "ActorUserId", actor_client_id AS "ActorClientId",
               field AS "Field", old_value AS "OldValue", new_value AS "NewValue", text AS "Text"
        FROM ({string.Join("\nUNION ALL\n", Sources)}) AS timeline
        WHERE @after_at IS NULL OR (at, id) < (@after_at, @after_id)
        ORDER BY at DESC, id DESC
        LIMIT @take
        """;

    public void AddComment(LeadComment comment) => db.LeadComments.Add(comment);

    public async Task<IReadOnlyList<LeadCommentDto>> ListCommentsAsync(Guid leadId, KeysetPosition? after, int take, CancellationToken cancellationToken) =>
        await db.LeadComments.AsNoTracking().Where(c => c.LeadId == leadId)
            .Page(c => c.CreatedAt, descending: true, after, take)
            .Select(c => new LeadCommentDto(c.Id, c.LeadId, c.AuthorUserId, c.AuthorClientId, c.Text, c.CreatedAt, c.Version))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<TimelineItemDto>> ListAsync(Guid leadId, KeysetPosition? after, int take, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQueryRaw<TimelineRow>(
                TimelineSql,
                new NpgsqlParameter("lead", leadId),
                new NpgsqlParameter("after_at", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = after is null ? DBNull.Value : (DateTimeOffset)after.Value },
                new NpgsqlParameter("after_id", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = after?.Id ?? Guid.Empty },
                new NpgsqlParameter("take", take))
            .ToListAsync(cancellationToken);
        return rows.Select(r => new TimelineItemDto(
                r.Id, Enum.Parse<TimelineItemKind>(r.Kind, ignoreCase: true), r.At, r.ActorUserId, r.ActorClientId, r.Field, r.OldValue, r.NewValue, r.Text))
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
    }
}
