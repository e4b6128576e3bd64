using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Leads;
using MakCrm.Infrastructure.Persistence.RawSql;
using Npgsql;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>
/// Transaction-scoped PostgreSQL advisory locks on the contacts' keys (<see cref="AdvisoryLocks"/>),
/// released by the commit or rollback; a hash collision only makes two unrelated submissions wait for each other.
/// The statements are also sent in <see cref="ContactIntakeReads"/>'s batch.
/// </summary>
internal sealed class DuplicateGuard(MakCrmDbContext db) : IDuplicateGuard
{
    // The lead statuses whose leads can be an original.
    private static readonly string OpenKinds = EnumLiterals.List(LeadStatusKind.Open, LeadStatusKind.Auction);

    // One statement for every key: unnest returns the (sorted) keys in array order, so the locks are taken in that
    // order.
    private static readonly string LockSql =
        $"SELECT {AdvisoryLocks.Exclusive("key")} FROM unnest($1::text[]) WITH ORDINALITY AS k(key, position)"
        + " ORDER BY position";

    // Written so that the plan starts from the contact indexes whatever the statistics say: as one LINQ join, with the
    // statistics of a new database (no column statistics yet, so "deleted_at IS NULL" looks rare), PostgreSQL walked
    // every lead in created_at order and, for each, every client — hundreds of milliseconds per submission after a
    // thousand leads, until autovacuum analyzed the tables. Each step is materialized so that neither can become a scan
    // of all clients or all leads.
    // A null phone ($1) matches no client, so a check by e-mail alone finds the leads of that e-mail only.
    private static readonly string OpenLeadsCte = $"""
        WITH contact_clients AS MATERIALIZED (
            SELECT id, phone, email, deleted_at FROM clients WHERE phone = $1 OR email = ANY($2)
        ), open_leads AS MATERIALIZED (
            SELECT l.id, l.organization_id, l.responsible_user_id, l.status, l.created_at, c.phone, c.email
            FROM contact_clients c JOIN leads l ON l.client_id = c.id
            WHERE c.deleted_at IS NULL AND l.deleted_at IS NULL
              AND l.status IN (SELECT code FROM lead_statuses
                               WHERE deleted_at IS NULL AND kind IN ({OpenKinds}))
        )
        """;

    private static readonly string OriginalSql =
        OpenLeadsCte
        + "SELECT id, organization_id, responsible_user_id, phone, email FROM open_leads"
        + " ORDER BY created_at, id LIMIT 1";

    private static readonly string OpenLeadsSql =
        OpenLeadsCte
        + "SELECT id, organization_id, status, created_at, phone, email FROM open_leads"
        + " ORDER BY created_at, id LIMIT $3";

    // The organization's live clients with the phones or e-mails, from the contact indexes (as ClientRepository.ByPhone
    // finds one by its phone), earliest first.
    private const string ClientsSql = """
        SELECT c.id, c.phone, c.email FROM (
            SELECT id, phone, email, created_at, deleted_at FROM clients
            WHERE organization_id = $1 AND (phone = ANY($2) OR email = ANY($3))
        ) c
        WHERE c.deleted_at IS NULL ORDER BY c.created_at, c.id
        """;

    public Task LockAsync(DuplicateKeys keys, CancellationToken cancellationToken) =>
        LockAsync([keys], cancellationToken);

    public async Task LockAsync(IReadOnlyCollection<DuplicateKeys> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return;
        }

        var connection = Transactional.Connection(db, "Duplicate control");
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { Lock(DuplicateKeys.LockKeysOf(keys)) },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DuplicateMatch?>> FindOriginalsAsync(
        IReadOnlyList<DuplicateKeys> keys,
        CancellationToken cancellationToken
    )
    {
        if (keys.Count == 0)
        {
            return [];
        }

        // The single lookup's statement once per contact, sent together: each keeps the plan that starts from the
        // contact indexes (a set-based form lets the planner of a new database walk every open lead instead).
        var connection = Transactional.Connection(db, "Duplicate control");
        await using var batch = new NpgsqlBatch(connection);
        foreach (var key in keys)
        {
            batch.BatchCommands.Add(Original(key));
        }

        var matches = new List<DuplicateMatch?>(keys.Count);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        foreach (var key in keys)
        {
            matches.Add(await ReadOriginalAsync(reader, key, cancellationToken));
            await reader.NextResultAsync(cancellationToken);
        }

        return matches;
    }

