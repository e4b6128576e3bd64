using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MakCrm.Domain.Clients;
using MakCrm.Infrastructure.Idempotency;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Bench;

/// <summary>
/// The baseline of the lead benchmark: the least code that does the database work of
/// <c>POST /api/v1/lead-submissions</c> — a minimal ASP.NET Core endpoint in a process of its own (Kestrel on 127.0.0.1,
/// no auth, no logging), raw Npgsql, one transaction: the status read with a share lock, the source, the advisory locks
/// on the contacts (the same keys as the API's DuplicateGuard, sorted), the caller's client by phone, the earliest open
/// lead with that phone or e-mail, then one batch of inserts: the client if new, the lead, its history rows, the
/// notification when it is a duplicate, the audit events the API's interceptor writes for the new client and lead, and
/// the rows of the events the API raises (client.created, lead.created, lead.duplicate_detected) with the actor's name.
/// </summary>
internal static class BaselineServer
{
    public const string Path = "/baseline/lead-submissions";

    /// <summary>The command line's word that makes this program the lead baseline's server (<see cref="ServeAsync"/>).</summary>
    public const string Command = "serve-leads-baseline";

    /// <summary>The baseline in a process of its own (<see cref="BaselineProcess"/>); the partner on its standard input.</summary>
    public static Task<ServerProcess> StartAsync(
        BenchOptions options,
        string databaseConnection,
        Partner partner,
        CancellationToken cancellationToken
    ) => BaselineProcess.StartAsync(options, "lead baseline", Command, databaseConnection, partner, cancellationToken);

    public static Task<int> ServeAsync(string[] args) =>
        BaselineProcess.ServeAsync<Partner>(
            args,
            async (dataSource, partner, app) =>
            {
                var handler = new BaselineLeadSubmission(
                    dataSource,
                    partner,
                    await LeadSchema.ReadAsync(dataSource, CancellationToken.None)
                );
                app.MapPost(Path, handler.HandleAsync);
            }
        );
}

/// <summary>Columns that feat/duplicates adds (the duplicate's original): written when the schema has them.</summary>
internal sealed record LeadSchema(bool HasDuplicateOf)
{
    public static async Task<LeadSchema> ReadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'leads' AND column_name = "
                + "'duplicate_of_lead_id'"
        );
        return new LeadSchema((long)(await command.ExecuteScalarAsync(cancellationToken))! > 0);
    }
}

internal sealed record BaselineSubmission(
    string? FullName,
    string? Phone,
    string? Email,
    string? City,
    string? Source,
    decimal? RequestedAmount,
    string? Product,
    string? Comment,
    string? Status
);

