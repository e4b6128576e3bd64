using System.Text.Json;
using MakCrm.Application.Common;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Security;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.Idempotency;

/// <summary>
/// The idempotency keys (<c>idempotency_requests</c>, unique per scope and key), in statements of their own outside the
/// request's transaction, so that several instances on one database agree on who runs a key:
/// <list type="bullet">
/// <item>a claim is one <c>INSERT ... ON CONFLICT DO UPDATE ... WHERE</c>: it inserts the key as running, or takes over
/// a key whose retention has passed (not purged yet) or whose running attempt's lease has expired (its instance died
/// before committing anything). PostgreSQL decides concurrent claims on the unique key: exactly one gets the row back;</item>
/// <item>the unit of work marks the claim committed in the transaction of the request's change
/// (<see cref="MarkCommittedAsync"/>): a retry never runs a committed change again, and a request whose lease was taken
/// over rolls back instead of committing;</item>
/// <item>the answer is stored by the attempt that holds the claim; a failed attempt deletes its claim, so a retry
/// runs again.</item>
/// </list>
/// Claims and answers are written in groups (<see cref="GroupedStatement{TItem, TResult}"/>): the claims, or the
/// answers, of the requests that arrived while the previous such statement ran go into one statement and one commit, so
/// concurrent keyed requests share that work instead of paying two transactions each.
/// Bodies are stored encrypted with the key-encryption key: an answer may hold a secret shown once (an API client's).
/// </summary>
public sealed class IdempotencyStore
{
    /// <summary>The longest key accepted (Stripe's limit).</summary>
    public const int MaxKeyLength = 255;

    private const string Running = "running";
    private const string Committed = "committed";
    private const string Completed = "completed";

    // At most this many claims or answers go into one statement.
    private const int MaxGroup = 128;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _clock;
    private readonly IdempotencyOptions _options;
    private readonly KeyEncryption _encryption;
    private readonly GroupedStatement<Claim, bool> _claims;
    private readonly GroupedStatement<Answer, bool> _answers;

    public IdempotencyStore(NpgsqlDataSource dataSource, TimeProvider clock, IOptions<IdempotencyOptions> options, IOptions<AccessTokenOptions> keys)
    {
        _dataSource = dataSource;
        _clock = clock;
        _options = options.Value;
        _encryption = new KeyEncryption(keys.Value.KeyEncryptionKey);
        _claims = new GroupedStatement<Claim, bool>(InsertClaimsAsync, MaxGroup);
        _answers = new GroupedStatement<Answer, bool>(StoreAnswersAsync, MaxGroup);
    }

    public async Task<IdempotencyOutcome> ClaimAsync(string scope, string key, byte[] requestHash, CancellationToken cancellationToken)
    {
        // A key let go between the failed insert and the read is claimed again; a few tries settle any realistic race.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = _clock.UtcNowMicroseconds();
            var claim = new Claim(scope, key, requestHash, _clock.NewId(), now);
            // Not cancelled with the request: a claim that is made must be the attempt's, to be released or completed.
            if (await _claims.RunAsync(claim))
            {
                return new IdempotencyOutcome.Claimed(new IdempotencyAttempt(scope, key, claim.Id));
            }

            await using var select = _dataSource.CreateCommand("""
                SELECT request_hash, state, locked_until, response_status, response_headers::text, response_body
                FROM idempotency_requests WHERE scope = $1 AND key = $2
                """);
            select.Parameters.Add(SqlParameters.Varchar(scope));
            select.Parameters.Add(SqlParameters.Varchar(key));
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                continue;
            }

            // A running request is "in use" whatever this one sends (Stripe's order); a finished one is compared.
            var state = reader.GetString(1);
            if (state != Completed)
            {
                var retryAfter = await reader.GetFieldValueAsync<DateTimeOffset>(2, cancellationToken) - now;
                return state == Committed && retryAfter <= TimeSpan.Zero
                    ? new IdempotencyOutcome.InUse(TimeSpan.Zero, AnswerLost: true)
                    : new IdempotencyOutcome.InUse(retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter, AnswerLost: false);
            }

            if (!(await reader.GetFieldValueAsync<byte[]>(0, cancellationToken)).AsSpan().SequenceEqual(requestHash))
            {
                return new IdempotencyOutcome.Mismatch();
            }