    public async Task<DuplicateMatch?> FindOriginalAsync(DuplicateKeys keys, CancellationToken cancellationToken) =>
        (await FindOriginalsAsync([keys], cancellationToken))[0];

    public Task<IReadOnlyList<OpenLeadMatch>> FindOpenLeadsAsync(
        string? phone,
        IReadOnlyList<string> emails,
        int limit,
        CancellationToken cancellationToken
    ) =>
        ReadAllAsync(
            new NpgsqlBatchCommand(OpenLeadsSql)
            {
                Parameters =
                {
                    SqlParameters.Text(phone),
                    SqlParameters.TextArray(emails),
                    SqlParameters.Integer(limit),
                },
            },
            async reader => new OpenLeadMatch(
                reader.GetGuid(0),
                reader.GetGuid(1),
                reader.GetString(2),
                await reader.GetFieldValueAsync<DateTimeOffset>(3, cancellationToken),
                DuplicateKeys.MatchedBy(reader.GetString(4), reader.GetValue(5) as string, phone, emails)
            ),
            cancellationToken
        );

    public Task<IReadOnlyList<ContactClient>> FindClientsAsync(
        Guid organizationId,
        IReadOnlyCollection<string> phones,
        IReadOnlyCollection<string> emails,
        CancellationToken cancellationToken
    ) =>
        ReadAllAsync(
            new NpgsqlBatchCommand(ClientsSql)
            {
                Parameters =
                {
                    SqlParameters.Uuid(organizationId),
                    SqlParameters.TextArray([.. phones]),
                    SqlParameters.TextArray([.. emails]),
                },
            },
            reader =>
                Task.FromResult(
                    new ContactClient(reader.GetGuid(0), reader.GetString(1), reader.GetValue(2) as string)
                ),
            cancellationToken
        );

    /// <summary>A plain read of every row of one statement, on the context's connection (no transaction
    /// needed).</summary>
    private async Task<IReadOnlyList<T>> ReadAllAsync<T>(
        NpgsqlBatchCommand statement,
        Func<NpgsqlDataReader, Task<T>> row,
        CancellationToken cancellationToken
    )
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var batch = new NpgsqlBatch(connection) { BatchCommands = { statement } };
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(await row(reader));
            }

            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The statement that takes the contacts' locks.</summary>
    public static NpgsqlBatchCommand Lock(DuplicateKeys keys) => Lock(keys.LockKeys);

    private static NpgsqlBatchCommand Lock(IReadOnlyList<string> sortedKeys) =>
        new(LockSql) { Parameters = { SqlParameters.TextArray(sortedKeys) } };

    /// <summary>The statement that finds the saved original; its result is read by
    /// <see cref="ReadOriginalAsync"/>.</summary>
    public static NpgsqlBatchCommand Original(DuplicateKeys keys) =>
        new(OriginalSql) { Parameters = { SqlParameters.Text(keys.Phone), SqlParameters.TextArray(keys.Emails) } };

    public static async Task<DuplicateMatch?> ReadOriginalAsync(
        NpgsqlDataReader reader,
        DuplicateKeys keys,
        CancellationToken cancellationToken
    ) =>
        await reader.ReadAsync(cancellationToken)
            ? Match(
                reader.GetGuid(0),
                reader.GetGuid(1),
                reader.GetValue(2) as Guid?,
                reader.GetString(3),
                reader.GetValue(4) as string,
                keys
            )
            : null;

    private static DuplicateMatch Match(
        Guid leadId,
        Guid organizationId,
        Guid? responsibleUserId,
        string phone,
        string? email,
        DuplicateKeys keys
    ) => new(leadId, organizationId, responsibleUserId, keys.MatchedBy(phone, email));
}
