using System.Collections.Concurrent;
using System.Data;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Domain.Access;
using MakCrm.Domain.Common;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.RawSql;
using Npgsql;

namespace MakCrm.Infrastructure.Security;

/// <summary>
/// Whether a signed-in user may still use the API — enabled, in an active organization, the sign-in not revoked — and
/// the roles the user holds now, which decide the permissions of every token of the user (not the roles it was issued
/// with);
/// and the user's display name, which names the request's actor in the events it raises; and whose rows it sees when
/// its visibility narrows them (<see cref="UserVisibility"/>: itself, or itself and the members of its teams), so that
/// a change of visibility or of a team reaches every instance as a change of standing does.
/// </summary>
public sealed record UserStanding(
    bool IsDisabled,
    Guid OrganizationId,
    bool OrganizationActive,
    bool SignedOut,
    IReadOnlyList<string> Roles,
    string DisplayName,
    IReadOnlyList<Guid>? VisibleResponsibles = null
)
{
    public bool AllowsAccess => !IsDisabled && OrganizationActive && !SignedOut;
}

/// <summary>
/// The standing check that runs before every operation of every user. A standing that allows access is remembered per
/// (user, sign-in) while <see cref="UserStandingChanges"/> listens to the database: every change that can take access
/// away (a user disabled or moved, its roles changed, an organization's status or deletion, a sign-in revoked; triggers
/// on those tables,
/// whoever makes the change) notifies every instance, which then forgets everything it remembered — so the change
/// takes effect on the next request, as when every request read the database. While the listener is not connected,
/// nothing is remembered and every request reads. A refusal is never remembered, so access granted takes effect at once
/// too; and an entry is read again after <see cref="RememberFor"/> even if no notification came.
/// </summary>
[Singleton]
public sealed class UserStandings(NpgsqlDataSource dataSource, TimeProvider clock) : IRememberedStandings
{
    public static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(1);
    public const int MaxRemembered = 100_000;

    // One prepared statement with positional parameters: no LINQ, no materializer, no SQL rewriting.
    private static readonly string Sql = $"""
        SELECT u.is_disabled, u.organization_id,
               EXISTS (SELECT 1 FROM organizations o WHERE o.id = u.organization_id AND o.deleted_at IS NULL AND
                   o.status = $3),
               EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = $2 AND r.revoked_at IS NOT NULL),
               ARRAY(SELECT ro.name FROM user_roles ur JOIN roles ro ON ro.id = ur.role_id WHERE ur.user_id = u.id ORDER
                   BY ro.name),
               {UserDisplayNames.Sql("u")},
               CASE u.visibility
                   WHEN {EnumLiterals.Of(UserVisibility.Assigned)} THEN ARRAY[u.id]
                   WHEN {EnumLiterals.Of(UserVisibility.Team)} THEN ARRAY(
                       SELECT u.id UNION
                       SELECT m.id FROM teams t CROSS JOIN LATERAL unnest(t.member_user_ids) AS m(id)
                       WHERE t.member_user_ids @> ARRAY[u.id] AND t.organization_id = u.organization_id AND
                           t.deleted_at IS NULL)
               END
        FROM users u WHERE u.id = $1
        """;

    private static readonly string Active = SnakeCaseNames<OrganizationStatus>.Of(OrganizationStatus.Active);

    private readonly ConcurrentDictionary<(Guid User, Guid SignIn), Remembered> _remembered = new();
    private long _generation;
    private volatile bool _trusted;

    public async Task<UserStanding?> FindAsync(Guid userId, Guid signIn, CancellationToken cancellationToken)
    {
        var key = (userId, signIn);
        var now = clock.GetUtcNow();
        if (_trusted && _remembered.TryGetValue(key, out var remembered) && remembered.Until > now)
        {
            return remembered.Standing;
        }

        var generation = Interlocked.Read(ref _generation);
        var standing = await ReadAsync(userId, signIn, cancellationToken);
        if (standing is { AllowsAccess: true } && _trusted)
        {
            if (_remembered.Count >= MaxRemembered)
            {
                _remembered.Clear();
            }

            var entry = new Remembered(standing, now + RememberFor);
            _remembered[key] = entry;

            // A change notified while the database was read may have been read before it committed: then forget the
            // entry
            // (Forget moves the generation before it clears, so an entry added after its clear is caught here).
            if (Interlocked.Read(ref _generation) != generation || !_trusted)
            {
                _remembered.TryRemove(KeyValuePair.Create(key, entry));
            }
        }

        return standing;
    }

    /// <summary>Forgets every remembered standing: a change that may take access away was committed.</summary>
    public void Forget()
    {
        Interlocked.Increment(ref _generation);
        _remembered.Clear();
    }

    /// <summary>Whether changes are being heard, so that standings may be remembered.</summary>
    public bool IsTrusted => _trusted;

    /// <summary>Says whether changes are being heard (<see cref="UserStandingChanges"/>); either way, forgets what was
    /// remembered.</summary>
    public void Trust(bool listening)
    {
        _trusted = listening;
        Forget();
    }

    private async Task<UserStanding?> ReadAsync(Guid userId, Guid signIn, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(SqlParameters.Uuid(userId));
        command.Parameters.Add(SqlParameters.Uuid(signIn));
        command.Parameters.Add(SqlParameters.Text(Active));
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new UserStanding(
                reader.GetBoolean(0),
                reader.GetGuid(1),
                reader.GetBoolean(2),
                reader.GetBoolean(3),
                await reader.GetFieldValueAsync<string[]>(4, cancellationToken),
                reader.GetString(5),
                await reader.IsDBNullAsync(6, cancellationToken)
                    ? null
                    : await reader.GetFieldValueAsync<Guid[]>(6, cancellationToken)
            )
            : null;
    }

    private sealed record Remembered(UserStanding Standing, DateTimeOffset Until);
}
