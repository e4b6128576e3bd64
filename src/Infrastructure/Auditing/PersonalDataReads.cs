using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.PersonalData;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.Repositories;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.Auditing;

/// <summary>
/// The read log: a read's lines go in one INSERT over arrays (one round trip whatever the page's size), on a
/// connection of its own, so that an export that streams on the unit of work's connection can record as it goes.
/// </summary>
internal sealed class PersonalDataReads(
    MakCrmDbContext db,
    NpgsqlDataSource dataSource,
    IRequestContext request,
    TimeProvider clock
) : IPersonalDataReads
{
    internal const string Insert = """
        INSERT INTO personal_data_reads (id, occurred_at, actor_user_id, actor_client_id, organization_id,
            subject_type, subject_id, access, ip_address, trace_id)
        SELECT line.id, $3, $4, $5, $6, $7, line.subject_id, $8, $9, $10
        FROM unnest($1::uuid[], $2::uuid[]) AS line (id, subject_id)
        """;

    public async Task RecordAsync(
        string subjectType,
        string access,
        IReadOnlyCollection<Guid> subjectIds,
        CancellationToken cancellationToken
    )
    {
        if (subjectIds.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        await using var command = dataSource.CreateCommand(Insert);
        var lineIds = subjectIds.Select(_ => Guid.CreateVersion7(now));
        command.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Uuid, lineIds));
        command.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Uuid, subjectIds));
        command.Parameters.Add(SqlParameters.Instant(now));
        command.Parameters.Add(SqlParameters.Uuid(request.UserId));
        command.Parameters.Add(SqlParameters.Text(request.ClientId));
        command.Parameters.Add(SqlParameters.Uuid(request.OrganizationId));
        command.Parameters.Add(SqlParameters.Text(subjectType));
        command.Parameters.Add(SqlParameters.Text(access));
        command.Parameters.Add(SqlParameters.Text(request.IpAddress));
        command.Parameters.Add(SqlParameters.Text(request.TraceId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PersonalDataReadDto>> ListAsync(
        PersonalDataReadCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var query = db.Set<PersonalDataRead>().AsNoTracking();
        var filter = criteria.Filter;
        if (filter.SubjectType is not null)
        {
            query = query.Where(e => e.SubjectType == filter.SubjectType);
        }

        if (filter.SubjectId is { } subject)
        {
            query = query.Where(e => e.SubjectId == subject);
        }

        if (filter.ActorUserId is { } actor)
        {
            query = query.Where(e => e.ActorUserId == actor);
        }

        if (filter.ActorClientId is not null)
        {
            query = query.Where(e => e.ActorClientId == filter.ActorClientId);
        }

        if (filter.Access is not null)
        {
            query = query.Where(e => e.Access == filter.Access);
        }

        if (filter.From is { } from)
        {
            query = query.Where(e => e.OccurredAt >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(e => e.OccurredAt < to);
        }

        return await query
            .Page(e => e.OccurredAt, e => e.Id, criteria.Sort.Descending, criteria.After, criteria.Take)
            .Select(e => new PersonalDataReadDto(
                e.Id,
                e.OccurredAt,
                e.ActorUserId,
                e.ActorClientId,
                e.OrganizationId,
                e.SubjectType,
                e.SubjectId,
                e.Access,
                e.IpAddress,
                e.TraceId
            ))
            .ToListAsync(cancellationToken);
    }
}

/// <summary>
/// Deletes the read log's lines older than the retention, a batch at a time; a batch is claimed with
/// <c>SKIP LOCKED</c>, so instances that purge at once take different lines.
/// </summary>
[Singleton]
public sealed class PersonalDataReadRetention(NpgsqlDataSource dataSource)
{
    private const string Purge = """
        WITH due AS (
            SELECT id FROM personal_data_reads WHERE occurred_at < $1 ORDER BY occurred_at, id LIMIT $2
                FOR UPDATE SKIP LOCKED
        )
        DELETE FROM personal_data_reads WHERE id IN (SELECT id FROM due)
        """;

    public async Task<int> PurgeAsync(DateTimeOffset olderThan, int batchSize, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Purge);
        command.Parameters.Add(SqlParameters.Instant(olderThan));
        command.Parameters.Add(SqlParameters.Integer(batchSize));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
