using System.Text.Json;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Common;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Auditing;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>
/// Deletes an organization for good, in the command's transaction: first what exists only for it, then its users
/// (their sign-ins, roles, claims and two-factor tokens go with them by cascade) and the organization itself, and an
/// audit line with what was deleted. What it counts and deletes is read from the model (<see cref="PurgePlan"/>). The
/// business records are never deleted here: while any is left, the deletion is refused, and a foreign key that still
/// points at the organization or one of its users after all is refused the same way rather than cascading into history.
/// </summary>
internal sealed class OrganizationPurge(MakCrmDbContext db, AuditTrail audit) : IOrganizationPurge
{
    /// <summary>The plan, the same for every context of the process (they share one model).</summary>
    private static PurgePlan? _plan;

    private PurgePlan Plan => _plan ??= PurgePlan.Of(db.Model);

    public async Task<IReadOnlyDictionary<string, int>> CountRecordsAsync(
        Guid organizationId,
        CancellationToken cancellationToken
    )
    {
        var blocking = Plan.Blocking;
        var sql = "SELECT " + string.Join(", ", blocking.Select(b => $"({b.Sql})"));
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        // Opened by hand, so closed by hand: a pooled context returned still counted open keeps its connection.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(
                sql,
                connection,
                (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction()
            );
            command.Parameters.Add(SqlParameters.Uuid(organizationId)).ParameterName = "id";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            for (var i = 0; i < blocking.Count; i++)
            {
                var count = reader.GetInt64(i);
                if (count > 0)
                {
                    counts[blocking[i].Kind] = (int)Math.Min(count, int.MaxValue);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return counts;
    }

    public async Task<Result<Unit>> PurgeAsync(Organization organization, CancellationToken cancellationToken)
    {
        var id = organization.Id;
        try
        {
            var users = 0;
            foreach (var (entity, sql) in Plan.Deletions)
            {
                var deleted = await ExecuteAsync(sql, id, cancellationToken);
                users += entity.ClrType == typeof(Identity.MakUser) ? deleted : 0;
            }

            await ExecuteAsync("DELETE FROM organizations WHERE id = @id", id, cancellationToken);

            // The audit line keeps what the organization was: its profile before, nothing after.
            var before = new Dictionary<string, object?>
            {
                ["kind"] = SnakeCaseNames<OrganizationKind>.Of(organization.Kind),
                ["name"] = organization.Name,
                ["legalName"] = organization.LegalName,
                ["inn"] = organization.Inn,
                ["ogrn"] = organization.Ogrn,
                ["status"] = SnakeCaseNames<OrganizationStatus>.Of(organization.Status),
                ["users"] = users,
            };
            var changes = before.ToDictionary(b => b.Key, b => new { before = b.Value, after = (object?)null });
            audit.Add(audit.Data("organization.purged", "organization", id, JsonSerializer.Serialize(changes)));
            db.Entry(organization).State = EntityState.Detached;
            return Unit.Value;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return new Error(
                ErrorCodes.OrganizationNotEmpty,
                $"Records of other organizations still refer to this organization or its users "
                    + $"({exception.TableName}); they must go first.",
                ErrorKind.Conflict
            );
        }
    }

    private async Task<int> ExecuteAsync(string sql, Guid id, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand(
            sql,
            connection,
            (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction()
        );
        command.Parameters.Add(SqlParameters.Uuid(id)).ParameterName = "id";
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
