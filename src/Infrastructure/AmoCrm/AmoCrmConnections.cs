using System.Text;
using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Infrastructure.Security;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>A connection to amoCRM: its state, how it signs in, and when its access token expires.</summary>
public sealed record AmoCrmConnectionState(
    string State,
    string AuthKind,
    DateTimeOffset AccessExpiresAt,
    string? Reason
);

/// <summary>The connection cannot call amoCRM until an admin reconnects it (or amoCRM's support unblocks it).</summary>
public sealed class AmoCrmReauthRequiredException(string state, string reason) : Exception(reason)
{
    public string State { get; } = state;
}

/// <summary>
/// The connections to amoCRM accounts (<c>amocrm_connections</c>) and their tokens, encrypted at rest with the same
/// key-encryption key as the signing keys (ADR 0046). A long-lived token is used as it is until it expires. An OAuth
/// access token is refreshed <see cref="AmoCrmOptions.RefreshAhead"/> before it expires, single-flight across every
/// instance: the refresh holds the connection's row (<c>FOR UPDATE</c>) for the call, and an instance that waited for
/// it finds the new token and uses it. amoCRM's refresh tokens are one-time, so a refresh whose answer is lost, or that
/// amoCRM refuses, may have spent the only one: the connection becomes <see cref="NeedsReauth"/> and is never retried.
/// </summary>
[Singleton]
public sealed class AmoCrmConnections(
    NpgsqlDataSource dataSource,
    IOptions<AccessTokenOptions> keys,
    IOptions<AmoCrmOptions> options,
    AmoCrmAuthorization authorization,
    AmoCrmAlerts alerts,
    TimeProvider clock
)
{
    public const string Active = "active";
    public const string NeedsReauth = "needs_reauth";
    public const string Blocked = "blocked";
    public const string LongLived = "long_lived";
    public const string OAuth = "oauth";

    private const string Insert = """
        INSERT INTO amocrm_connections (id, account_id, base_url, auth_kind, state, access_token, access_expires_at,
            refresh_token, client_id, client_secret, redirect_uri, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
        """;

    private const string Columns =
        "state, auth_kind, access_expires_at, state_reason, access_token, refresh_token, client_id, client_secret, "
        + "redirect_uri, base_url";

    private const string Read = $"SELECT {Columns} FROM amocrm_connections WHERE id = $1";

    private const string LockForRefresh = $"SELECT {Columns} FROM amocrm_connections WHERE id = $1 FOR UPDATE";

    private const string SaveRefreshed = """
        UPDATE amocrm_connections SET access_token = $2, refresh_token = $3, access_expires_at = $4, updated_at = $5
        WHERE id = $1
        """;

    // Only an active connection stops, so one stop is told once however many callers saw amoCRM refuse it.
    private const string Stop = $"""
        UPDATE amocrm_connections SET state = $2, state_reason = $3, updated_at = $4
        WHERE id = $1 AND state = '{Active}'
        RETURNING base_url
        """;

    private readonly KeyEncryption _encryption = new(keys.Value.KeyEncryptionKey);

    /// <summary>A connection signing in with a private integration's long-lived token.</summary>
    public Task<Guid> SaveLongLivedAsync(
        Uri baseUrl,
        long accountId,
        string token,
        DateTimeOffset expiresAt,
        CancellationToken cancellationToken
    ) => InsertAsync(null, baseUrl, accountId, LongLived, token, expiresAt, null, null, cancellationToken);

    /// <summary>A long-lived token's connection, inserted in <paramref name="connection"/>'s transaction.</summary>
    internal Task<Guid> SaveLongLivedAsync(
        NpgsqlConnection connection,
        Uri baseUrl,
        long accountId,
        string token,
        DateTimeOffset expiresAt,
        CancellationToken cancellationToken
    ) => InsertAsync(connection, baseUrl, accountId, LongLived, token, expiresAt, null, null, cancellationToken);

    /// <summary>A connection signing in with OAuth 2.0: the integration's client and its code's tokens.</summary>
    public Task<Guid> SaveOAuthAsync(
        Uri baseUrl,
        long accountId,
        AmoCrmOAuthClient client,
        string accessToken,
        DateTimeOffset accessExpiresAt,
        string refreshToken,
        CancellationToken cancellationToken
    ) =>
        InsertAsync(
            null,
            baseUrl,
            accountId,
            OAuth,
            accessToken,
            accessExpiresAt,
            refreshToken,
            client,
            cancellationToken
        );

    /// <summary>An OAuth connection, inserted in <paramref name="connection"/>'s transaction.</summary>
    internal Task<Guid> SaveOAuthAsync(
        NpgsqlConnection connection,
        Uri baseUrl,
        long accountId,
        AmoCrmOAuthClient client,
        string accessToken,
        DateTimeOffset accessExpiresAt,
        string refreshToken,
        CancellationToken cancellationToken
    ) =>
        InsertAsync(
            connection,
            baseUrl,
            accountId,
            OAuth,
            accessToken,
            accessExpiresAt,
            refreshToken,
            client,
            cancellationToken
        );

    private async Task<Guid> InsertAsync(
        NpgsqlConnection? connection,
        Uri baseUrl,
        long accountId,
        string kind,
        string accessToken,
        DateTimeOffset accessExpiresAt,
        string? refreshToken,
        AmoCrmOAuthClient? client,
        CancellationToken cancellationToken
    )
    {
        var id = Guid.CreateVersion7();
        await using var command = connection is null
            ? dataSource.CreateCommand(Insert)
            : new NpgsqlCommand(Insert, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = accountId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = baseUrl.ToString() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Active });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = Seal(accessToken) });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = accessExpiresAt });
        command.Parameters.Add(
            new NpgsqlParameter { Value = refreshToken is null ? DBNull.Value : Seal(refreshToken) }
        );
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)client?.ClientId ?? DBNull.Value });
        command.Parameters.Add(
            new NpgsqlParameter { Value = client is null ? DBNull.Value : Seal(client.ClientSecret) }
        );
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)client?.RedirectUri ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return id;
    }

    /// <summary>The connection's state, or null when there is no such connection.</summary>
    public async Task<AmoCrmConnectionState?> StateAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Read);
        return await ReadAsync(command, id, cancellationToken) is { } row
            ? new AmoCrmConnectionState(row.State, row.AuthKind, row.AccessExpiresAt, row.Reason)
            : null;
    }

    /// <summary>
    /// An access token to call amoCRM with now: the stored one while it is good for longer than
    /// <see cref="AmoCrmOptions.RefreshAhead"/>, else a refreshed one (OAuth). Throws
    /// <see cref="AmoCrmReauthRequiredException"/> when the connection needs an admin.
    /// </summary>
    public async Task<string> AccessTokenAsync(Guid id, CancellationToken cancellationToken)
    {
        await using (var command = dataSource.CreateCommand(Read))
        {
            var row =
                await ReadAsync(command, id, cancellationToken)
                ?? throw new InvalidOperationException($"No amoCRM connection {id}.");
            if (row.State != Active)
            {
                throw new AmoCrmReauthRequiredException(row.State, row.Reason ?? row.State);
            }

            if (row.AuthKind == LongLived || row.AccessExpiresAt > RefreshBy())
            {
                return Open(row.AccessToken);
            }
        }

        return await RefreshAsync(id, null, cancellationToken);
    }

    /// <summary>
    /// A token to try again with after amoCRM answered 401 to <paramref name="refused"/>: the one another caller
    /// refreshed meanwhile, or a refreshed one (OAuth, single-flight as ever). A long-lived token amoCRM refuses was
    /// revoked: the connection becomes <see cref="NeedsReauth"/>.
    /// </summary>
    public async Task<string> TokenAfterRefusalAsync(Guid id, string refused, CancellationToken cancellationToken)
    {
        await using (var command = dataSource.CreateCommand(Read))
        {
            var row =
                await ReadAsync(command, id, cancellationToken)
                ?? throw new InvalidOperationException($"No amoCRM connection {id}.");
            if (row.State == Active && row.AuthKind == LongLived)
            {
                const string revoked = "amoCRM refused the long-lived token (401): it was revoked; connect again.";
                await StopAsync(id, NeedsReauth, revoked, cancellationToken);
                throw new AmoCrmReauthRequiredException(NeedsReauth, revoked);
            }
        }

        return await RefreshAsync(id, refused, cancellationToken);
    }

    /// <summary>Stops the connection: nothing calls amoCRM with it until an admin connects again.</summary>
    public async Task StopAsync(Guid id, string state, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await StopAsync(connection, transaction, id, state, reason, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private DateTimeOffset RefreshBy() => clock.GetUtcNow() + options.Value.RefreshAhead;

    /// <summary>Refreshes the token unless another caller did while this one waited for the row: one whose token is
    /// good for long enough, or, after a 401 to <paramref name="refused"/>, any other token than that one.</summary>
    private async Task<string> RefreshAsync(Guid id, string? refused, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Stored row;
        await using (var read = new NpgsqlCommand(LockForRefresh, connection, transaction))
        {
            row = (await ReadAsync(read, id, cancellationToken))!;
        }

        if (row.State != Active)
        {
            throw new AmoCrmReauthRequiredException(row.State, row.Reason ?? row.State);
        }

        // Another instance refreshed while this one waited for the row: its token is the one to use.
        var stored = Open(row.AccessToken);
        if (refused is null ? row.AccessExpiresAt > RefreshBy() : stored != refused)
        {
            return stored;
        }

        var client = new AmoCrmOAuthClient(row.ClientId!, Open(row.ClientSecret!), row.RedirectUri ?? "");
        var refreshToken = Open(row.RefreshToken!);
        var baseUrl = new Uri(row.BaseUrl);
        var grant = await authorization.GrantAsync(
            baseUrl,
            client,
            AmoCrmAuthorization.RefreshToken,
            refreshToken,
            cancellationToken
        );
        if (grant.Tokens is not { } tokens)
        {
            var (state, reason) = Stopped(grant);
            await StopAsync(connection, transaction, id, state, reason, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            throw new AmoCrmReauthRequiredException(state, reason);
        }

        var now = clock.GetUtcNow();
        await using (var save = new NpgsqlCommand(SaveRefreshed, connection, transaction))
        {
            save.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            save.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = Seal(tokens.Access) });
            save.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = Seal(tokens.Refresh) });
            save.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now + tokens.ExpiresIn });
            save.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            await save.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return tokens.Access;
    }

    /// <summary>
    /// What a refresh that answered no tokens leaves the connection in. Nothing is retried: a lost or failed answer may
    /// come after amoCRM spent the one-time refresh token, a refusal means it is spent or revoked, and a 403 page means
    /// the account is blocked.
    /// </summary>
    private static (string State, string Reason) Stopped(AmoCrmGrant grant) =>
        grant.Failure switch
        {
            AmoCrmGrantFailure.Blocked => (Blocked, "amoCRM answered 403: the account is blocked."),
            AmoCrmGrantFailure.Lost => (
                NeedsReauth,
                "The answer to a token refresh was lost; the refresh token may be spent."
            ),
            _ => (NeedsReauth, $"amoCRM refused the token refresh ({grant.Why}): reconnect the account."),
        };

    private async Task StopAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid id,
        string state,
        string reason,
        CancellationToken cancellationToken
    )
    {
        string? baseUrl;
        await using (var command = new NpgsqlCommand(Stop, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = state });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = reason });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
            baseUrl = await command.ExecuteScalarAsync(cancellationToken) as string;
        }

        if (baseUrl is not null)
        {
            await alerts.TellAsync(
                connection,
                transaction,
                $"amoCRM: подключение {baseUrl} остановлено",
                $"Подключите аккаунт заново. Причина: {reason}",
                cancellationToken
            );
        }
    }

    private sealed record Stored(
        string State,
        string AuthKind,
        DateTimeOffset AccessExpiresAt,
        string? Reason,
        byte[] AccessToken,
        byte[]? RefreshToken,
        string? ClientId,
        byte[]? ClientSecret,
        string? RedirectUri,
        string BaseUrl
    );

    private static async Task<Stored?> ReadAsync(NpgsqlCommand command, Guid id, CancellationToken cancellationToken)
    {
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        async Task<T?> Nullable<T>(int i)
            where T : class =>
            await reader.IsDBNullAsync(i, cancellationToken)
                ? null
                : await reader.GetFieldValueAsync<T>(i, cancellationToken);
        return new Stored(
            await reader.GetFieldValueAsync<string>(0, cancellationToken),
            await reader.GetFieldValueAsync<string>(1, cancellationToken),
            await reader.GetFieldValueAsync<DateTimeOffset>(2, cancellationToken),
            await Nullable<string>(3),
            await reader.GetFieldValueAsync<byte[]>(4, cancellationToken),
            await Nullable<byte[]>(5),
            await Nullable<string>(6),
            await Nullable<byte[]>(7),
            await Nullable<string>(8),
            await reader.GetFieldValueAsync<string>(9, cancellationToken)
        );
    }

    internal byte[] Seal(string secret) => _encryption.Encrypt(Encoding.UTF8.GetBytes(secret));

    internal string Open(byte[] sealedBox) => Encoding.UTF8.GetString(_encryption.Decrypt(sealedBox));
}

/// <summary>A connection to an amoCRM account (table <c>amocrm_connections</c>); its tokens are encrypted.</summary>
internal sealed class AmoCrmConnectionRow
{
    public Guid Id { get; private set; }

    /// <summary>amoCRM's id of the account.</summary>
    public long AccountId { get; private set; }

    public string BaseUrl { get; private set; } = "";

    /// <summary><c>long_lived</c> or <c>oauth</c>.</summary>
    public string AuthKind { get; private set; } = "";

    /// <summary><c>active</c>, <c>needs_reauth</c> or <c>blocked</c>.</summary>
    public string State { get; private set; } = "";

    public string? StateReason { get; private set; }

    public byte[] AccessToken { get; private set; } = [];

    public DateTimeOffset AccessExpiresAt { get; private set; }

    public byte[]? RefreshToken { get; private set; }

    public string? ClientId { get; private set; }

    public byte[]? ClientSecret { get; private set; }

    public string? RedirectUri { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }
}
