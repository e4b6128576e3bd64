using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Domain.Common;
using MakCrm.Domain.Integrations;
using MakCrm.Infrastructure.Auditing;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.RawSql;
using Npgsql;
using ConnectionState = MakCrm.Domain.Integrations.AmoCrmConnectionState;

namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>
/// Head office's amoCRM account, connected and disconnected in the command's transaction: the connection and its audit
/// line commit with the request (and, for a keyed request, with its idempotency record), under a lock that serialises
/// connecting across instances. amoCRM is asked before anything is written: a long-lived token by one call to the
/// account, an OAuth code by its grant and then that call, which checks the tokens are of the account the state was
/// started for.
/// </summary>
internal sealed class AmoCrmAccount(
    MakCrmDbContext db,
    NpgsqlDataSource dataSource,
    AmoCrmConnections connections,
    AmoCrmAuthorization authorization,
    AuditTrail audit,
    TimeProvider clock
) : IAmoCrmAccount
{
    /// <summary>How long an admin has to allow the integration in amoCRM after starting OAuth.</summary>
    public static readonly TimeSpan OAuthStateLifetime = TimeSpan.FromMinutes(15);

    // Serialises connecting and disconnecting across instances.
    private const string ConnectingLock = "amocrm:connection";

    // Expired states go as a new one is kept.
    private const string SaveState = """
        WITH expired AS (DELETE FROM amocrm_oauth_states WHERE expires_at < $8)
        INSERT INTO amocrm_oauth_states (state_hash, user_id, base_url, client_id, client_secret, redirect_uri,
            expires_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        """;

    // A state is taken once, in a statement of its own: it stays spent whether or not the exchange that follows
    // succeeds and the request commits.
    private const string TakeState = """
        DELETE FROM amocrm_oauth_states WHERE state_hash = $1 AND user_id = $2 AND expires_at > $3
        RETURNING base_url, client_id, client_secret, redirect_uri
        """;

    private const string ReadCurrent = """
        SELECT id, account_id, base_url, auth_kind, state, access_expires_at, state_reason, created_at
        FROM amocrm_connections ORDER BY created_at LIMIT 1
        """;

    public async Task<AmoCrmConnectionView?> CurrentAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await CurrentAsync(connection, cancellationToken);
    }

    public async Task<Result<AmoCrmConnectionView>> ConnectLongLivedAsync(
        Uri baseUrl,
        string token,
        CancellationToken cancellationToken
    )
    {
        if (LongLivedTokenClaims(token) is not var (accountId, expiresAt))
        {
            return Error.Validation("token", "Must be an amoCRM long-lived token (a JWT with account_id and exp).");
        }

        if (await CurrentAsync(cancellationToken) is not null)
        {
            return AlreadyConnected;
        }

        if (await authorization.CheckAccountAsync(baseUrl, accountId, token, cancellationToken) is { } failure)
        {
            return failure;
        }

        return await StoreAsync(
            (connection, ct) => connections.SaveLongLivedAsync(connection, baseUrl, accountId, token, expiresAt, ct),
            cancellationToken
        );
    }

    public async Task<Result<AmoCrmOAuthStarted>> StartOAuthAsync(
        Uri baseUrl,
        AmoCrmOAuthClient client,
        Guid userId,
        CancellationToken cancellationToken
    )
    {
        if (await CurrentAsync(cancellationToken) is not null)
        {
            return AlreadyConnected;
        }

        var state = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var expiresAt = now + OAuthStateLifetime;
        await using var command = new NpgsqlCommand(SaveState, Transactional.Connection(db, "Starting OAuth"));
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Hash(state) });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = userId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = baseUrl.ToString() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = client.ClientId });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = connections.Seal(client.ClientSecret) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = client.RedirectUri });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = expiresAt });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        await command.ExecuteNonQueryAsync(cancellationToken);
        var query =
            $"oauth?client_id={Uri.EscapeDataString(client.ClientId)}&state={state}&mode=post_message"
            + $"&redirect_uri={Uri.EscapeDataString(client.RedirectUri)}";
        return new AmoCrmOAuthStarted(new Uri(baseUrl, query), state, expiresAt);
    }

    public async Task<Result<AmoCrmConnectionView>> CompleteOAuthAsync(
        string state,
        string code,
        Guid userId,
        CancellationToken cancellationToken
    )
    {
        if (await TakeStateAsync(state, userId, cancellationToken) is not var (baseUrl, client))
        {
            return new Error(
                ErrorCodes.AmoCrmOAuthStateInvalid,
                "This state was not issued to you, has expired or was used: start connecting again.",
                ErrorKind.Validation
            );
        }

        var grant = await authorization.GrantAsync(
            baseUrl,
            client,
            AmoCrmAuthorization.AuthorizationCode,
            code,
            cancellationToken
        );
        if (grant.Tokens is not { } tokens)
        {
            return grant.Failure switch
            {
                AmoCrmGrantFailure.Blocked => AmoCrmAuthorization.Blocked,
                AmoCrmGrantFailure.Refused => AmoCrmAuthorization.Refused(grant.Why),
                _ => AmoCrmAuthorization.Unreachable(grant.Why),
            };
        }

        if (LongLivedTokenClaims(tokens.Access) is not var (accountId, _))
        {
            return AmoCrmAuthorization.Refused("its access token names no account");
        }

        // The tokens must be of the account the state was started for, whatever the code's redirect said.
        if (await authorization.CheckAccountAsync(baseUrl, accountId, tokens.Access, cancellationToken) is { } wrong)
        {
            return wrong;
        }

        var expiresAt = clock.GetUtcNow() + tokens.ExpiresIn;
        return await StoreAsync(
            (connection, ct) =>
                connections.SaveOAuthAsync(
                    connection,
                    baseUrl,
                    accountId,
                    client,
                    tokens.Access,
                    expiresAt,
                    tokens.Refresh,
                    ct
                ),
            cancellationToken
        );
    }

    public async Task<AmoCrmConnectionView?> DisconnectAsync(CancellationToken cancellationToken)
    {
        var connection = Transactional.Connection(db, "Disconnecting amoCRM");
        await LockAsync(connection, cancellationToken);
        if (await CurrentAsync(connection, cancellationToken) is not { } view)
        {
            return null;
        }

        await using (var delete = new NpgsqlCommand("DELETE FROM amocrm_connections WHERE id = $1", connection))
        {
            delete.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = view.Id });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        audit.Add(audit.Security("amocrm.disconnected", null, Details(view)));
        return view;
    }

    /// <summary>Inserts the connection in the command's transaction, under the lock, unless one is connected by
    /// now, with its audit line (saved with the command's changes).</summary>
    private async Task<Result<AmoCrmConnectionView>> StoreAsync(
        Func<NpgsqlConnection, CancellationToken, Task<Guid>> insert,
        CancellationToken cancellationToken
    )
    {
        var connection = Transactional.Connection(db, "Connecting amoCRM");
        await LockAsync(connection, cancellationToken);
        if (await CurrentAsync(connection, cancellationToken) is not null)
        {
            return AlreadyConnected;
        }

        await insert(connection, cancellationToken);
        var view = (await CurrentAsync(connection, cancellationToken))!;
        audit.Add(audit.Security("amocrm.connected", null, Details(view)));
        return view;
    }

    private async Task<(Uri BaseUrl, AmoCrmOAuthClient Client)?> TakeStateAsync(
        string state,
        Guid userId,
        CancellationToken cancellationToken
    )
    {
        await using var take = dataSource.CreateCommand(TakeState);
        take.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Hash(state) });
        take.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = userId });
        take.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        await using var reader = await take.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var secret = connections.Open(await reader.GetFieldValueAsync<byte[]>(2, cancellationToken));
        return (new Uri(reader.GetString(0)), new AmoCrmOAuthClient(reader.GetString(1), secret, reader.GetString(3)));
    }

    private static string Hash(string state) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)));

    private static Error AlreadyConnected =>
        new(
            ErrorCodes.AmoCrmAlreadyConnected,
            "An amoCRM account is already connected: disconnect it first.",
            ErrorKind.Conflict
        );

    private static object Details(AmoCrmConnectionView view) =>
        new
        {
            connection_id = view.Id,
            account_id = view.AccountId,
            base_url = view.BaseUrl,
            auth_kind = view.AuthKind == AmoCrmAuthKind.LongLived
                ? AmoCrmConnections.LongLived
                : AmoCrmConnections.OAuth,
        };

    /// <summary>The account and expiry a long-lived token (a JWT) names; its signature only amoCRM can check, which
    /// the call to the account does.</summary>
    internal static (long AccountId, DateTimeOffset ExpiresAt)? LongLivedTokenClaims(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            var claims = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return claims?["account_id"]?.GetValue<long>() is { } account && claims["exp"]?.GetValue<long>() is { } exp
                ? (account, DateTimeOffset.FromUnixTimeSeconds(exp))
                : null;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static async Task LockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {AdvisoryLocks.Exclusive("$1")}", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ConnectingLock });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<AmoCrmConnectionView?> CurrentAsync(
        NpgsqlConnection connection,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand(ReadCurrent, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new AmoCrmConnectionView(
            reader.GetGuid(0),
            reader.GetInt64(1),
            reader.GetString(2),
            reader.GetString(3) == AmoCrmConnections.LongLived ? AmoCrmAuthKind.LongLived : AmoCrmAuthKind.Oauth,
            reader.GetString(4) switch
            {
                AmoCrmConnections.NeedsReauth => ConnectionState.NeedsReauth,
                AmoCrmConnections.Blocked => ConnectionState.Blocked,
                _ => ConnectionState.Active,
            },
            await reader.GetFieldValueAsync<DateTimeOffset>(5, cancellationToken),
            await reader.IsDBNullAsync(6, cancellationToken) ? null : reader.GetString(6),
            await reader.GetFieldValueAsync<DateTimeOffset>(7, cancellationToken)
        );
    }
}
