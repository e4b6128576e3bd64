using MakCrm.Contracts;
using MakCrm.Domain.Common;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>The statements of the amoCRM import's tables, shared by the runner, the start and the retry.</summary>
internal static class AmoCrmImportSql
{
    public static readonly string Queued = SnakeCaseNames.Of(AmoCrmImportStatus.Queued);
    public static readonly string Running = SnakeCaseNames.Of(AmoCrmImportStatus.Running);
    public static readonly string CatchingUp = SnakeCaseNames.Of(AmoCrmImportStatus.CatchingUp);
    public static readonly string Succeeded = SnakeCaseNames.Of(AmoCrmImportStatus.Succeeded);
    public static readonly string Failed = SnakeCaseNames.Of(AmoCrmImportStatus.Failed);
    public static readonly string Stopped = SnakeCaseNames.Of(AmoCrmImportStatus.Stopped);

    /// <summary>The statuses of an import that is not finished, as SQL literals for <c>IN (...)</c>.</summary>
    public static readonly string Unfinished = Persistence.RawSql.EnumLiterals.List(
        AmoCrmImportStatus.Queued,
        AmoCrmImportStatus.Running,
        AmoCrmImportStatus.CatchingUp
    );

    /// <summary>The entities in the order an import takes them.</summary>
    public static readonly string[] Stages = ["users", "pipelines", "custom_fields", "contacts", "companies", "leads"];

    public const string ImportColumns = """
        id, account_id, status, mapping_version, rate_limit_hits, attempts, failure_code, failure_detail, created_at,
        started_at, finished_at
        """;

    public const string CheckpointColumns =
        "entity, done, last_id, page, page_size, read, created, linked, skipped, dead_lettered";

    public const string DeadLetterColumns = """
        id, import_id, entity, amo_id, field, code, detail, answer, attempts, created_at, retried_at, resolved_at
        """;

    private const string InsertLinks = """
        INSERT INTO amocrm_links (account_id, entity, amo_id, mak_id, import_id, created_at, synced)
        SELECT $1, u.entity, u.amo_id, u.mak_id, $2, $3, u.synced::jsonb
        FROM unnest($4::text[], $5::bigint[], $6::uuid[], $7::text[]) AS u(entity, amo_id, mak_id, synced)
        ON CONFLICT (account_id, entity, amo_id) DO NOTHING
        """;

    private const string InsertDeadLetters = """
        INSERT INTO amocrm_dead_letters (id, import_id, entity, amo_id, field, code, detail, answer, attempts,
            created_at)
        SELECT u.id, $1, u.entity, u.amo_id, u.field, u.code, u.detail, u.answer, 1, $2
        FROM unnest($3::uuid[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[])
            AS u(id, entity, amo_id, field, code, detail, answer)
        ON CONFLICT (import_id, entity, amo_id) DO UPDATE
        SET field = excluded.field, code = excluded.code, detail = excluded.detail, answer = excluded.answer,
            attempts = amocrm_dead_letters.attempts + 1, retried_at = $2, resolved_at = NULL
        RETURNING xmax = 0
        """;

