using System.Text.Json;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Common;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>
/// Deletes an organization for good, in the command's transaction: first what exists only for it (<see cref="Dependents"/>),
/// then its users (their sign-ins, roles, claims and two-factor tokens go with them by cascade) and the organization
/// itself, and an audit line with what was deleted. The business records (<see cref="Blocking"/>) are never deleted
/// here: while any is left, the deletion is refused, and a foreign key that still points at the organization or one
/// of its users after all is refused the same way rather than cascading into history.
/// </summary>
internal sealed class OrganizationPurge(MakCrmDbContext db, AuditTrail audit) : IOrganizationPurge
{
    /// <summary>The kinds of business records that keep an organization from being deleted, as the problem names them.</summary>
    private static readonly (string Kind, string Sql)[] Blocking =
    [
        ("clients", "SELECT count(*) FROM clients WHERE organization_id = @id"),
        ("leads", "SELECT count(*) FROM leads WHERE organization_id = @id"),
        ("deals", "SELECT count(*) FROM deals WHERE organization_id = @id"),
        ("ledgerEntries", "SELECT count(*) FROM ledger_entries WHERE organization_id = @id"),
        ("leadReturns", "SELECT count(*) FROM lead_returns WHERE organization_id = @id"),
        ("bids", "SELECT count(*) FROM bids WHERE organization_id = @id"),
        ("lots", "SELECT count(*) FROM lots WHERE assigned_organization_id = @id OR leader_organization_id = @id"),
    ];

    /// <summary>
    /// What belongs to the organization alone and goes with it, in this order (each before what it refers to). A new
    /// table that refers to organizations or users and should go with them adds its DELETE here. Invitations go with the
    /// organization they invite into (an inviter is always of that organization or of head office, which is never purged).
    /// </summary>
    private static readonly string[] Dependents =
    [
        "DELETE FROM tasks WHERE organization_id = @id",
        "DELETE FROM ticket_messages WHERE ticket_id IN (SELECT id FROM tickets WHERE organization_id = @id)",
        "DELETE FROM tickets WHERE organization_id = @id",
        "DELETE FROM training_lesson_completions WHERE organization_id = @id",
        "DELETE FROM training_submissions WHERE organization_id = @id",
        "DELETE FROM training_event_registrations WHERE organization_id = @id",
        "DELETE FROM notifications WHERE organization_id = @id",
        "DELETE FROM import_operations WHERE organization_id = @id",
        "DELETE FROM api_clients WHERE organization_id = @id",
        "DELETE FROM organization_hosts WHERE organization_id = @id",
        "DELETE FROM invitations WHERE organization_id = @id",
    ];

    public async Task<IReadOnlyDictionary<string, int>> CountRecordsAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var sql = "SELECT " + string.Join(", ", Blocking.Select(b => $"({b.Sql})"));
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection, (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
        command.Parameters.Add(SqlParameters.Uuid(organizationId)).ParameterName = "id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Blocking.Length; i++)
        {
            var count = reader.GetInt64(i);
            if (count > 0)
            {
                counts[Blocking[i].Kind] = (int)Math.Min(count, int.MaxValue);
            }
        }

        return counts;
    }

    public async Task<Result<Unit>> PurgeAsync(Organization organization, CancellationToken cancellationToken)
    {
        var id = organization.Id;
        try
        {
            foreach (var sql in Dependents)
            {
                await ExecuteAsync(sql, id, cancellationToken);
            }

            var users = await ExecuteAsync("DELETE FROM users WHERE organization_id = @id", id, cancellationToken);
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
                $"Records of other organizations still refer to this organization or its users ({exception.TableName}); they must go first.",
                ErrorKind.Conflict);
        }
    }

    private async Task<int> ExecuteAsync(string sql, Guid id, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand(sql, connection, (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
        command.Parameters.Add(SqlParameters.Uuid(id)).ParameterName = "id";
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
