using System.Text.Json;
using System.Text.Json.Serialization;
using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Auditing;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.RawSql;
using Npgsql;

namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>
/// The mapping of an amoCRM account (table <c>amocrm_mappings</c>, one row per account): its three lists as one jsonb
/// document with a version. Replaced in the command's transaction under the account's advisory lock, so that two
/// admins saving at once with the same <c>If-Match</c> get one save and one 412; the audit line commits with it.
/// </summary>
internal sealed class AmoCrmMappings(
    MakCrmDbContext db,
    NpgsqlDataSource dataSource,
    AuditTrail audit,
    Application.Abstractions.Security.IRequestContext request
) : IAmoCrmMappings
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private const string Read = "SELECT version, mapping::text, updated_at FROM amocrm_mappings WHERE account_id = $1";

    private const string Upsert = """
        INSERT INTO amocrm_mappings (account_id, version, mapping, updated_at, updated_by)
        VALUES ($1, $2, $3::jsonb, $4, $5)
        ON CONFLICT (account_id) DO UPDATE
        SET version = excluded.version, mapping = excluded.mapping, updated_at = excluded.updated_at,
            updated_by = excluded.updated_by
        """;

    public async Task<StoredAmoCrmMapping> FindAsync(long accountId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, accountId, cancellationToken);
    }

    public async Task<StoredAmoCrmMapping> LockAsync(long accountId, CancellationToken cancellationToken)
    {
        var connection = Transactional.Connection(db, "Replacing the amoCRM mapping");
        await using (var command = new NpgsqlCommand($"SELECT {AdvisoryLocks.Exclusive("$1")}", connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"amocrm:mapping:{accountId}" });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return await ReadAsync(connection, accountId, cancellationToken);
    }

    public async Task<StoredAmoCrmMapping> ReplaceAsync(
        long accountId,
        StoredAmoCrmMapping mapping,
        CancellationToken cancellationToken
    )
    {
        var connection = Transactional.Connection(db, "Replacing the amoCRM mapping");
        var document = JsonSerializer.Serialize(new Document(mapping.Statuses, mapping.Users, mapping.Fields), Json);
        await using (var command = new NpgsqlCommand(Upsert, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = accountId });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = mapping.Version });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = document });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = mapping.UpdatedAt!.Value });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)request.UserId ?? DBNull.Value });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        audit.Add(
            audit.Security(
                "amocrm.mapping_replaced",
                null,
                new
                {
                    account_id = accountId,
                    version = mapping.Version,
                    statuses = mapping.Statuses.Count,
                    users = mapping.Users.Count,
                    fields = mapping.Fields.Count,
                }
            )
        );
        return mapping;
    }

    public async Task<IReadOnlyList<HeadOfficeUser>> HeadOfficeUsersAsync(CancellationToken cancellationToken) =>
        await db
            .Users.AsNoTracking()
            .Where(u => u.OrganizationId == Organization.HeadOfficeId && !u.IsDisabled && u.Email != null)
            .OrderBy(u => u.Id)
            .Select(u => new HeadOfficeUser(u.Id, u.Email!))
            .ToListAsync(cancellationToken);

    private static async Task<StoredAmoCrmMapping> ReadAsync(
        NpgsqlConnection connection,
        long accountId,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand(Read, connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = accountId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return StoredAmoCrmMapping.Empty;
        }

        var document = JsonSerializer.Deserialize<Document>(reader.GetString(1), Json)!;
        return new StoredAmoCrmMapping(
            reader.GetInt32(0),
            document.Statuses,
            document.Users,
            document.Fields,
            await reader.GetFieldValueAsync<DateTimeOffset>(2, cancellationToken)
        );
    }

    private sealed record Document(
        IReadOnlyList<Contracts.AmoCrmStatusMapping> Statuses,
        IReadOnlyList<Contracts.AmoCrmUserMapping> Users,
        IReadOnlyList<Contracts.AmoCrmFieldMapping> Fields
    );
}

/// <summary>A row of <c>amocrm_mappings</c>, read and written by <see cref="AmoCrmMappings"/>'s SQL; the type gives
/// the migrations the table.</summary>
internal sealed class AmoCrmMappingRow
{
    public long AccountId { get; private set; }

    public int Version { get; private set; }

    public string Mapping { get; private set; } = "{}";

    public DateTimeOffset UpdatedAt { get; private set; }

    public Guid? UpdatedBy { get; private set; }
}