    public static async Task WriteLinksAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        long accountId,
        Guid? importId,
        IReadOnlyList<AmoCrmLinkDraft> links,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        if (links.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(InsertLinks, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = accountId });
        command.Parameters.Add(
            new NpgsqlParameter { Value = (object?)importId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid }
        );
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. links.Select(l => l.Entity)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. links.Select(l => l.AmoId)] });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. links.Select(l => l.MakId)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. links.Select(l => l.Synced)] });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Writes the letters (a record refused again updates its letter); answers how many are new.</summary>
    public static async Task<int> WriteDeadLettersAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        Guid importId,
        IReadOnlyList<AmoCrmDeadLetterDraft> letters,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        if (letters.Count == 0)
        {
            return 0;
        }

        await using var command = new NpgsqlCommand(InsertDeadLetters, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = importId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(
            new NpgsqlParameter<Guid[]> { TypedValue = [.. letters.Select(_ => Guid.CreateVersion7(now))] }
        );
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. letters.Select(l => l.Entity)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. letters.Select(l => l.AmoId)] });
        command.Parameters.Add(
            new NpgsqlParameter
            {
                Value = letters.Select(l => (object?)l.Field ?? DBNull.Value).ToArray(),
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
            }
        );
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. letters.Select(l => l.Code)] });
        command.Parameters.Add(
            new NpgsqlParameter<string[]> { TypedValue = [.. letters.Select(l => Clip(l.Detail, 2000))] }
        );
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. letters.Select(l => l.Answer)] });
        var inserted = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            inserted += reader.GetBoolean(0) ? 1 : 0;
        }

        return inserted;
    }

    /// <summary>An import as the API answers it, from a row read with <see cref="ImportColumns"/> and its
    /// checkpoints.</summary>
    public static async Task<AmoCrmImport> ReadImportAsync(
        NpgsqlConnection connection,
        Guid id,
        CancellationToken cancellationToken
    )
    {
        var checkpoints = new Dictionary<string, AmoCrmImportCheckpoint>(StringComparer.Ordinal);
        await using (
            var command = new NpgsqlCommand(
                $"SELECT {CheckpointColumns} FROM amocrm_import_checkpoints WHERE import_id = $1",
                connection
            )
        )
        {
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var entity = reader.GetString(0);
                checkpoints[entity] = new AmoCrmImportCheckpoint(
                    SnakeCaseNames<AmoCrmImportStage>.Stored(entity),
                    reader.GetBoolean(1),
                    await reader.IsDBNullAsync(2, cancellationToken) ? null : reader.GetInt64(2),
                    reader.GetInt32(3),
                    reader.GetInt32(4),
                    reader.GetInt32(5),
                    reader.GetInt32(6),
                    reader.GetInt32(7),
                    reader.GetInt32(8),
                    reader.GetInt32(9)
                );
            }
        }

        await using (
            var command = new NpgsqlCommand($"SELECT {ImportColumns} FROM amocrm_imports WHERE id = $1", connection)
        )
        {
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return new AmoCrmImport(
                reader.GetGuid(0),
                reader.GetInt64(1),
                SnakeCaseNames<AmoCrmImportStatus>.Stored(reader.GetString(2)),
                reader.GetInt32(3),
                [
                    .. Stages.Select(s =>
                        checkpoints.GetValueOrDefault(s)
                        ?? new AmoCrmImportCheckpoint(
                            SnakeCaseNames<AmoCrmImportStage>.Stored(s),
                            false,
                            null,
                            1,
                            AmoCrmReader.PageSize,
                            0,
                            0,
                            0,
                            0,
                            0
                        )
                    ),
                ],
                reader.GetInt32(4),
                reader.GetInt32(5),
                await reader.IsDBNullAsync(6, cancellationToken)
                    ? null
                    : new AmoCrmImportFailure(reader.GetString(6), reader.GetString(7)),
                await reader.GetFieldValueAsync<DateTimeOffset>(8, cancellationToken),
                await reader.IsDBNullAsync(9, cancellationToken)
                    ? null
                    : await reader.GetFieldValueAsync<DateTimeOffset>(9, cancellationToken),
                await reader.IsDBNullAsync(10, cancellationToken)
                    ? null
                    : await reader.GetFieldValueAsync<DateTimeOffset>(10, cancellationToken)
            );
        }
    }

    /// <summary>A dead letter read with <see cref="DeadLetterColumns"/>.</summary>
    public static async Task<AmoCrmDeadLetter> ReadDeadLetterAsync(
        NpgsqlDataReader reader,
        CancellationToken cancellationToken
    ) =>
        new(
            reader.GetGuid(0),
            reader.GetGuid(1),
            SnakeCaseNames<AmoCrmImportEntity>.Stored(reader.GetString(2)),
            reader.GetInt64(3),
            await reader.IsDBNullAsync(4, cancellationToken) ? null : reader.GetString(4),
            reader.GetString(5),
            reader.GetString(6),
            reader.GetString(7),
            reader.GetInt32(8),
            await reader.GetFieldValueAsync<DateTimeOffset>(9, cancellationToken),
            await reader.IsDBNullAsync(10, cancellationToken)
                ? null
                : await reader.GetFieldValueAsync<DateTimeOffset>(10, cancellationToken),
            await reader.IsDBNullAsync(11, cancellationToken)
                ? null
                : await reader.GetFieldValueAsync<DateTimeOffset>(11, cancellationToken)
        );

    public static string Clip(string text, int length) => text.Length <= length ? text : text[..length];
}
