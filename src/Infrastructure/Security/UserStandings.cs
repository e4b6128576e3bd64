using System.Data;
using MakCrm.Domain.Common;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MakCrm.Infrastructure.Security;

/// <summary>Whether a signed-in user may still use the API: enabled, in an active organization, the sign-in not revoked.</summary>
public sealed record UserStanding(bool IsDisabled, Guid OrganizationId, bool OrganizationActive, bool SignedOut);

/// <summary>
/// The standing check that runs before every operation of every user, so it is one prepared statement with positional
/// parameters on the request's own connection: no LINQ, no materializer, no SQL rewriting. It reads the state as it is
/// now, so disabling a user, suspending an organization or revoking a sign-in takes effect on the next request.
/// </summary>
public sealed class UserStandings(MakCrmDbContext db)
{
    private const string Sql = """
        SELECT u.is_disabled, u.organization_id,
               EXISTS (SELECT 1 FROM organizations o WHERE o.id = u.organization_id AND o.deleted_at IS NULL AND o.status = $3),
               EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = $2 AND r.revoked_at IS NOT NULL)
        FROM users u WHERE u.id = $1
        """;

    private static readonly string Active = SnakeCaseNames<OrganizationStatus>.Of(OrganizationStatus.Active);

    public async Task<UserStanding?> FindAsync(Guid userId, Guid signIn, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(Sql, (NpgsqlConnection)db.Database.GetDbConnection())
            {
                Parameters = { SqlParameters.Uuid(userId), SqlParameters.Uuid(signIn), SqlParameters.Text(Active) },
            };
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new UserStanding(reader.GetBoolean(0), reader.GetGuid(1), reader.GetBoolean(2), reader.GetBoolean(3))
                : null;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
