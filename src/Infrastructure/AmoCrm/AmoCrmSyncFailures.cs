using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Auditing;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.RawSql;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>
/// What the sync could not carry over, read where it already lies: a delivery of <c>amocrm_inbox</c> whose last
/// attempt failed (failed once its attempts are spent, retrying before), and a link of <c>amocrm_links</c> whose write
/// amoCRM refused or a lead of <c>amocrm_lead_creates</c> it refused to create (failed while set aside, retrying once
/// due again). A retry gives a failed delivery a new round of attempts and marks a refused write or creation due; the
/// sync's workers do the rest. Only the connected account's failures are listed and retried: a disconnected account's
/// stay where they lie (its links are kept) and come back with it.
/// </summary>
internal sealed class AmoCrmSyncFailures(
    MakCrmDbContext db,
    NpgsqlDataSource dataSource,
    IAmoCrmAccount account,
    AuditTrail audit,
    IOptions<AmoCrmOptions> options,
    TimeProvider clock
) : IAmoCrmSyncFailures
{
    private static readonly string Delivery = SnakeCaseNames.Of(AmoCrmSyncFailureKind.Delivery);

    private static readonly string Write = SnakeCaseNames.Of(AmoCrmSyncFailureKind.Write);

    // Both kinds newest first by id (UUID v7: a delivery's from its arrival, a write's from its first refusal); $1 the
    // attempts a delivery has, $2 the cursor or the one id, $3 the kind or null, $4 the rows to read, $5 the account.
    private static readonly string Select = $"""
        SELECT * FROM (
            SELECT i.id, '{Delivery}' AS kind, i.attempts >= $1 AS failed, i.body, NULL::bigint, NULL::uuid,
                i.failure, i.attempts, i.received_at
            FROM amocrm_inbox i
            WHERE i.account_id = $5 AND i.processed_at IS NULL AND i.failure IS NOT NULL
              AND coalesce($3, '{Delivery}') = '{Delivery}'
            UNION ALL
            SELECT k.push_failure_id, '{Write}', k.push_due_at IS NULL, NULL, k.amo_id, k.mak_id, k.push_failure, 1,
                k.push_failed_at
            FROM amocrm_links k
            WHERE k.account_id = $5 AND k.push_failure_id IS NOT NULL AND coalesce($3, '{Write}') = '{Write}'
            UNION ALL
            SELECT c.push_failure_id, '{Write}', c.push_due_at IS NULL, NULL, NULL, c.lead_id, c.push_failure, 1,
                c.push_failed_at
            FROM amocrm_lead_creates c
            WHERE c.account_id = $5 AND c.push_failure_id IS NOT NULL AND coalesce($3, '{Write}') = '{Write}'
        ) f
        """;

    private static readonly string Page = Select + " WHERE $2::uuid IS NULL OR f.id < $2 ORDER BY f.id DESC LIMIT $4";

    private static readonly string One = Select + " WHERE f.id = $2 LIMIT $4";

    public async Task<Result<AmoCrmSyncFailurePage>> ListAsync(
        AmoCrmSyncFailureKind? kind,
        Guid? before,
        int limit,
        CancellationToken cancellationToken
    )
    {
        if (await account.CurrentAsync(cancellationToken) is not { } connected)
        {
            return new AmoCrmSyncFailurePage([], null);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var items = await ReadAsync(connection, connected.AccountId, Page, before, kind, limit + 1, cancellationToken);
        return items.Count > limit
            ? new AmoCrmSyncFailurePage(items[..limit], items[limit - 1].Id.ToString())
            : new AmoCrmSyncFailurePage(items, null);
    }

    public async Task<Result<AmoCrmSyncFailure>> RetryAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await account.CurrentAsync(cancellationToken) is not { } connected)
        {
            return NotFound;
        }

        var connection = Transactional.Connection(db, "Retrying an amoCRM sync failure");
        await using var retry = new NpgsqlCommand(
            """
            WITH delivery AS (
                UPDATE amocrm_inbox SET attempts = 0, lease_owner = NULL, lease_expires_at = NULL
                WHERE id = $1 AND account_id = $4 AND processed_at IS NULL AND failure IS NOT NULL AND attempts >= $2
                RETURNING 1),
            write AS (
                UPDATE amocrm_links SET push_due_at = $3
                WHERE push_failure_id = $1 AND account_id = $4 AND push_due_at IS NULL
                RETURNING 1),
            creation AS (
                UPDATE amocrm_lead_creates SET push_due_at = $3
                WHERE push_failure_id = $1 AND account_id = $4 AND push_due_at IS NULL
                RETURNING 1)
            SELECT (SELECT count(*) FROM delivery) + (SELECT count(*) FROM write) + (SELECT count(*) FROM creation)
            """,
            connection
        );
        retry.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        retry.Parameters.Add(new NpgsqlParameter<int> { TypedValue = options.Value.InboxMaxAttempts });
        retry.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        retry.Parameters.Add(new NpgsqlParameter<long> { TypedValue = connected.AccountId });
        var retried = (long)(await retry.ExecuteScalarAsync(cancellationToken))! > 0;

        var found = await ReadAsync(connection, connected.AccountId, One, id, null, 1, cancellationToken);
        if (found.Count == 0)
        {
            return NotFound;
        }

        if (retried)
        {
            audit.Add(
                audit.Security(
                    "amocrm.sync_failure_retried",
                    null,
                    new { failure_id = id, kind = SnakeCaseNames.Of(found[0].Kind) }
                )
            );
        }

        return found[0];
    }

    private static Error NotFound =>
        new(ErrorCodes.NotFound, "The connected account's sync has no failure with this id.", ErrorKind.NotFound);

    private async Task<List<AmoCrmSyncFailure>> ReadAsync(
        NpgsqlConnection connection,
        long accountId,
        string sql,
        Guid? id,
        AmoCrmSyncFailureKind? kind,
        int limit,
        CancellationToken cancellationToken
    )
    {
        var rows = new List<AmoCrmSyncFailure>();
        await using (var command = new NpgsqlCommand(sql, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = options.Value.InboxMaxAttempts });
            command.Parameters.Add(
                new NpgsqlParameter
                {
                    Value = (object?)id ?? DBNull.Value,
                    NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid,
                }
            );
            command.Parameters.Add(
                new NpgsqlParameter
                {
                    Value = kind is { } k ? SnakeCaseNames.Of(k) : DBNull.Value,
                    NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text,
                }
            );
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = accountId });

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var isDelivery = reader.GetString(1) == Delivery;
                // A creation amoCRM refused has no amoCRM lead.
                var noAmoLead = await reader.IsDBNullAsync(4, cancellationToken);
                long[] amoIds =
                    isDelivery
                        ?
                        [
                            .. AmoCrmWebhookForm
                                .Changes(reader.GetString(3))
                                .Where(c => c.Entity == AmoCrmRecordImporter.Leads)
                                .Select(c => c.Id)
                                .Distinct(),
                        ]
                    : noAmoLead ? []
                    : [reader.GetInt64(4)];
                rows.Add(
                    new AmoCrmSyncFailure(
                        reader.GetGuid(0),
                        isDelivery ? AmoCrmSyncFailureKind.Delivery : AmoCrmSyncFailureKind.Write,
                        reader.GetBoolean(2) ? AmoCrmSyncFailureState.Failed : AmoCrmSyncFailureState.Retrying,
                        amoIds,
                        isDelivery ? [] : [reader.GetGuid(5)],
                        reader.GetString(6),
                        reader.GetInt32(7),
                        await reader.GetFieldValueAsync<DateTimeOffset>(8, cancellationToken)
                    )
                );
            }
        }

        // A delivery names amoCRM's leads; the MaK leads are those linked to them.
        var links = await AmoCrmRecordImporter.LinksAsync(
            connection,
            null,
            accountId,
            AmoCrmRecordImporter.Leads,
            rows.Where(r => r.Kind == AmoCrmSyncFailureKind.Delivery).SelectMany(r => r.AmoIds),
            cancellationToken
        );
        return
        [
            .. rows.Select(r =>
                r.Kind == AmoCrmSyncFailureKind.Delivery
                    ? r with
                    {
                        LeadIds = [.. r.AmoIds.Where(links.ContainsKey).Select(a => links[a])],
                    }
                    : r
            ),
        ];
    }
}