/// <param name="created">Told of each lead.created once it has committed (the events baseline delivers it).</param>
internal sealed class BaselineLeadSubmission(
    NpgsqlDataSource dataSource,
    Partner partner,
    LeadSchema schema,
    Action<LeadCreated>? created = null
)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // The API's JSON for resources (events carry them as the API answers): Cyrillic unescaped.
    private static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // The API's query (DuplicateGuard.FindOriginalAsync): from the contacts' clients to their open leads, each step
    // materialized so that the plan does not depend on the statistics of the new database.
    private const string FindOriginal = """
        WITH contact_clients AS MATERIALIZED (
            SELECT id, phone, email, deleted_at FROM clients WHERE phone = $1 OR email = ANY($2)
        ), open_leads AS MATERIALIZED (
            SELECT l.id, l.organization_id, l.responsible_user_id, l.created_at
            FROM contact_clients c JOIN leads l ON l.client_id = c.id
            WHERE c.deleted_at IS NULL AND l.deleted_at IS NULL
              AND l.status IN (SELECT code FROM lead_statuses WHERE deleted_at IS NULL AND kind IN ('open', 'auction'))
        )
        SELECT id, organization_id, responsible_user_id FROM open_leads ORDER BY created_at, id LIMIT 1
        """;

    // The API's statement (EventInserts, which EventOutbox sends): every event of the transaction in one INSERT, in the
    // order raised. A statement trigger on events notifies mak_events_raised as the transaction commits, on both sides.
    private const string InsertEvents = MakCrm.Infrastructure.Events.EventInserts.Insert;

    private const string HeadOfficeRecipients = """
        SELECT DISTINCT u.id, u.organization_id
        FROM users u
        JOIN organizations o ON o.id = u.organization_id AND o.kind = 'head_office'
        JOIN user_roles ur ON ur.user_id = u.id
        JOIN role_permissions rp ON rp.role_id = ur.role_id AND rp.permission = 'leads.read.all'
        WHERE NOT u.is_disabled
        """;

    // The API's key store: with a key, it is claimed as the transaction begins and the answer stored with the commit.
    private readonly IdempotencyStore _keys = BaselineKeys.Store(dataSource);

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var bytes = await BaselineKeys.ReadBodyAsync(request, cancellationToken);
        var body = JsonSerializer.Deserialize<BaselineSubmission>(bytes, Json);
        if (
            body is not { FullName.Length: > 0, Source.Length: > 0, RequestedAmount: > 0, Product.Length: > 0 }
            || !PhoneNumber.TryParse(body.Phone, out var phone)
        )
        {
            return Results.BadRequest();
        }

        EmailAddress? email = null;
        if (!string.IsNullOrWhiteSpace(body.Email) && !EmailAddress.TryParse(body.Email, out email))
        {
            return Results.BadRequest();
        }

        var status = body.Status ?? "new";
        var now = Microseconds(DateTimeOffset.UtcNow);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var idempotencyKey = BaselineKeys.Of(request, bytes, partner.UserId);
        if (
            idempotencyKey is not null
            && await _keys.ClaimAsync(connection, transaction, idempotencyKey, cancellationToken) is not null
        )
        {
            return Results.Conflict();
        }

        if (
            await ScalarAsync(
                connection,
                "SELECT 1 FROM lead_statuses WHERE code = $1 AND deleted_at IS NULL FOR SHARE",
                cancellationToken,
                status
            )
            is null
        )
        {
            return Results.BadRequest();
        }

        if (
            await ScalarAsync(
                connection,
                "SELECT active FROM client_sources WHERE code = $1 AND deleted_at IS NULL",
                cancellationToken,
                body.Source
            )
            is not true
        )
        {
            return Results.BadRequest();
        }

        string[] emails = email is null ? [] : [email.Value];
        await using (var locks = new NpgsqlBatch(connection))
        {
            var keys = emails
                .Select(e => "lead-contact:email:" + e)
                .Append("lead-contact:phone:" + phone.Value)
                .Order(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                locks.BatchCommands.Add(
                    new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                    {
                        Parameters = { new() { Value = key } },
                    }
                );
            }

            await locks.ExecuteNonQueryAsync(cancellationToken);
        }

        // The API's statement (ClientRepository.FindByPhoneAsync as EF Core sends it): the share lock in a subquery without
        // the deleted_at condition, so that no partial index on (organization_id, created_at) can serve it and the plan
        // starts from the phone index whatever the statistics say. The flat "... AND deleted_at IS NULL ORDER BY
        // created_at, id LIMIT 1" form let PostgreSQL walk the organization's clients in created_at order on a new
        // database (5-7 ms per lookup in pg_stat_statements), which made the baseline's throughput vary 2.5x between runs.
        // With it, in the same round trip, the actor's display name, which the API's event outbox looks up for the events' actor.
        (Guid Id, string FullName, string Phone)? existingClient = null;
        string actorName;
        await using (var lookups = new NpgsqlBatch(connection))
        {
            lookups.BatchCommands.Add(
                Command(
                    "SELECT c.id, c.full_name, c.phone FROM (SELECT * FROM clients WHERE organization_id = $1 AND "
                        + "phone = $2 FOR SHARE) c WHERE c.deleted_at IS NULL ORDER BY c.created_at, c.id LIMIT 1",
                    partner.OrganizationId,
                    phone.Value
                )
            );
            lookups.BatchCommands.Add(
                Command(
                    $"SELECT {MakCrm.Infrastructure.Identity.UserDisplayNames.Sql("u")} FROM users u WHERE u.id = $1",
                    partner.UserId
                )
            );
            await using var reader = await lookups.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                existingClient = (reader.GetGuid(0), reader.GetString(1), reader.GetString(2));
            }

            await reader.NextResultAsync(cancellationToken);
            actorName = await reader.ReadAsync(cancellationToken) ? reader.GetString(0) : "";
        }

        (Guid Id, Guid OrganizationId, Guid? ResponsibleUserId)? original = null;
        await using (
            var find = new NpgsqlCommand(FindOriginal, connection)
            {
                Parameters =
                {
                    new() { Value = phone.Value },
                    new() { Value = emails },
                },
            }
        )
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                original = (
                    reader.GetGuid(0),
                    reader.GetGuid(1),
                    await reader.IsDBNullAsync(2, cancellationToken) ? null : reader.GetGuid(2)
                );
            }
        }

        var recipients = original is { } o
            ? await RecipientsAsync(connection, o.ResponsibleUserId, cancellationToken)
            : [];

        var clientId = existingClient?.Id ?? Guid.CreateVersion7(now);
        var leadId = Guid.CreateVersion7(now);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        LeadCreated raised;
        await using (var inserts = new NpgsqlBatch(connection))
        {
            if (existingClient is null)
            {
                inserts.BatchCommands.Add(
                    Command(
                        "INSERT INTO clients (id, organization_id, full_name, phone, email, city, source, "
                            + "created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, 1)",
                        clientId,
                        partner.OrganizationId,
                        body.FullName.Trim(),
                        phone.Value,
                        (object?)email?.Value ?? DBNull.Value,
                        (object?)body.City?.Trim() ?? DBNull.Value,
                        body.Source,
                        now
                    )
                );
                inserts.BatchCommands.Add(
                    Audit(
                        now,
                        traceId,
                        "client",
                        clientId,
                        new Dictionary<string, object?>
                        {
                            ["id"] = clientId,
                            ["organizationId"] = partner.OrganizationId,
                            ["fullName"] = body.FullName.Trim(),
                            ["phone"] = phone.Value,
                            ["email"] = email?.Value,
                            ["city"] = body.City?.Trim(),
                            ["source"] = body.Source,
                            ["processingMethod"] = null,
                            ["tags"] = Array.Empty<string>(),
                            ["consentGivenAt"] = null,
                            ["consentTextVersion"] = null,
                            ["consentWithdrawnAt"] = null,
                            ["deletedAt"] = null,
                        }
                    )
                );
            }

            var amount = decimal.Round(body.RequestedAmount.Value, 2);
            var comment = string.IsNullOrWhiteSpace(body.Comment) ? null : body.Comment.Trim();
            inserts.BatchCommands.Add(
                schema.HasDuplicateOf
                    ? Command(
                        "INSERT INTO leads (id, client_id, organization_id, requested_amount, product, comment, "
                            + "status, duplicate_of_lead_id, created_at, updated_at, version) "
                            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, 1)",
                        leadId,
                        clientId,
                        partner.OrganizationId,
                        amount,
                        body.Product,
                        (object?)comment ?? DBNull.Value,
                        status,
                        (object?)original?.Id ?? DBNull.Value,
                        now
                    )
                    : Command(
                        "INSERT INTO leads (id, client_id, organization_id, requested_amount, product, comment, "
                            + "status, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, 1)",
                        leadId,
                        clientId,
                        partner.OrganizationId,
                        amount,
                        body.Product,
                        (object?)comment ?? DBNull.Value,
                        status,
                        now
                    )
            );
            var leadValues = new Dictionary<string, object?>
            {
                ["id"] = leadId,
                ["clientId"] = clientId,
                ["organizationId"] = partner.OrganizationId,
                ["requestedAmount"] = amount,
                ["product"] = body.Product,
                ["comment"] = comment,
                ["status"] = status,
                ["responsibleUserId"] = null,
                ["deletedAt"] = null,
            };
            if (schema.HasDuplicateOf)
            {
                leadValues["duplicateOf"] = original?.Id;
            }

            inserts.BatchCommands.Add(Audit(now, traceId, "lead", leadId, leadValues));

            var history = new List<(string Field, string? Value)>
            {
                ("status", status),
                ("requestedAmount", amount.ToString("0.00", CultureInfo.InvariantCulture)),
            };
            if (comment is not null)
            {
                history.Add(("comment", comment));
            }

            if (original is { } duplicateOf)
            {
                history.Add(("duplicateOf", duplicateOf.Id.ToString()));
            }

            foreach (var (field, value) in history)
            {
                inserts.BatchCommands.Add(
                    Command(
                        "INSERT INTO lead_history (id, lead_id, at, actor_user_id, field, new_value) VALUES ($1, $2, "
                            + "$3, $4, $5, $6)",
                        Guid.CreateVersion7(now),
                        leadId,
                        now,
                        partner.UserId,
                        field,
                        value!
                    )
                );
            }

            foreach (var (recipientId, recipientOrganization) in recipients.Where(r => r.Id != partner.UserId))
            {
                inserts.BatchCommands.Add(
                    Command(
                        "INSERT INTO notifications (id, recipient_user_id, organization_id, kind, title, body, "
                            + "subject_type, subject_id, created_at) "
                            + "VALUES ($1, $2, $3, 'lead_duplicate', $4, $5, 'lead', $6, $7)",
                        Guid.CreateVersion7(now),
                        recipientId,
                        recipientOrganization,
                        "Повторная заявка по открытому лиду",
                        $"Новый лид {leadId} совпадает с лидом {original!.Value.Id} по телефону.",
                        original.Value.Id,
                        now
                    )
                );
            }

            // The events the API raises for a submission (client.created for a new client, lead.created, and
            // lead.duplicate_detected for a duplicate), with the API's statement and each resource as the API answers it.
            var events = new List<(string Type, string ResourceType, Guid ResourceId, string Data)>();
            if (existingClient is null)
            {
                events.Add(
                    (
                        "client.created",
                        "client",
                        clientId,
                        JsonSerializer.Serialize(
                            new
                            {
                                id = clientId,
                                organizationId = partner.OrganizationId,
                                fullName = body.FullName.Trim(),
                                phone = phone.Value,
                                email = email?.Value,
                                city = body.City?.Trim(),
                                source = body.Source,
                                processingMethod = (string?)null,
                                tags = Array.Empty<string>(),
                                consent = (object?)null,
                                createdAt = now,
                                updatedAt = now,
                                externalRef = (string?)null,
                                attribution = (object?)null,
                                metadata = new Dictionary<string, string>(),
                                version = 1,
                            },
                            EventJson
                        )
                    )
                );
            }

            var leadJson = JsonSerializer.Serialize(
                new
                {
                    id = leadId,
                    clientId,
                    organizationId = partner.OrganizationId,
                    requestedAmount = amount,
                    product = body.Product,
                    comment,
                    status,
                    responsibleUserId = (Guid?)null,
                    responsibleUser = (object?)null,
                    duplicateOf = original?.Id,
                    createdAt = now,
                    updatedAt = now,
                    externalRef = (string?)null,
                    attribution = (object?)null,
                    metadata = new Dictionary<string, string>(),
                    consent = (object?)null,
                    version = 1,
                    client = new
                    {
                        id = clientId,
                        name = existingClient?.FullName ?? body.FullName.Trim(),
                        phone = existingClient?.Phone ?? phone.Value,
                    },
                },
                EventJson
            );
            events.Add(("lead.created", "lead", leadId, leadJson));
            if (original is not null)
            {
                events.Add(("lead.duplicate_detected", "lead", leadId, leadJson));
            }

            var eventIds = events.Select(_ => Guid.CreateVersion7(now)).ToArray();
            var leadCreatedId = eventIds[events.FindIndex(e => e.Type == "lead.created")];
            raised = new LeadCreated(leadCreatedId, now, leadId, leadJson, actorName);
            var insertEvents = new NpgsqlBatchCommand(InsertEvents);
            insertEvents.Parameters.Add(ArrayOf(NpgsqlDbType.Uuid, eventIds));
            insertEvents.Parameters.Add(ArrayOf(NpgsqlDbType.Text, events.Select(e => e.Type).ToArray()));
            insertEvents.Parameters.Add(ArrayOf(NpgsqlDbType.TimestampTz, events.Select(_ => now).ToArray()));
            insertEvents.Parameters.Add(
                ArrayOf(NpgsqlDbType.Uuid, events.Select(_ => partner.OrganizationId).ToArray())
            );
            insertEvents.Parameters.Add(ArrayOf(NpgsqlDbType.Uuid, events.Select(_ => partner.UserId).ToArray()));
            insertEvents.Parameters.Add(ArrayOf(NpgsqlDbType.Text, events.Select(_ => (string?)null).ToArray()));
            insertEvents.Parameters.Add(ArrayOf(NpgsqlDbType.Text, events.Select(_ => actorName).ToArray()));
            insertEvents.Parameters.Add(ArrayOf(NpgsqlDbType.Text, events.Select(e => e.ResourceType).ToArray()));
            insertEvents.Parameters.Add(ArrayOf(NpgsqlDbType.Uuid, events.Select(e => e.ResourceId).ToArray()));
            insertEvents.Parameters.Add(ArrayOf(NpgsqlDbType.Text, events.Select(e => e.Data).ToArray()));
            inserts.BatchCommands.Add(insertEvents);

            await inserts.ExecuteNonQueryAsync(cancellationToken);
        }

        var answer = JsonSerializer.SerializeToUtf8Bytes(
            new
            {
                id = leadId,
                clientId,
                duplicateOf = original?.Id,
            },
            Json
        );
        if (idempotencyKey is null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            await _keys.CommitWithAnswerAsync(
                transaction,
                idempotencyKey,
                StatusCodes.Status201Created,
                AnswerHeaders,
                answer,
                cancellationToken
            );
        }

        created?.Invoke(raised);
        var response = request.HttpContext.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.ContentType = "application/json";
        response.ContentLength = answer.Length;
        await response.Body.WriteAsync(answer, cancellationToken);
        return Results.Empty;
    }

    private static readonly Dictionary<string, string> AnswerHeaders = new() { ["Content-Type"] = "application/json" };

    private static NpgsqlParameter ArrayOf<T>(NpgsqlDbType type, T[] values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | type, Value = values };

    private static async Task<List<(Guid Id, Guid OrganizationId)>> RecipientsAsync(
        NpgsqlConnection connection,
        Guid? responsibleUserId,
        CancellationToken cancellationToken
    )
    {
        var recipients = new List<(Guid, Guid)>();
        if (responsibleUserId is { } id)
        {
            await using var manager = new NpgsqlCommand(
                "SELECT id, organization_id FROM users WHERE id = $1 AND NOT is_disabled",
                connection
            )
            {
                Parameters = { new() { Value = id } },
            };
            await using var reader = await manager.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                recipients.Add((reader.GetGuid(0), reader.GetGuid(1)));
            }
        }

        if (recipients.Count == 0)
        {
            await using var headOffice = new NpgsqlCommand(HeadOfficeRecipients, connection);
            await using var reader = await headOffice.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                recipients.Add((reader.GetGuid(0), reader.GetGuid(1)));
            }
        }

        return recipients;
    }

    private NpgsqlBatchCommand Audit(
        DateTimeOffset now,
        string traceId,
        string entityType,
        Guid entityId,
        Dictionary<string, object?> values
    )
    {
        var changes = JsonSerializer.Serialize(values.ToDictionary(v => v.Key, v => new { after = v.Value }), Json);
        var command = Command(
            "INSERT INTO audit_events (id, occurred_at, kind, action, actor_user_id, organization_id, entity_type, entity_id, changes, ip_address, trace_id) VALUES ($1, $2, 'data', $3, $4, $5, $6, $7, $8, '127.0.0.1', $9)",
            Guid.CreateVersion7(now),
            now,
            entityType + ".created",
            partner.UserId,
            partner.OrganizationId,
            entityType,
            entityId,
            changes,
            traceId
        );
        command.Parameters[7].NpgsqlDbType = NpgsqlDbType.Jsonb;
        return command;
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private static async Task<object?> ScalarAsync(
        NpgsqlConnection connection,
        string sql,
        CancellationToken cancellationToken,
        params object[] values
    )
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static DateTimeOffset Microseconds(DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % 10), TimeSpan.Zero);
}

/// <summary>A lead.created the lead baseline committed: its id, time, lead (as JSON) and actor's name.</summary>
internal sealed record LeadCreated(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid LeadId,
    string LeadJson,
    string ActorName
);
