using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Domain.Access;
using MakCrm.Domain.Common;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Auditing;
using MakCrm.Infrastructure.Observability;
using MakCrm.Infrastructure.Persistence.RawSql;
using AmoCrmImportStatus = MakCrm.Contracts.AmoCrmImportStatus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>
/// Runs amoCRM imports (ADR 0053) with the file import's shape: claims one due import (<c>FOR UPDATE SKIP LOCKED</c>,
/// under a lease), then takes users, pipelines and custom fields (read and checked against the mapping), contacts,
/// companies and leads in that order, each list by id, <see cref="AmoCrmReader.PageSize"/> a page, the next page the
/// one amoCRM's <c>_links.next</c> names (read while the page before it is written), 204 as the empty page. Each page's
/// records, links, dead letters, its checkpoint and the renewed lease (the heartbeat) commit in one transaction; an
/// instance that dies leaves the lease to run out and the next claim resumes from the checkpoint, reading the page
/// before it again (records deleted meanwhile move later ones onto earlier pages) and passing over ids at or below the
/// last committed one. A 504 halves the page (down to 1) and the page is read again; the size returns to 250 where a
/// page of 250 starts. Then the catch-up reads contacts and leads changed since the import started (a minute's overlap)
/// and applies the new ones, and the changes of leads linked before, as the live sync applies them. A 403 (the account
/// blocked) or a refused token stops the import at once; amoCRM unavailable after the API's retries gives the lease
/// back for a later attempt.
/// </summary>
[Singleton]
public sealed partial class AmoCrmImportRunner(
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    AmoCrmApi api,
    AmoCrmRecordChanges changes,
    IOptions<AmoCrmOptions> options,
    TimeProvider clock,
    ILogger<AmoCrmImportRunner> logger
)
{
    public const string AttemptsExhausted = "amocrm_import_attempts_exhausted";
    public const string Disconnected = "amocrm_disconnected";

    /// <summary>How far before the import's start the catch-up reads, for amoCRM's clock and writes in flight.
    /// </summary>
    public static readonly TimeSpan CatchUpOverlap = TimeSpan.FromMinutes(1);

    private static readonly string Queued = EnumLiterals.Of(AmoCrmImportStatus.Queued);

    private static readonly string Claim = $"""
        UPDATE amocrm_imports
        SET status = CASE WHEN status = {Queued} THEN {EnumLiterals.Of(AmoCrmImportStatus.Running)} ELSE status END,
            lease_owner = $1, lease_expires_at = $2, started_at = COALESCE(started_at, $3),
            attempts = attempts + 1, updated_at = $3
        WHERE id = (SELECT id FROM amocrm_imports
                    WHERE status = {Queued}
                       OR (status IN ({EnumLiterals.List(AmoCrmImportStatus.Running, AmoCrmImportStatus.CatchingUp)})
                           AND lease_expires_at < $3)
                    ORDER BY created_at, id
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED)
        RETURNING id, account_id, created_by, status, started_at, attempts,
            ARRAY(SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                  WHERE ur.user_id = amocrm_imports.created_by)
        """;

    private const string Renew = """
        UPDATE amocrm_imports SET lease_expires_at = $3, rate_limit_hits = rate_limit_hits + $4, updated_at = $5
        WHERE id = $1 AND lease_owner = $2
        """;

    private const string SaveCheckpoint = """
        INSERT INTO amocrm_import_checkpoints (import_id, entity, done, last_id, page, page_size, read, created, linked,
            skipped, dead_lettered, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
        ON CONFLICT (import_id, entity) DO UPDATE
        SET done = excluded.done, last_id = excluded.last_id, page = excluded.page, page_size = excluded.page_size,
        """ + AddCounts;

    // The catch-up adds its counts and leaves the entity's position as the first pass left it.
    private const string AddCatchUpCounts = """
        INSERT INTO amocrm_import_checkpoints (import_id, entity, done, last_id, page, page_size, read, created, linked,
            skipped, dead_lettered, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
        ON CONFLICT (import_id, entity) DO UPDATE SET
        """ + AddCounts;

    private const string AddCounts = """
            read = amocrm_import_checkpoints.read + excluded.read,
            created = amocrm_import_checkpoints.created + excluded.created,
            linked = amocrm_import_checkpoints.linked + excluded.linked,
            skipped = amocrm_import_checkpoints.skipped + excluded.skipped,
            dead_lettered = amocrm_import_checkpoints.dead_lettered + excluded.dead_lettered,
            updated_at = excluded.updated_at
        """;

    private const string Finish = """
        UPDATE amocrm_imports SET status = $3, failure_code = $4, failure_detail = $5, finished_at = $6,
            lease_owner = NULL, lease_expires_at = NULL, updated_at = $6
        WHERE id = $1 AND lease_owner = $2
        """;

    private const string GiveBack = """
        UPDATE amocrm_imports SET lease_expires_at = $3, updated_at = $3 WHERE id = $1 AND lease_owner = $2
        """;

    /// <summary>Names this runner in leases: the host, the process and this object.</summary>
    public string WorkerId { get; } =
        $"{Environment.MachineName[..Math.Min(100, Environment.MachineName.Length)]}/"
        + $"{Environment.ProcessId}/{Guid.NewGuid():N}";

    private sealed record Claimed(
        Guid Id,
        long AccountId,
        Guid? CreatedBy,
        string Status,
        DateTimeOffset StartedAt,
        int Attempts,
        IReadOnlyList<string> Roles
    );

    /// <summary>A page as read: its records, whether a next page follows, the 429s met, and the page and size that
    /// were read.</summary>
    private sealed record PageRead(List<JsonObject> Records, bool More, int Hits, int Page, int Size);

    /// <summary>Where an entity's reading is: the last committed id, the page to read next at its size.</summary>
    private sealed record Position(bool Done, long? LastId, int Page, int PageSize);

    /// <summary>One run's context: the claim, the connection to amoCRM and the mapping.</summary>
    private sealed record Run(
        NpgsqlConnection Connection,
        Claimed Import,
        AmoCrmConnectionView Amo,
        StoredAmoCrmMapping Mapping,
        AmoCrmRecordImporter Importer
    );

    /// <summary>The run stopped without finishing: the lease was lost, or a test asked it to stop.</summary>
    private sealed class Interrupted : Exception;

    /// <summary>Claims and runs the next due import; <c>false</c> when there was none.</summary>
    /// <param name="stopAfterPages">Stops after this many committed pages of records without finishing or giving the
    /// claim back, as a crash would (tests).</param>
    public async Task<bool> RunNextAsync(CancellationToken cancellationToken, int? stopAfterPages = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var claimed = await ClaimAsync(connection, cancellationToken);
        if (claimed is null)
        {
            return false;
        }

        MakMetrics.LeaseTaken(nameof(AmoCrmImportWorker));
        try
        {
            await RunClaimedAsync(connection, claimed, stopAfterPages, cancellationToken);
        }
        catch (Interrupted)
        {
            // The lease was lost, or a test stopped the run as a crash would: the claim is left as it is.
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await GiveBackAsync(claimed.Id);
            throw;
        }
        finally
        {
            MakMetrics.LeaseGivenUp(nameof(AmoCrmImportWorker));
        }

        return true;
    }

    private async Task RunClaimedAsync(
        NpgsqlConnection connection,
        Claimed claimed,
        int? stopAfterPages,
        CancellationToken cancellationToken
    )
    {
        if (claimed.Attempts > options.Value.ImportMaxAttempts)
        {
            await FinishAsync(
                connection,
                claimed,
                AmoCrmImportSql.Failed,
                AttemptsExhausted,
                $"The import was claimed {options.Value.ImportMaxAttempts} times without finishing.",
                cancellationToken
            );
            return;
        }

        // The scope acts as the user who started the import, in head office: what it creates is head office's.
        await using var scope = scopes.CreateAsyncScope();
        scope
            .ServiceProvider.GetRequiredService<ActorOverride>()
            .ActAs(new OnBehalfOf(Organization.HeadOfficeId, claimed.CreatedBy, null, claimed.Roles));
        var amo = await scope.ServiceProvider.GetRequiredService<IAmoCrmAccount>().CurrentAsync(cancellationToken);
        if (amo is null || amo.AccountId != claimed.AccountId)
        {
            await FinishAsync(
                connection,
                claimed,
                AmoCrmImportSql.Stopped,
                Disconnected,
                "The amoCRM account was disconnected; connect it and start the import again to continue.",
                cancellationToken
            );
            return;
        }

        var mapping = await scope
            .ServiceProvider.GetRequiredService<IAmoCrmMappings>()
            .FindAsync(claimed.AccountId, cancellationToken);
        var run = new Run(
            connection,
            claimed,
            amo,
            mapping,
            scope.ServiceProvider.GetRequiredService<AmoCrmRecordImporter>()
        );
        try
        {
            await ImportAsync(run, stopAfterPages, cancellationToken);
        }
        catch (AmoCrmReauthRequiredException e)
        {
            LogStopped(logger, claimed.Id, e.State);
            await FinishAsync(
                connection,
                claimed,
                AmoCrmImportSql.Stopped,
                e.State == AmoCrmConnections.Blocked ? ErrorCodes.AmoCrmAccountBlocked : ErrorCodes.AmoCrmTokenRefused,
                e.Message,
                cancellationToken
            );
        }
        catch (Exception e) when (e is AmoCrmUnavailableException or AmoCrmUnexpectedAnswerException)
        {
            LogUnavailable(logger, e, claimed.Id);
            if (claimed.Attempts >= options.Value.ImportMaxAttempts)
            {
                await FinishAsync(
                    connection,
                    claimed,
                    AmoCrmImportSql.Failed,
                    ErrorCodes.AmoCrmUnreachable,
                    e.Message,
                    cancellationToken
                );
            }
            else
            {
                await GiveBackAsync(claimed.Id);
            }
        }
    }

    private async Task ImportAsync(Run run, int? stopAfterPages, CancellationToken cancellationToken)
    {
        var positions = await PositionsAsync(run.Connection, run.Import.Id, cancellationToken);
        var pages = 0;
        foreach (var stage in AmoCrmImportSql.Stages)
        {
            var position = positions.GetValueOrDefault(stage) ?? new Position(false, null, 1, AmoCrmReader.PageSize);
            if (position.Done)
            {
                continue;
            }

            if (stage is "users" or "pipelines" or "custom_fields")
            {
                await CatalogueAsync(run, stage, cancellationToken);
                continue;
            }

            // A resumed entity reads the page before its checkpoint's again: deletions may have moved records back.
            if (position.LastId is not null)
            {
                var offset = (position.Page - 1) * position.PageSize;
                position = position with
                {
                    Page = Math.Max(1, offset / AmoCrmReader.PageSize),
                    PageSize = AmoCrmReader.PageSize,
                };
            }

            // The next page is read while this one is written: amoCRM's rate and MaK's writes overlap instead of
            // adding up. The read-ahead is stopped and awaited when a commit fails, so nothing runs on after it.
            using var readAhead = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task<PageRead>? next = ReadPageAsync(run, stage, position, renewWhileHalving: true, readAhead.Token);
            try
            {
                while (next is not null)
                {
                    var read = await next;
                    var (fresh, after) = Advance(position, read);
                    next = after.Done
                        ? null
                        : ReadPageAsync(run, stage, after, renewWhileHalving: false, readAhead.Token);
                    await CommitAsync(run, stage, fresh, true, after, read.Hits, cancellationToken);
                    position = after;
                    if (++pages == stopAfterPages)
                    {
                        throw new Interrupted();
                    }
                }
            }
            finally
            {
                if (next is not null && !next.IsCompleted)
                {
                    await readAhead.CancelAsync();
                    await Task.WhenAny(next);
                }
            }
        }

        if (run.Import.Status != AmoCrmImportSql.CatchingUp)
        {
            await SetStatusAsync(run, AmoCrmImportSql.CatchingUp, cancellationToken);
        }

        var from = (run.Import.StartedAt - CatchUpOverlap).ToUnixTimeSeconds();
        foreach (var entity in new[] { AmoCrmRecordImporter.Contacts, AmoCrmRecordImporter.Leads })
        {
            var (page, size, more) = (1, AmoCrmReader.PageSize, true);
            while (more)
            {
                var read = await ReadHalvingAsync(
                    run,
                    entity,
                    (size, page) =>
                        $"api/v4/{entity}?limit={size}&page={page}"
                        + $"&filter[updated_at][from]={from.ToString(CultureInfo.InvariantCulture)}"
                        + $"&order[updated_at]=asc{With(entity)}",
                    page,
                    size,
                    cancellationToken
                );
                var known =
                    entity == AmoCrmRecordImporter.Leads
                        ? await AmoCrmRecordImporter.LinksAsync(
                            run.Connection,
                            null,
                            run.Import.AccountId,
                            entity,
                            read.Records.Select(r => AmoCrmReader.Long(r["id"])),
                            cancellationToken
                        )
                        : [];
                await CommitAsync(run, entity, read.Records, false, null, read.Hits, cancellationToken);
                await ApplyChangesAsync(run, read.Records, known, cancellationToken);
                more = read.More;
                (page, size) = After(read.Page, read.Size);
            }
        }

        await FinishAsync(run.Connection, run.Import, AmoCrmImportSql.Succeeded, null, null, cancellationToken);
    }

    /// <summary>
    /// The catch-up's leads that were linked before its page, brought up to date as the live sync brings them
    /// (<see cref="AmoCrmRecordChanges"/>: a transaction for the leads one amoCRM user changed, acting as that user, by
    /// the fields' declared directions, conflicts recorded); one MaK refuses is a dead letter of the import naming the
    /// field, whose retry applies it again.
    /// </summary>
    private async Task ApplyChangesAsync(
        Run run,
        IReadOnlyList<JsonObject> records,
        Dictionary<long, Guid> known,
        CancellationToken cancellationToken
    )
    {
        var linked = records
            .Select(r => (Record: r, AmoId: AmoCrmReader.Long(r["id"])))
            .Where(r => known.ContainsKey(r.AmoId))
            .ToDictionary(r => r.AmoId, r => r.Record);
        var applied = await changes.ApplyLeadsAsync(
            run.Import.AccountId,
            run.Mapping,
            [.. linked.Select(r => (known[r.Key], r.Value))],
            cancellationToken
        );
        var refused = new AmoCrmPageOutcome();
        foreach (var (amoId, error) in applied.Refused)
        {
            refused.DeadLetters.Add(AmoCrmRecordImporter.Refused(linked[amoId], amoId, error));
        }

        if (refused.DeadLetters.Count > 0)
        {
            await CommitAsync(run, AmoCrmRecordImporter.Leads, [], false, null, 0, cancellationToken, refused);
        }
    }

    /// <summary>A page of <paramref name="entity"/> read by id from <paramref name="position"/>.</summary>
    /// <param name="renewWhileHalving">Renews the lease between the reads of a halved page; a read-ahead leaves that to
    /// the commit running beside it on the same connection.</param>
    private Task<PageRead> ReadPageAsync(
        Run run,
        string entity,
        Position position,
        bool renewWhileHalving,
        CancellationToken cancellationToken
    ) =>
        ReadHalvingAsync(
            run,
            entity,
            (size, page) => $"api/v4/{entity}?limit={size}&page={page}&order[id]=asc{With(entity)}",
            position.Page,
            position.PageSize,
            cancellationToken,
            renewWhileHalving
        );

    /// <summary>The records of a page read from <paramref name="position"/> that are after its last committed id,
    /// and the position after the page.</summary>
    private static (List<JsonObject> Fresh, Position After) Advance(Position position, PageRead read)
    {
        var fresh = read.Records.Where(r => AmoCrmReader.Long(r["id"]) > (position.LastId ?? 0)).ToList();
        var lastId = fresh.Count > 0 ? fresh.Max(r => AmoCrmReader.Long(r["id"])) : position.LastId;
        var (nextPage, nextSize) = After(read.Page, read.Size);
        return (
            fresh,
            read.More
                ? new Position(false, lastId, nextPage, nextSize)
                : new Position(true, lastId, read.Page, read.Size)
        );
    }

    /// <summary>
    /// A page of <paramref name="entity"/> at <paramref name="page"/> of <paramref name="size"/>: on a 504 amoCRM asks
    /// for less, and the same records are read again at half the size (down to one).
    /// </summary>
    private async Task<PageRead> ReadHalvingAsync(
        Run run,
        string entity,
        Func<int, int, string> path,
        int page,
        int size,
        CancellationToken cancellationToken,
        bool renewWhileHalving = true
    )
    {
        var hits = 0;
        while (true)
        {
            var (records, next, pageHits) = await ReadAsync(run, path(size, page), entity, true, cancellationToken);
            hits += pageHits;
            if (records is not null)
            {
                return new PageRead(records, next is not null, hits, page, size);
            }

            if (size == 1)
            {
                throw new AmoCrmUnavailableException($"amoCRM answered 504 to a page of one {entity}.");
            }

            var offset = (page - 1) * size;
            size = Math.Max(1, size / 2);
            page = (offset / size) + 1;
            if (renewWhileHalving)
            {
                await RenewAsync(run, 0, cancellationToken);
            }
        }
    }

    /// <summary>The page after <paramref name="page"/> of <paramref name="size"/>: at the largest size again when it
    /// starts where a page of that size does, else at the size that worked (amoCRM pages by number).</summary>
    private static (int Page, int Size) After(int page, int size) =>
        page * size % AmoCrmReader.PageSize == 0
            ? ((page * size / AmoCrmReader.PageSize) + 1, AmoCrmReader.PageSize)
            : (page + 1, size);

    /// <summary>Users, pipelines or custom fields read whole and checked against the mapping: what the mapping
    /// names counts as linked, the rest as skipped. Nothing of MaK's is created from them.</summary>
    private async Task CatalogueAsync(Run run, string stage, CancellationToken cancellationToken)
    {
        var outcome = new AmoCrmPageOutcome();
        var hits = 0;
        var lists = stage switch
        {
            "users" => new[] { ("api/v4/users", "users") },
            "pipelines" => [("api/v4/leads/pipelines", "pipelines")],
            _ => [("api/v4/leads/custom_fields", "custom_fields"), ("api/v4/contacts/custom_fields", "custom_fields")],
        };
        foreach (var (path, embedded) in lists)
        {
            for (var page = 1; page > 0; )
            {
                var (items, next, pageHits) = await ReadAsync(
                    run,
                    $"{path}?limit={AmoCrmReader.PageSize}&page={page}",
                    embedded,
                    false,
                    cancellationToken
                );
                hits += pageHits;
                foreach (var item in items!)
                {
                    var mapped = stage switch
                    {
                        "users" => run.Mapping.Users.Select(u => u.AmoUserId),
                        "pipelines" => run.Mapping.Statuses.Select(s => s.AmoPipelineId),
                        _ => run.Mapping.Fields.Select(f => f.AmoFieldId),
                    };
                    outcome.Read++;
                    if (mapped.Contains(AmoCrmReader.Long(item["id"])))
                    {
                        outcome.Linked++;
                    }
                    else
                    {
                        outcome.Skipped++;
                    }
                }

                page = next ?? 0;
            }
        }

        await CommitAsync(
            run,
            stage,
            [],
            true,
            new Position(true, null, 1, AmoCrmReader.PageSize),
            hits,
            cancellationToken,
            outcome
        );
    }

    private static string With(string entity) => entity == AmoCrmRecordImporter.Leads ? "&with=contacts" : "";

    /// <summary>A page of <paramref name="embedded"/>: its records (null after a 504 when
    /// <paramref name="halveOn504"/>), the next page's number (null on the last) and the 429s met.</summary>
    private async Task<(List<JsonObject>? Records, int? Next, int Hits)> ReadAsync(
        Run run,
        string pathAndQuery,
        string embedded,
        bool halveOn504,
        CancellationToken cancellationToken
    )
    {
        var answer = await api.GetAsync(
            run.Amo.Id,
            run.Amo.AccountId,
            new Uri(run.Amo.BaseUrl),
            pathAndQuery,
            cancellationToken,
            gatewayTimeoutToCaller: halveOn504
        );
        switch (answer.Status)
        {
            case HttpStatusCode.NoContent:
                return ([], null, answer.RateLimited);
            case HttpStatusCode.GatewayTimeout:
                return (null, null, answer.RateLimited);
            case HttpStatusCode.OK when (answer.Body?["_embedded"]?[embedded]) is JsonArray items:
                return ([.. items.OfType<JsonObject>()], NextPage(answer.Body), answer.RateLimited);
            default:
                throw new AmoCrmUnexpectedAnswerException($"amoCRM answered {(int)answer.Status} to {pathAndQuery}");
        }
    }

    /// <summary>The page amoCRM's <c>_links.next</c> names; null when there is none (the last page).</summary>
    private static int? NextPage(JsonNode body)
    {
        if (AmoCrmReader.Text(body["_links"]?["next"]?["href"]) is not { } href
            || !Uri.TryCreate(href, UriKind.Absolute, out var url))
        {
            return null;
        }

        var page = System.Web.HttpUtility.ParseQueryString(url.Query)["page"];
        return int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    /// <summary>
    /// The page's records applied, with their links, dead letters, the entity's checkpoint (its counts added; its
    /// position set unless <paramref name="position"/> is null, as in the catch-up) and the renewed lease, in one
    /// transaction. A lost lease rolls it all back and stops the run.
    /// </summary>
    private async Task CommitAsync(
        Run run,
        string entity,
        IReadOnlyList<JsonObject> records,
        bool countKnown,
        Position? position,
        int hits,
        CancellationToken cancellationToken,
        AmoCrmPageOutcome? counted = null
    )
    {
        var connection = run.Connection;
        var current = position ?? new Position(true, null, 1, AmoCrmReader.PageSize);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // As the file import: the import grows clients and leads faster than autovacuum re-analyzes them, so each
        // statement of the page is planned for its parameters, in this transaction only.
        await using (var customPlans = new NpgsqlCommand(ImportStatements.UseCustomPlans, connection, transaction))
        {
            await customPlans.ExecuteNonQueryAsync(cancellationToken);
        }

        var outcome =
            counted
            ?? (
                records.Count == 0
                    ? new AmoCrmPageOutcome()
                    : await run.Importer.ApplyAsync(
                        connection,
                        transaction,
                        run.Import.AccountId,
                        run.Mapping,
                        entity,
                        records,
                        countKnown,
                        cancellationToken
                    )
            );
        var now = clock.GetUtcNow();
        await AmoCrmImportSql.WriteLinksAsync(
            connection,
            transaction,
            run.Import.AccountId,
            run.Import.Id,
            outcome.Links,
            now,
            cancellationToken
        );
        // A record the catch-up meets again updates its letter and is counted once.
        var letters = await AmoCrmImportSql.WriteDeadLettersAsync(
            connection,
            transaction,
            run.Import.Id,
            outcome.DeadLetters,
            now,
            cancellationToken
        );
        await using (
            var checkpoint = new NpgsqlCommand(
                position is null ? AddCatchUpCounts : SaveCheckpoint,
                connection,
                transaction
            )
        )
        {
            checkpoint.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = run.Import.Id });
            checkpoint.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entity });
            checkpoint.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = current.Done });
            checkpoint.Parameters.Add(
                new NpgsqlParameter
                {
                    Value = (object?)current.LastId ?? DBNull.Value,
                    NpgsqlDbType = NpgsqlDbType.Bigint,
                }
            );
            checkpoint.Parameters.Add(new NpgsqlParameter<int> { TypedValue = current.Page });
            checkpoint.Parameters.Add(new NpgsqlParameter<int> { TypedValue = current.PageSize });
            foreach (var count in new[]
                     {
                         outcome.Read, outcome.Created, outcome.Linked, outcome.Skipped, letters,
                     })
            {
                checkpoint.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
            }

            checkpoint.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });

            await checkpoint.ExecuteNonQueryAsync(cancellationToken);
        }

        if (!await RenewAsync(run, hits, cancellationToken, transaction))
        {
            await transaction.RollbackAsync(cancellationToken);
            LogLeaseLost(logger, run.Import.Id);
            throw new Interrupted();
        }

        await transaction.CommitAsync(cancellationToken);
        MakMetrics.WorkerSucceeded(nameof(AmoCrmImportWorker), options.Value.ImportPollInterval, clock);
    }

    /// <summary>Renews the lease and adds the 429s met; <c>false</c> when another instance holds it now.</summary>
    private async Task<bool> RenewAsync(
        Run run,
        int hits,
        CancellationToken cancellationToken,
        NpgsqlTransaction? transaction = null
    )
    {
        var now = clock.GetUtcNow();
        await using var renew = new NpgsqlCommand(Renew, run.Connection, transaction);
        renew.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = run.Import.Id });
        renew.Parameters.Add(new NpgsqlParameter<string> { TypedValue = WorkerId });
        renew.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now + options.Value.ImportLease });
        renew.Parameters.Add(new NpgsqlParameter<int> { TypedValue = hits });
        renew.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        return await renew.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task SetStatusAsync(Run run, string status, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE amocrm_imports SET status = $3 WHERE id = $1 AND lease_owner = $2",
            run.Connection
        );
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = run.Import.Id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = WorkerId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status });
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new Interrupted();
        }
    }

    private async Task<Claimed?> ClaimAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var command = new NpgsqlCommand(Claim, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = WorkerId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now + options.Value.ImportLease });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new Claimed(
            reader.GetGuid(0),
            reader.GetInt64(1),
            await reader.IsDBNullAsync(2, cancellationToken) ? null : reader.GetGuid(2),
            reader.GetString(3),
            await reader.GetFieldValueAsync<DateTimeOffset>(4, cancellationToken),
            reader.GetInt32(5),
            await reader.GetFieldValueAsync<string[]>(6, cancellationToken) is { Length: > 0 } roles
                ? roles
                : [Roles.OfOrganization(OrganizationKind.HeadOffice)]
        );
    }

    private static async Task<Dictionary<string, Position>> PositionsAsync(
        NpgsqlConnection connection,
        Guid id,
        CancellationToken cancellationToken
    )
    {
        var positions = new Dictionary<string, Position>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand(
            "SELECT entity, done, last_id, page, page_size FROM amocrm_import_checkpoints WHERE import_id = $1",
            connection
        );
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            positions[reader.GetString(0)] = new Position(
                reader.GetBoolean(1),
                await reader.IsDBNullAsync(2, cancellationToken) ? null : reader.GetInt64(2),
                reader.GetInt32(3),
                reader.GetInt32(4)
            );
        }

        return positions;
    }

    /// <summary>Ends the import with its audit line (the counts of every entity), together.</summary>
    private async Task FinishAsync(
        NpgsqlConnection connection,
        Claimed claimed,
        string status,
        string? failureCode,
        string? failureDetail,
        CancellationToken cancellationToken
    )
    {
        var now = clock.GetUtcNow();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var finish = new NpgsqlCommand(Finish, connection, transaction))
        {
            finish.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = claimed.Id });
            finish.Parameters.Add(new NpgsqlParameter<string> { TypedValue = WorkerId });
            finish.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status });
            finish.Parameters.Add(
                new NpgsqlParameter { Value = (object?)failureCode ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text }
            );
            finish.Parameters.Add(
                new NpgsqlParameter
                {
                    Value = failureDetail is null ? DBNull.Value : AmoCrmImportSql.Clip(failureDetail, 2000),
                    NpgsqlDbType = NpgsqlDbType.Text,
                }
            );
            finish.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            if (await finish.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return;
            }
        }

        var import = await AmoCrmImportSql.ReadImportAsync(connection, claimed.Id, cancellationToken);
        await AuditEventInserts.WriteAsync(
            connection,
            [
                AuditTrail.OfWorker(
                    "amocrm.import_finished",
                    claimed.CreatedBy,
                    Organization.HeadOfficeId,
                    "amocrm_import",
                    claimed.Id,
                    JsonSerializer.Serialize(
                        new
                        {
                            actor = "amoCRM sync",
                            status,
                            failure_code = failureCode,
                            rate_limit_hits = import.RateLimitHits,
                            counts = import.Checkpoints.ToDictionary(
                                c => SnakeCaseNames.Of(c.Entity),
                                c => new { c.Created, c.Linked, c.Skipped, dead_lettered = c.DeadLettered }
                            ),
                        }
                    ),
                    now
                ),
            ],
            cancellationToken
        );
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Gives the lease back on a connection of its own, so another claim resumes at once; a failure
    /// leaves the lease to run out, as a crash would.</summary>
    private async Task GiveBackAsync(Guid id)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
            await using var command = new NpgsqlCommand(GiveBack, connection);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = WorkerId });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (NpgsqlException ex)
        {
            LogGiveBackFailed(logger, ex, id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "amoCRM import {ImportId}: stopped, the connection is {State}.")]
    private static partial void LogStopped(ILogger logger, Guid importId, string state);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "amoCRM import {ImportId}: amoCRM is unavailable; the import resumes from its checkpoints."
    )]
    private static partial void LogUnavailable(ILogger logger, Exception exception, Guid importId);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "amoCRM import {ImportId}: the lease was lost to another instance; this run stops."
    )]
    private static partial void LogLeaseLost(ILogger logger, Guid importId);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "amoCRM import {ImportId}: its lease could not be given back and runs out."
    )]
    private static partial void LogGiveBackFailed(ILogger logger, Exception exception, Guid importId);
}
