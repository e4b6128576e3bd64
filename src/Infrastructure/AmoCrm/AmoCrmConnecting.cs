using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Auditing;
using MakCrm.Infrastructure.Persistence.RawSql;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>Head office's connection to amoCRM as an admin sees it: never a secret.</summary>
public sealed record AmoCrmConnectionView(
    Guid Id,
    long AccountId,
    string BaseUrl,
    string AuthKind,
    string State,
    DateTimeOffset TokenExpiresAt,
    string? LastError,
    DateTimeOffset ConnectedAt
);

/// <summary>
/// Connecting and disconnecting head office's amoCRM account (one account: the first release connects one). A
/// long-lived token is checked by one call to the account (<c>GET /api/v4/account</c>, through the account's limiter)
/// before anything is stored; the connection and its audit line are written in one transaction, under a lock that
/// makes two admins connecting at once get one connection and one <c>amocrm_already_connected</c>.
/// </summary>
[Singleton]
public sealed class AmoCrmConnecting(
    NpgsqlDataSource dataSource,
    AmoCrmConnections connections,
    AmoCrmRateLimiter limiter,
    IOptions<AmoCrmOptions> options,
    TimeProvider clock
)
{
    /// <summary>How long before a long-lived token's expiry the connection warns about it.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(14);

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

    // A state is taken once: the row goes whether or not the exchange that follows succeeds.
    private const string TakeState = """
        DELETE FROM amocrm_oauth_states WHERE state_hash = $1 AND user_id = $2 AND expires_at > $3
        RETURNING base_url, client_id, client_secret, redirect_uri
        """;

    private const string ReadCurrent = """
        SELECT id, account_id, base_url, auth_kind, state, access_expires_at, state_reason, created_at
        FROM amocrm_connections ORDER BY created_at LIMIT 1
        """;

    private readonly HttpClient _http = new() { Timeout = options.Value.RequestTimeout };

    /// <summary>The connected account, or null when none is.</summary>
    public async Task<AmoCrmConnectionView?> CurrentAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await CurrentAsync(connection, cancellationToken);
    }

    /// <summary>
    /// Checks <paramref name="token"/> against the account at <paramref name="baseUrl"/> and stores the connection with
    /// the audit line <paramref name="audit"/> makes of it; a refused token, a blocked or unreachable account, or an
    /// account already connected stores nothing.
    /// </summary>
    public async Task<Result<AmoCrmConnectionView>> ConnectLongLivedAsync(
        Uri baseUrl,
        string token,
        Func<AmoCrmConnectionView, AuditEvent> audit,
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

        var checkedToken = await CheckAsync(baseUrl, accountId, token, cancellationToken);
        if (checkedToken is { } failure)
        {
            return failure;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, cancellationToken);
        if (await CurrentAsync(connection, cancellationToken) is not null)
        {
            return AlreadyConnected;
        }

        await connections.SaveLongLivedAsync(connection, baseUrl, accountId, token, expiresAt, cancellationToken);
        var view = (await CurrentAsync(connection, cancellationToken))!;
        await AuditEventInserts.WriteAsync(connection, [audit(view)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return view;
    }

    /// <summary>
    /// Keeps <paramref name="client"/> with a new one-time <c>state</c> for <paramref name="userId"/> and answers
    /// amoCRM's page that asks to allow the integration (with that <c>state</c>), the state and its expiry.
    /// </summary>
    public async Task<Result<(Uri AuthorizeUrl, string State, DateTimeOffset ExpiresAt)>> StartOAuthAsync(
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
        var expiresAt = clock.GetUtcNow() + OAuthStateLifetime;
        await using var command = dataSource.CreateCommand(SaveState);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Hash(state) });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = userId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = baseUrl.ToString() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = client.ClientId });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = connections.Seal(client.ClientSecret) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = client.RedirectUri });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = expiresAt });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        await command.ExecuteNonQueryAsync(cancellationToken);
        var query =
            $"oauth?client_id={Uri.EscapeDataString(client.ClientId)}&state={state}&mode=post_message"
            + $"&redirect_uri={Uri.EscapeDataString(client.RedirectUri)}";
        return (new Uri(baseUrl, query), state, expiresAt);
    }

    /// <summary>
    /// Takes the <c>state</c> <paramref name="userId"/> started (once, unexpired), exchanges <paramref name="code"/> at
    /// the account's token endpoint and stores the connection with the audit line <paramref name="audit"/> makes of it.
    /// </summary>
    public async Task<Result<AmoCrmConnectionView>> CompleteOAuthAsync(
        string state,
        string code,
        Guid userId,
        Func<AmoCrmConnectionView, AuditEvent> audit,
        CancellationToken cancellationToken
    )
    {
        AmoCrmOAuthClient client;
        Uri baseUrl;
        await using (var take = dataSource.CreateCommand(TakeState))
        {
            take.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Hash(state) });
            take.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = userId });
            take.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
            await using var reader = await take.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return new Error(
                    ErrorCodes.AmoCrmOAuthStateInvalid,
                    "This state was not issued to you, has expired or was used: start connecting again.",
                    ErrorKind.Validation
                );
            }

            baseUrl = new Uri(reader.GetString(0));
            var secret = connections.Open(await reader.GetFieldValueAsync<byte[]>(2, cancellationToken));
            client = new AmoCrmOAuthClient(reader.GetString(1), secret, reader.GetString(3));
        }

        var exchanged = await ExchangeCodeAsync(baseUrl, client, code, cancellationToken);
        if (!exchanged.IsSuccess)
        {
            return exchanged.Error!;
        }

        var (access, refresh, expiresIn) = exchanged.Value;
        if (LongLivedTokenClaims(access) is not var (accountId, _))
        {
            return Refused("its access token names no account");
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, cancellationToken);
        if (await CurrentAsync(connection, cancellationToken) is not null)
        {
            return AlreadyConnected;
        }

        var expiresAt = clock.GetUtcNow() + expiresIn;
        await connections.SaveOAuthAsync(
            connection,
            baseUrl,
            accountId,
            client,
            access,
            expiresAt,
            refresh,
            cancellationToken
        );
        var view = (await CurrentAsync(connection, cancellationToken))!;
        await AuditEventInserts.WriteAsync(connection, [audit(view)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return view;
    }

    private async Task<Result<(string Access, string Refresh, TimeSpan ExpiresIn)>> ExchangeCodeAsync(
        Uri baseUrl,
        AmoCrmOAuthClient client,
        string code,
        CancellationToken cancellationToken
    )
    {
        var body = new JsonObject
        {
            ["client_id"] = client.ClientId,
            ["client_secret"] = client.ClientSecret,
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = client.RedirectUri,
        };
        try
        {
            using var response = await _http.PostAsJsonAsync(
                new Uri(baseUrl, "oauth2/access_token"),
                body,
                cancellationToken
            );
            if (response.StatusCode == HttpStatusCode.Forbidden)
            {
                return Blocked;
            }

            if (!response.IsSuccessStatusCode)
            {
                return (int)response.StatusCode >= 500
                    ? Unreachable($"amoCRM answered {(int)response.StatusCode}")
                    : Refused($"amoCRM answered {(int)response.StatusCode}");
            }

            var answer = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            return answer?["access_token"]?.GetValue<string>() is { } access
                && answer["refresh_token"]?.GetValue<string>() is { } refresh
                ? (access, refresh, TimeSpan.FromSeconds(answer["expires_in"]?.GetValue<int>() ?? 86_400))
                : Refused("its answer has no tokens");
        }
        catch (Exception e)
            when (e is HttpRequestException or System.Text.Json.JsonException or InvalidOperationException
                || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested)
            )
        {
            return Unreachable(e is TaskCanceledException ? "amoCRM did not answer in time" : e.Message);
        }
    }

    private static string Hash(string state) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)));

    /// <summary>Forgets the connection and its tokens, with the audit line <paramref name="audit"/> makes of it;
    /// false when no account is connected.</summary>
    public async Task<bool> DisconnectAsync(
        Func<AmoCrmConnectionView, AuditEvent> audit,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, cancellationToken);
        if (await CurrentAsync(connection, cancellationToken) is not { } view)
        {
            return false;
        }

        await using (var delete = new NpgsqlCommand("DELETE FROM amocrm_connections WHERE id = $1", connection))
        {
            delete.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = view.Id });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await AuditEventInserts.WriteAsync(connection, [audit(view)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static Error AlreadyConnected =>
        new(
            ErrorCodes.AmoCrmAlreadyConnected,
            "An amoCRM account is already connected: disconnect it first.",
            ErrorKind.Conflict
        );

    /// <summary>One call to the account with the token: null when amoCRM answers the account, else why not.</summary>
    private async Task<Error?> CheckAsync(
        Uri baseUrl,
        long accountId,
        string token,
        CancellationToken cancellationToken
    )
    {
        await limiter.TakeAsync(accountId, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, "api/v4/account"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    var account = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
                    return account?["id"]?.GetValue<long>() == accountId
                        ? null
                        : Refused("the token is of another account than the one at this address");
                case HttpStatusCode.Unauthorized:
                    return Refused("amoCRM answered 401");
                case HttpStatusCode.Forbidden:
                    return Blocked;
                default:
                    return Unreachable($"amoCRM answered {(int)response.StatusCode}");
            }
        }
        catch (Exception e)
            when (e is HttpRequestException or System.Text.Json.JsonException or InvalidOperationException
                || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested)
            )
        {
            return Unreachable(e is TaskCanceledException ? "amoCRM did not answer in time" : e.Message);
        }
    }

    private static Error Blocked =>
        new(
            ErrorCodes.AmoCrmAccountBlocked,
            "amoCRM answered 403 with its blocked-account page: only amoCRM's support can lift it.",
            ErrorKind.Unprocessable
        );

    private static Error Refused(string why) =>
        new(ErrorCodes.AmoCrmTokenRefused, $"amoCRM refused the token ({why}).", ErrorKind.Unprocessable);

    private static Error Unreachable(string why) =>
        new(
            ErrorCodes.AmoCrmUnreachable,
            $"The amoCRM account could not be reached ({why}); nothing was stored. Try again.",
            ErrorKind.Unavailable
        );

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
            reader.GetString(3),
            reader.GetString(4),
            await reader.GetFieldValueAsync<DateTimeOffset>(5, cancellationToken),
            await reader.IsDBNullAsync(6, cancellationToken) ? null : reader.GetString(6),
            await reader.GetFieldValueAsync<DateTimeOffset>(7, cancellationToken)
        );
    }
}
