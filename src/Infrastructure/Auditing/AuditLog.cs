using System.Text.Json;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Audit;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.Repositories;

namespace MakCrm.Infrastructure.Auditing;

internal sealed class AuditLog(MakCrmDbContext db) : IAuditLog
{
    public async Task<IReadOnlyList<AuditEventDto>> ListAsync(
        AuditListCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var query = db.Set<AuditEvent>().AsNoTracking();
        var filter = criteria.Filter;
        if (filter.Kind is not null)
        {
            query = query.Where(e => e.Kind == filter.Kind);
        }

        if (filter.Action is not null)
        {
            query = query.Where(e => e.Action == filter.Action);
        }

        if (filter.ActorUserId is { } actor)
        {
            query = query.Where(e => e.ActorUserId == actor);
        }

        if (filter.EntityType is not null)
        {
            query = query.Where(e => e.EntityType == filter.EntityType);
        }

        if (filter.EntityId is { } entity)
        {
            query = query.Where(e => e.EntityId == entity);
        }

        if (filter.From is { } from)
        {
            query = query.Where(e => e.OccurredAt >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(e => e.OccurredAt < to);
        }

        var rows = await query
            .Page(e => e.OccurredAt, e => e.Id, criteria.Sort.Descending, criteria.After, criteria.Take)
            .ToListAsync(cancellationToken);
        return rows.Select(e => new AuditEventDto(
                e.Id,
                e.OccurredAt,
                e.Kind,
                e.Action,
                e.ActorUserId,
                e.ActorClientId,
                e.OrganizationId,
                e.EntityType,
                e.EntityId,
                e.Changes is null ? null : JsonDocument.Parse(e.Changes).RootElement.Clone(),
                e.IpAddress,
                e.TraceId
            ))
            .ToList();
    }
}