            var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(4))!;
            return new IdempotencyOutcome.Replay(reader.GetInt32(3), headers, _encryption.Decrypt(await reader.GetFieldValueAsync<byte[]>(5, cancellationToken)));
        }

        return new IdempotencyOutcome.InUse(TimeSpan.FromSeconds(1), AnswerLost: false);
    }

    /// <summary>
    /// Marks the attempt's claim committed, on the connection and in the transaction that commits its change; false
    /// when the claim is no longer the attempt's (its lease expired and a retry took the key over).
    /// </summary>
    public static async Task<bool> MarkCommittedAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IdempotencyAttempt attempt, CancellationToken cancellationToken)
    {
        await using var update = new NpgsqlCommand(
            $"UPDATE idempotency_requests SET state = '{Committed}' WHERE scope = $1 AND key = $2 AND claim = $3 AND state <> '{Completed}'",
            connection,
            transaction);
        update.Parameters.Add(SqlParameters.Varchar(attempt.Scope));
        update.Parameters.Add(SqlParameters.Varchar(attempt.Key));
        update.Parameters.Add(SqlParameters.Uuid(attempt.Claim));
        return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Stores the answer of the attempt that holds the key; a retry from now on gets it.</summary>
    public Task CompleteAsync(IdempotencyAttempt attempt, int status, IReadOnlyDictionary<string, string> headers, byte[] body) =>
        _answers.RunAsync(new Answer(attempt, status, JsonSerializer.Serialize(headers), _encryption.Encrypt(body)));

    /// <summary>
    /// Lets the key go after an attempt that failed before committing anything, so that a retry runs again. A claim
    /// marked committed is kept: its change exists, and running it again would make it twice.
    /// </summary>
    public async Task ReleaseAsync(IdempotencyAttempt attempt, CancellationToken cancellationToken)
    {
        await using var delete = _dataSource.CreateCommand(
            $"DELETE FROM idempotency_requests WHERE scope = $1 AND key = $2 AND claim = $3 AND state = '{Running}'");
        delete.Parameters.Add(SqlParameters.Varchar(attempt.Scope));
        delete.Parameters.Add(SqlParameters.Varchar(attempt.Key));
        delete.Parameters.Add(SqlParameters.Uuid(attempt.Claim));
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Inserts each claim as running, or takes its key over when the key's retention has passed (not purged yet) or its
    /// running attempt's lease has expired (its instance died before committing anything); true for the claims that got
    /// their key. PostgreSQL decides concurrent claims on the unique key: exactly one gets the row. A key twice in one
    /// group is claimed by its first item only (one statement may not touch a row twice); the other finds it taken.
    /// Rows are written in key order, so two instances' groups lock shared keys in one order.
    /// </summary>
    private async Task<IReadOnlyList<bool>> InsertClaimsAsync(IReadOnlyList<Claim> claims)
    {
        var first = claims.DistinctBy(c => (c.Scope, c.Key)).OrderBy(c => c.Scope, StringComparer.Ordinal).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        await using var insert = _dataSource.CreateCommand($"""
            INSERT INTO idempotency_requests AS r (scope, key, request_hash, state, claim, locked_until, created_at)
            SELECT c.scope, c.key, c.request_hash, '{Running}', c.claim, c.created_at + $6, c.created_at
            FROM unnest($1, $2, $3, $4, $5) WITH ORDINALITY AS c(scope, key, request_hash, claim, created_at, n)
            ORDER BY c.n
            ON CONFLICT (scope, key) DO UPDATE
            SET request_hash = excluded.request_hash, state = '{Running}', claim = excluded.claim,
                locked_until = excluded.locked_until, created_at = excluded.created_at,
                response_status = NULL, response_headers = NULL, response_body = NULL
            WHERE r.created_at <= excluded.created_at - $7 OR (r.state = '{Running}' AND r.locked_until <= excluded.created_at)
            RETURNING claim
            """);
        insert.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Varchar, first.Select(c => c.Scope)));
        insert.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Varchar, first.Select(c => c.Key)));
        insert.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Bytea, first.Select(c => c.RequestHash)));
        insert.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Uuid, first.Select(c => c.Id)));
        insert.Parameters.Add(SqlParameters.Array(NpgsqlDbType.TimestampTz, first.Select(c => c.At)));
        insert.Parameters.Add(SqlParameters.Interval(_options.Lease));
        insert.Parameters.Add(SqlParameters.Interval(_options.Retention));
        var won = new HashSet<Guid>();
        await using (var reader = await insert.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                won.Add(reader.GetGuid(0));
            }
        }

        return claims.Select(c => won.Contains(c.Id)).ToList();
    }

    /// <summary>Stores each answer on the key its attempt still holds.</summary>
    private async Task<IReadOnlyList<bool>> StoreAnswersAsync(IReadOnlyList<Answer> answers)
    {
        await using var update = _dataSource.CreateCommand($"""
            UPDATE idempotency_requests AS r
            SET state = '{Completed}', locked_until = NULL, response_status = a.status, response_headers = a.headers, response_body = a.body
            FROM unnest($1, $2, $3, $4, $5, $6) AS a(scope, key, claim, status, headers, body)
            WHERE r.scope = a.scope AND r.key = a.key AND r.claim = a.claim
            """);
        update.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Varchar, answers.Select(a => a.Attempt.Scope)));
        update.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Varchar, answers.Select(a => a.Attempt.Key)));
        update.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Uuid, answers.Select(a => a.Attempt.Claim)));
        update.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Integer, answers.Select(a => a.Status)));
        update.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Jsonb, answers.Select(a => a.Headers)));
        update.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Bytea, answers.Select(a => a.EncryptedBody)));
        await update.ExecuteNonQueryAsync();
        return answers.Select(_ => true).ToList();
    }

    private sealed record Claim(string Scope, string Key, byte[] RequestHash, Guid Id, DateTimeOffset At);

    private sealed record Answer(IdempotencyAttempt Attempt, int Status, string Headers, byte[] EncryptedBody);

    /// <summary>Deletes up to a batch of keys past their retention, skipping rows another instance is deleting; how many.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        await using var delete = _dataSource.CreateCommand("""
            DELETE FROM idempotency_requests
            WHERE ctid = ANY(ARRAY(SELECT ctid FROM idempotency_requests WHERE created_at <= $1
                                   ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED))
            """);
        delete.Parameters.Add(SqlParameters.Instant(_clock.UtcNowMicroseconds() - _options.Retention));
        delete.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = _options.PurgeBatchSize });
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }
}
