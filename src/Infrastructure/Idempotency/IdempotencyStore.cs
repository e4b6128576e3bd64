using System.Text.Json;
using MakCrm.Application.Common;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Security;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.Idempotency;

/// <summary>
/// The idempotency keys (<c>idempotency_requests</c>, unique per scope and key). A key is claimed, and its answer
/// stored, in the transaction of the request's change, so that the three commit together or not at all (ADR 0034):
/// <list type="bullet">
/// <item>the claim is an <c>INSERT ... ON CONFLICT DO UPDATE ... WHERE</c> that takes over only a key past its
/// retention. A twin of a request still in flight finds the first one's uncommitted row and waits for its transaction
/// (at most <see cref="IdempotencyOptions.TwinWait"/>, then it is "in use"): if that transaction commits, the twin is
/// answered with the first answer; if it rolls back, the twin runs;</item>
/// <item>the answer is written with the commit, in the same round trip, before it is sent;</item>
/// <item>a request that dies before its commit leaves neither its change nor its key: a retry runs again.</item>
/// </list>
/// Bodies are stored encrypted with the key-encryption key: an answer may hold a secret shown once (an API client's).
/// </summary>
[Singleton]
public sealed class IdempotencyStore
{
    /// <summary>The longest key accepted (Stripe's limit).</summary>
    public const int MaxKeyLength = 255;

    /// <summary>The savepoint a unit of work of a keyed request rolls back to: the state just after the
    /// claim.</summary>
    internal const string UnitOfWorkSavepoint = "unit_of_work";

    // The claim waits for a twin's transaction at most the configured time: lock_timeout for the claim's statement
    // only, the previous value kept in a setting of its own and restored after it.
    private const string BoundTheWait =
        "SELECT set_config('mak.lock_timeout', current_setting('lock_timeout'), true), set_config('lock_timeout', "
        + "$1, true)";

    private const string RestoreTheWait =
        "SELECT set_config('lock_timeout', current_setting('mak.lock_timeout'), true)";

    // Inserts the key, or takes over a key past its retention (not purged yet); a row comes back when the key is ours.
    // Answer columns are null until the answer is stored with the commit.
    private const string Claim = """
        INSERT INTO idempotency_requests AS r (scope, key, request_hash, created_at)
        VALUES ($1, $2, $3, $4)
        ON CONFLICT (scope, key) DO UPDATE
        SET request_hash = excluded.request_hash, created_at = excluded.created_at,
            response_status = NULL, response_headers = NULL, response_body = NULL, response_reference = NULL
        WHERE r.created_at <= excluded.created_at - $5
        RETURNING 1
        """;

    // The claim and the answer in one statement, for a request that claimed nothing while it ran.
    private const string ClaimAnswered = """
        INSERT INTO idempotency_requests AS r (scope, key, request_hash, created_at, response_status, response_headers,
            response_body)
        VALUES ($1, $2, $3, $4, $6, $7, $8)
        ON CONFLICT (scope, key) DO UPDATE
        SET request_hash = excluded.request_hash, created_at = excluded.created_at, response_status =
            excluded.response_status,
            response_headers = excluded.response_headers, response_body = excluded.response_body, response_reference =
                NULL
        WHERE r.created_at <= excluded.created_at - $5
        RETURNING 1
        """;

    private const string Answer = """
        UPDATE idempotency_requests SET response_status = $3, response_headers = $4, response_body = $5
        WHERE scope = $1 AND key = $2
        """;

    private const string Read = """
        SELECT request_hash, response_status, response_headers::text, response_body
        FROM idempotency_requests WHERE scope = $1 AND key = $2
        """;

    private static readonly TimeSpan RetryAfterInUse = TimeSpan.FromSeconds(1);

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _clock;
    private readonly IdempotencyOptions _options;
    private readonly KeyEncryption _encryption;
    private readonly string _twinWait;

    public IdempotencyStore(
        NpgsqlDataSource dataSource,
        TimeProvider clock,
        IOptions<IdempotencyOptions> options,
        IOptions<AccessTokenOptions> keys
    )
    {
        _dataSource = dataSource;
        _clock = clock;
        _options = options.Value;
        _encryption = new KeyEncryption(keys.Value.KeyEncryptionKey);
        _twinWait = LockTimeout(_options.TwinWait);
    }

    /// <summary>How long a claim waits for a twin's transaction, as a <c>lock_timeout</c> value.</summary>
    internal string TwinWait => _twinWait;

    /// <summary>How long the keys are kept.</summary>
    internal TimeSpan Retention => _options.Retention;

