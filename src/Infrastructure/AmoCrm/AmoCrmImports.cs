using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Application.AmoCrm;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Auditing;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.RawSql;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>
/// Starting, reading and retrying amoCRM imports (ADR 0053). A start runs in the command's transaction under the
/// account's advisory lock, so two admins starting at once get one import and one 409; the partial unique index on
/// the account's unfinished import is the backstop. A start after a <c>stopped</c> import continues that import from
/// its checkpoints.
/// </summary>
internal sealed class AmoCrmImports(
    MakCrmDbContext db,
    NpgsqlDataSource dataSource,
    IAmoCrmAccount account,
    IAmoCrmMappings mappings,
    AmoCrmApi api,
    AmoCrmRecordImporter importer,
    AmoCrmRecordChanges changes,
    AuditTrail audit,
    Application.Abstractions.Security.IRequestContext request,
    TimeProvider clock
) : IAmoCrmImports
{
    private const string Latest = """
        SELECT id, status FROM amocrm_imports WHERE account_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1
        """;

    private static readonly string Insert = $"""
        INSERT INTO amocrm_imports (id, account_id, connection_id, mapping_version, status, created_by, created_at,
            attempts, rate_limit_hits, updated_at)
        VALUES ($1, $2, $3, $4, {EnumLiterals.Of(AmoCrmImportStatus.Queued)}, $5, $6, 0, 0, $6)
        """;

    private static readonly string Continue = $"""
        UPDATE amocrm_imports SET status = {EnumLiterals.Of(AmoCrmImportStatus.Queued)}, connection_id = $2,
            mapping_version = $3, attempts = 0, failure_code = NULL, failure_detail = NULL, finished_at = NULL,
            updated_at = $4
        WHERE id = $1
        """;

    public async Task<Result<AmoCrmImport>> StartAsync(CancellationToken cancellationToken)
    {
        if (await account.CurrentAsync(cancellationToken) is not { } connected)
        {
            return AmoCrmConnectionRules.NotConnected;
        }

        switch (connected.State)
        {
            case Domain.Integrations.AmoCrmConnectionState.Blocked:
                return new Error(
                    ErrorCodes.AmoCrmAccountBlocked,
                    "amoCRM has blocked the account; once its support lifts the block, connect again.",
                    ErrorKind.Conflict
                );
            case Domain.Integrations.AmoCrmConnectionState.NeedsReauth:
                return new Error(
                    ErrorCodes.AmoCrmTokenRefused,
                    "amoCRM refused the connection's token; connect again.",
                    ErrorKind.Conflict
                );
        }

        var connection = Transactional.Connection(db, "Starting an amoCRM import");
        await using (var command = new NpgsqlCommand($"SELECT {AdvisoryLocks.Exclusive("$1")}", connection))
        {
            command.Parameters.Add(
                new NpgsqlParameter<string> { TypedValue = $"amocrm:import:{connected.AccountId}" }
            );
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var mapping = await mappings.FindAsync(connected.AccountId, cancellationToken);
        if (mapping.Version == 0)
        {
            return new Error(
                ErrorCodes.AmoCrmMappingMissing,
                "Save the account's mapping (replaceAmoCrmMapping) before importing it.",
                ErrorKind.Conflict
            );
        }

        (Guid Id, string Status)? latest = null;
        await using (var command = new NpgsqlCommand(Latest, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = connected.AccountId });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                latest = (reader.GetGuid(0), reader.GetString(1));
            }
        }

        if (latest is { } last && AmoCrmImportSql.Unfinished.Contains($"'{last.Status}'", StringComparison.Ordinal))
        {
            return Running(last.Id);
        }

        var now = clock.GetUtcNow();
        var continued = latest?.Status == AmoCrmImportSql.Stopped;
        var id = continued ? latest!.Value.Id : Guid.CreateVersion7(now);
        await using (var command = new NpgsqlCommand(continued ? Continue : Insert, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            if (continued)
            {
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = connected.Id });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = mapping.Version });
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            }
            else
            {
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = connected.AccountId });
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = connected.Id });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = mapping.Version });
                command.Parameters.Add(new NpgsqlParameter { Value = (object?)request.UserId ?? DBNull.Value });
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        audit.Add(
            audit.Security(
                "amocrm.import_started",
                null,
                new
                {
                    import_id = id,
                    account_id = connected.AccountId,
                    mapping_version = mapping.Version,
                    continued,
                }
            )
        );
        return await AmoCrmImportSql.ReadImportAsync(connection, id, cancellationToken);
    }

    public async Task<Result<AmoCrmImport>> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ExistsAsync(connection, id, cancellationToken)
            ? await AmoCrmImportSql.ReadImportAsync(connection, id, cancellationToken)
            : NotFound("import");
    }

    public async Task<Result<AmoCrmDeadLetterPage>> DeadLettersAsync(
        Guid importId,
        bool? resolved,
        Guid? after,
        int limit,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await ExistsAsync(connection, importId, cancellationToken))
        {
            return NotFound("import");
        }

        await using var command = new NpgsqlCommand(
            $"""
            SELECT {AmoCrmImportSql.DeadLetterColumns} FROM amocrm_dead_letters
            WHERE import_id = $1 AND ($2::uuid IS NULL OR id > $2)
              AND ($3::boolean IS NULL OR (resolved_at IS NOT NULL) = $3)
            ORDER BY id LIMIT $4
            """,
            connection
        );
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = importId });
        command.Parameters.Add(
            new NpgsqlParameter { Value = (object?)after ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid }
        );
        command.Parameters.Add(
            new NpgsqlParameter
            {
                Value = (object?)resolved ?? DBNull.Value,
                NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Boolean,
            }
        );
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit + 1 });
        var items = new List<AmoCrmDeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(await AmoCrmImportSql.ReadDeadLetterAsync(reader, cancellationToken));
        }

        return items.Count > limit
            ? new AmoCrmDeadLetterPage(items[..limit], items[limit - 1].Id.ToString())
            : new AmoCrmDeadLetterPage(items, null);
    }

    public async Task<Result<AmoCrmDeadLetter>> RetryAsync(Guid id, CancellationToken cancellationToken)
    {
        var connection = Transactional.Connection(db, "Retrying an amoCRM dead letter");
        var transaction = (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        AmoCrmDeadLetter? letter = null;
        long accountId = 0;
        await using (
            var command = new NpgsqlCommand(
                $"""
                SELECT {string.Join(", ", AmoCrmImportSql.DeadLetterColumns.Split(',').Select(c => "d." + c.Trim()))},
                    i.account_id
                FROM amocrm_dead_letters d JOIN amocrm_imports i ON i.id = d.import_id
                WHERE d.id = $1 FOR UPDATE OF d
                """,
                connection,
                transaction
            )
        )
        {
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                letter = await AmoCrmImportSql.ReadDeadLetterAsync(reader, cancellationToken);
                accountId = reader.GetInt64(12);
            }
        }

        if (letter is null)
        {
            return NotFound("dead letter");
        }

        if (letter.ResolvedAt is not null)
        {
            return letter;
        }

        if (await account.CurrentAsync(cancellationToken) is not { } connected || connected.AccountId != accountId)
        {
            return AmoCrmConnectionRules.NotConnected;
        }

        var entity = SnakeCaseNames.Of(letter.Entity);
        AmoCrmAnswer answer;
        try
        {
            answer = await api.GetAsync(
                connected.Id,
                accountId,
                new Uri(connected.BaseUrl),
                $"api/v4/{entity}/{letter.AmoId}{(entity == AmoCrmRecordImporter.Leads ? "?with=contacts" : "")}",
                cancellationToken
            );
        }
        catch (Exception e) when (AmoCrmReader.Failure(e) is { } error)
        {
            return error;
        }

        var now = clock.GetUtcNow();
        if (answer.Status == HttpStatusCode.NoContent || answer.Body is not JsonObject record)
        {
            await AmoCrmImportSql.WriteDeadLettersAsync(
                connection,
                transaction,
                letter.ImportId,
                [
                    new AmoCrmDeadLetterDraft(
                        entity,
                        letter.AmoId,
                        null,
                        ErrorCodes.NotFound,
                        $"amoCRM answered {(int)answer.Status}: the record is no longer there.",
                        answer.Body?.ToJsonString() ?? ""
                    ),
                ],
                now,
                cancellationToken
            );
        }
        else
        {
            var mapping = await mappings.FindAsync(accountId, cancellationToken);
            // A lead linked before was refused a change by the catch-up: the change is applied again as the sync
            // applies it; any other record is imported as the first pass imports it.
            var linked =
                entity == AmoCrmRecordImporter.Leads
                    ? await AmoCrmRecordImporter.LinksAsync(
                        connection,
                        transaction,
                        accountId,
                        entity,
                        [letter.AmoId],
                        cancellationToken
                    )
                    : [];
            AmoCrmPageOutcome outcome;
            if (linked.TryGetValue(letter.AmoId, out var leadId))
            {
                outcome = new AmoCrmPageOutcome();
                var applied = await changes.ApplyLeadsAsync(accountId, mapping, [(leadId, record)], cancellationToken);
                foreach (var (amoId, error) in applied.Refused)
                {
                    outcome.DeadLetters.Add(AmoCrmRecordImporter.Refused(record, amoId, error));
                }
            }
            else
            {
                outcome = await importer.ApplyInTransactionAsync(
                    connection,
                    transaction,
                    accountId,
                    mapping,
                    entity,
                    [record],
                    cancellationToken
                );
            }

            await AmoCrmImportSql.WriteLinksAsync(
                connection,
                transaction,
                accountId,
                letter.ImportId,
                outcome.Links,
                now,
                cancellationToken
            );
            await AmoCrmImportSql.WriteDeadLettersAsync(
                connection,
                transaction,
                letter.ImportId,
                outcome.DeadLetters,
                now,
                cancellationToken
            );
            if (outcome.DeadLetters.Count == 0)
            {
                await using var resolve = new NpgsqlCommand(
                    "UPDATE amocrm_dead_letters SET resolved_at = $2, retried_at = $2, attempts = attempts + 1 "
                        + "WHERE id = $1",
                    connection,
                    transaction
                );
                resolve.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
                resolve.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
                await resolve.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        audit.Add(
            audit.Security(
                "amocrm.dead_letter_retried",
                null,
                new { dead_letter_id = id, entity, amo_id = letter.AmoId }
            )
        );
        await using var read = new NpgsqlCommand(
            $"SELECT {AmoCrmImportSql.DeadLetterColumns} FROM amocrm_dead_letters WHERE id = $1",
            connection,
            transaction
        );
        read.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        await using var after = await read.ExecuteReaderAsync(cancellationToken);
        await after.ReadAsync(cancellationToken);
        return await AmoCrmImportSql.ReadDeadLetterAsync(after, cancellationToken);
    }

    private static Error Running(Guid id) =>
        new(
            ErrorCodes.AmoCrmImportRunning,
            $"The import {id} of this account is queued or running; follow it with getAmoCrmImport.",
            ErrorKind.Conflict
        );

    private static Error NotFound(string what) =>
        new(ErrorCodes.NotFound, $"The amoCRM {what} does not exist.", ErrorKind.NotFound);

    private static async Task<bool> ExistsAsync(
        NpgsqlConnection connection,
        Guid id,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand("SELECT 1 FROM amocrm_imports WHERE id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }
}
