using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Common;
using MakCrm.Domain.Leads;
using Npgsql;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>
/// The contact intake's five reads as one <see cref="NpgsqlBatch"/> in the unit of work's transaction: PostgreSQL runs
/// the statements in order, so the client and original lookups run after the contact locks are granted and see what
/// the previous holder committed. The reads are those of <see cref="LeadStatusRepository.FindAsync"/> with a share lock
/// and <see cref="ClientRepository.FindByPhoneAsync"/>, and <see cref="DuplicateGuard"/>'s own statements. They see
/// saved rows only: a batch of submissions counts the clients and leads it made itself.
/// </summary>
internal sealed class ContactIntakeReads(MakCrmDbContext db) : IContactIntakeReads
{
    private const string StatusSql =
        "SELECT initial, allowed_roles FROM lead_statuses WHERE code = $1 AND deleted_at IS NULL FOR SHARE";

    private const string SourceSql =
        "SELECT active, duplicate_policy FROM client_sources WHERE code = $1 AND deleted_at IS NULL";

    public async Task<ContactIntakeState> LockAndReadAsync(
        ContactIntakeQuery query,
        CancellationToken cancellationToken
    )
    {
        var connection = Transactional.Connection(db, "The contact intake");
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(StatusSql) { Parameters = { SqlParameters.Text(query.StatusCode) } },
                new NpgsqlBatchCommand(SourceSql) { Parameters = { SqlParameters.Text(query.SourceCode) } },
                DuplicateGuard.Lock(query.Keys),
                ClientRepository.ByPhone(query.OrganizationId, query.Keys.Phone),
                DuplicateGuard.Original(query.Keys),
            },
        };

        IntakeStatus? status = null;
        IntakeSource? source = null;
        IntakeClient? client = null;
        var keys = query.Keys;
        DuplicateMatch? original;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                status = new IntakeStatus(
                    reader.GetBoolean(0),
                    await reader.GetFieldValueAsync<string[]>(1, cancellationToken)
                );
            }

            await reader.NextResultAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                source = new IntakeSource(
                    reader.GetBoolean(0),
                    SnakeCaseNames<DuplicatePolicy>.Stored(reader.GetString(1))
                );
            }

            await reader.NextResultAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                client = new IntakeClient(reader.GetGuid(0), reader.GetString(1));
            }

            await reader.NextResultAsync(cancellationToken);
            original = await DuplicateGuard.ReadOriginalAsync(reader, keys, cancellationToken);
        }

        return new ContactIntakeState(status, source, client, original);
    }
}