    /// <summary>
    /// Claims the key in <paramref name="transaction"/> (the first unit of work's) and sets the unit of work's
    /// savepoint just after it, in one round trip; null when the key is this request's now, else what the key holds —
    /// the caller then rolls the transaction back.
    /// </summary>
    public async Task<IdempotencyOutcome?> ClaimAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IdempotencyKey key,
        CancellationToken cancellationToken
    )
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(BoundTheWait) { Parameters = { SqlParameters.Text(_twinWait) } },
                ClaimCommand(Claim, key),
                new NpgsqlBatchCommand(RestoreTheWait),
                new NpgsqlBatchCommand($"SAVEPOINT {UnitOfWorkSavepoint}"),
            },
        };
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return new IdempotencyOutcome.InUse(RetryAfterInUse);
        }

        return await ReadAsync(connection, transaction, key, cancellationToken);
    }

    /// <summary>
    /// Stores the answer of the request that holds the key in <paramref name="transaction"/>, and commits it: change,
    /// claim
    /// and answer together, in one round trip, before the answer is sent.
    /// </summary>
    public async Task CommitWithAnswerAsync(
        NpgsqlTransaction transaction,
        IdempotencyKey key,
        int status,
        IReadOnlyDictionary<string, string> headers,
        byte[] body,
        CancellationToken cancellationToken
    )
    {
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(Answer)
                {
                    Parameters =
                    {
                        SqlParameters.Varchar(key.Scope),
                        SqlParameters.Varchar(key.Key),
                        SqlParameters.Integer(status),
                        SqlParameters.Jsonb(JsonSerializer.Serialize(headers)),
                        SqlParameters.Bytea(_encryption.Encrypt(body)),
                    },
                },
                // Committed in the answer's round trip; Npgsql sees the transaction end and lets the transaction object
                // go.
                new NpgsqlBatchCommand("COMMIT"),
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// For a request that claimed nothing while it ran (refused before any unit of work): its claim and its answer in
    /// one statement. Null when they are stored; else what the key holds (answered before, another request, in use),
    /// which is the answer instead.
    /// </summary>
    public async Task<IdempotencyOutcome?> StoreAnsweredAsync(
        IdempotencyKey key,
        int status,
        IReadOnlyDictionary<string, string> headers,
        byte[] body,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var claim = ClaimCommand(ClaimAnswered, key);
        claim.Parameters.Add(SqlParameters.Integer(status));
        claim.Parameters.Add(SqlParameters.Jsonb(JsonSerializer.Serialize(headers)));
        claim.Parameters.Add(SqlParameters.Bytea(_encryption.Encrypt(body)));
        // Without an explicit transaction: PostgreSQL runs the batch as one, so the wait's bound is the claim's only.
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(BoundTheWait) { Parameters = { SqlParameters.Text(_twinWait) } },
                claim,
            },
        };
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return new IdempotencyOutcome.InUse(RetryAfterInUse);
        }

        return await ReadAsync(connection, null, key, cancellationToken);
    }

    /// <summary>What a committed key holds for a request that could not claim it.</summary>
    internal async Task<IdempotencyOutcome> ReadAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        IdempotencyKey key,
        CancellationToken cancellationToken
    )
    {
        await using var select = new NpgsqlCommand(Read, connection, transaction)
        {
            Parameters = { SqlParameters.Varchar(key.Scope), SqlParameters.Varchar(key.Key) },
        };
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            // Purged or let go between the claim and this read: the retry claims it.
            return new IdempotencyOutcome.InUse(RetryAfterInUse);
        }

        if (!(await reader.GetFieldValueAsync<byte[]>(0, cancellationToken)).AsSpan().SequenceEqual(key.RequestHash))
        {
            return new IdempotencyOutcome.Mismatch();
        }

        if (await reader.IsDBNullAsync(1, cancellationToken))
        {
            // Answered by an operation that stores a reference (the bid): only that operation renders it again.
            return new IdempotencyOutcome.AnsweredByReference();
        }

        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(2))!;
        return new IdempotencyOutcome.Replay(
            reader.GetInt32(1),
            headers,
            _encryption.Decrypt(await reader.GetFieldValueAsync<byte[]>(3, cancellationToken))
        );
    }

    /// <summary>Deletes up to a batch of keys past their retention, skipping rows another instance is deleting; how
    /// many.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        await using var delete = _dataSource.CreateCommand(
            """
            DELETE FROM idempotency_requests
            WHERE ctid = ANY(ARRAY(SELECT ctid FROM idempotency_requests WHERE created_at <= $1
                                   ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED))
            """
        );
        delete.Parameters.Add(SqlParameters.Instant(_clock.UtcNowMicroseconds() - _options.Retention));
        delete.Parameters.Add(SqlParameters.Integer(_options.PurgeBatchSize));
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlBatchCommand ClaimCommand(string sql, IdempotencyKey key) =>
        new(sql)
        {
            Parameters =
            {
                SqlParameters.Varchar(key.Scope),
                SqlParameters.Varchar(key.Key),
                SqlParameters.Bytea(key.RequestHash),
                SqlParameters.Instant(_clock.UtcNowMicroseconds()),
                SqlParameters.Interval(_options.Retention),
            },
        };

    /// <summary>A wait as PostgreSQL's <c>lock_timeout</c> takes it, in whole milliseconds (0 would mean no
    /// bound).</summary>
    private static string LockTimeout(TimeSpan wait) => $"{Math.Max(1, (long)Math.Ceiling(wait.TotalMilliseconds))}ms";
}
