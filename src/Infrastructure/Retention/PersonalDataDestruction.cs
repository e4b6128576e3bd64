using System.Text.Json;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Storage;
using MakCrm.Domain.Common;
using MakCrm.Domain.Consents;
using MakCrm.Domain.Organizations;
using MakCrm.Domain.Retention;
using MakCrm.Infrastructure.Auditing;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.RawSql;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.Retention;

/// <summary>
/// Destroys a subject's personal data in every copy the database holds, in the round's transaction, with raw
/// statements over the subject's records (a client: its leads, their comments, history, tasks, notifications and
/// documents, its consents' scans). The rows that the ledgers or the law keep (the client and lead rows that lots,
/// ledger and commission entries refer to) are anonymised and soft-deleted; the copies that only repeat the data are
/// deleted or stripped: the event feed's payloads, the audit log's values (the append-only guard lets this one
/// statement through, ADR 0064), stored idempotency answers, webhook delivery bodies and the receivers' answers, the
/// mail outbox and the read log. The document store's files go once the transaction commits. The destruction itself is
/// written to the audit log (<c>personal_data.destroyed</c>), without the destroyed data.
/// </summary>
internal sealed class PersonalDataDestruction(
    MakCrmDbContext db,
    IDocumentStorage storage,
    IUnitOfWork unitOfWork,
    TimeProvider clock
) : IPersonalDataDestruction
{
    public const string DestroyedAction = "personal_data.destroyed";

    private static readonly string Client = EnumLiterals.Of(DestructionSubjectType.Client);

    /// <summary>What an anonymised name reads.</summary>
    public const string Destroyed = "Персональные данные уничтожены";

    private static readonly string Due = $$"""
        WITH client_due AS (
            SELECT c.id,
                COALESCE(c.consent_withdrawn_at, (
                    SELECT max(k.withdrawn_at) FROM consents k
                    WHERE k.client_id = c.id AND k.purpose = {{EnumLiterals.Of(ConsentPurpose.PersonalDataProcessing)}}
                    HAVING bool_and(k.withdrawn_at IS NOT NULL))) AS consent_withdrawn_at,
                GREATEST(c.updated_at, (SELECT max(l.updated_at) FROM leads l WHERE l.client_id = c.id)) AS last_change,
                EXISTS (SELECT 1 FROM leads l WHERE l.client_id = c.id) AS has_leads
            FROM clients c
            WHERE NOT EXISTS (SELECT 1 FROM deals d WHERE d.client_id = c.id)
                AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.client_id = c.id AND h.deleted_at IS NULL)
                AND NOT EXISTS (SELECT 1 FROM destroyed_subjects s WHERE s.subject_id = c.id)
        ),
        due AS (
            SELECT {{Client}} AS subject_type, id, {{EnumLiterals.Of(RetentionDataKind.WithdrawnConsent)}} AS reason,
                consent_withdrawn_at + make_interval(days => @consent_days) AS due_since
            FROM client_due WHERE @consent_on AND consent_withdrawn_at IS NOT NULL
            UNION ALL
            SELECT {{Client}}, id, {{EnumLiterals.Of(RetentionDataKind.LeadWithoutDeal)}},
                last_change + make_interval(days => @lead_days)
            FROM client_due WHERE @lead_on AND has_leads
            UNION ALL
            SELECT {{EnumLiterals.Of(DestructionSubjectType.Organization)}}, o.id,
                {{EnumLiterals.Of(RetentionDataKind.RejectedRegistration)}},
                o.updated_at + make_interval(days => @registration_days)
            FROM organizations o
            WHERE @registration_on AND o.status = {{EnumLiterals.Of(OrganizationStatus.Rejected)}}
                AND NOT EXISTS (SELECT 1 FROM destroyed_subjects s WHERE s.subject_id = o.id)
        ),
        first_due AS (
            SELECT DISTINCT ON (id) subject_type, id, reason, due_since FROM due WHERE due_since <= @now
            ORDER BY id, due_since
        )
        SELECT subject_type, id, reason, due_since FROM first_due ORDER BY due_since, id LIMIT @limit
        """;

    // A subject another instance destroyed after the list was read is left out once its row is locked: the statement
    // runs after the lock is granted, so it sees the other instance's commit.
    private const string Claim = """
        SELECT id FROM clients WHERE id = ANY(@ids) FOR UPDATE SKIP LOCKED
        """;

    private const string ClaimOrganizations = """
        SELECT id FROM organizations WHERE id = ANY(@ids) FOR UPDATE SKIP LOCKED
        """;

    private const string StillDue = """
        SELECT id FROM unnest(@ids) AS t(id)
        WHERE NOT EXISTS (SELECT 1 FROM destroyed_subjects s WHERE s.subject_id = t.id)
            AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.client_id = t.id AND h.deleted_at IS NULL)
        """;

    public async Task<IReadOnlyList<DueSubject>> ListDueAsync(
        IReadOnlyList<RetentionRule> rules,
        DateTimeOffset now,
        int limit,
        bool claim,
        CancellationToken cancellationToken
    )
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var due = new List<DueSubject>();
        // Opened by hand, so closed by hand: the context is pooled, and one returned to the pool still counted open
        // keeps its connection and refuses the connection of an import that borrows it.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(Due, connection);
            foreach (var (name, kind) in new[]
            {
                ("lead", RetentionDataKind.LeadWithoutDeal),
                ("consent", RetentionDataKind.WithdrawnConsent),
                ("registration", RetentionDataKind.RejectedRegistration),
            })
            {
                var rule = rules.Single(r => r.Kind == kind);
                command.Parameters.AddWithValue(name + "_days", rule.Days);
                command.Parameters.AddWithValue(name + "_on", rule.Enabled);
            }

            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("limit", limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add(
                    new DueSubject(
                        SnakeCaseNames<DestructionSubjectType>.Stored(reader.GetString(0)),
                        reader.GetGuid(1),
                        SnakeCaseNames<RetentionDataKind>.Stored(reader.GetString(2)),
                        await reader.GetFieldValueAsync<DateTimeOffset>(3, cancellationToken)
                    )
                );
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        if (!claim || due.Count == 0)
        {
            return due;
        }

        Transactional.Connection(db, "Claiming subjects to destroy");
        var claimed = new HashSet<Guid>();
        claimed.UnionWith(await IdsAsync(Claim, due.Select(d => d.SubjectId), cancellationToken));
        claimed.UnionWith(await IdsAsync(ClaimOrganizations, due.Select(d => d.SubjectId), cancellationToken));
        claimed.IntersectWith(await IdsAsync(StillDue, claimed, cancellationToken));
        return [.. due.Where(d => claimed.Contains(d.SubjectId))];
    }

    public async Task<DestroyedSubject> DestroyAsync(
        DueSubject subject,
        Guid runId,
        CancellationToken cancellationToken
    )
    {
        var now = clock.GetUtcNow();
        await ExecuteAsync("SET LOCAL mak.destroying_personal_data = 'on'", cancellationToken);
        var (copies, categories, keptBy) = subject.SubjectType == DestructionSubjectType.Client
            ? await DestroyClientAsync(subject.SubjectId, now, cancellationToken)
            : await DestroyOrganizationAsync(subject.SubjectId, now, cancellationToken);
        var subjectType = SnakeCaseNames<DestructionSubjectType>.Of(subject.SubjectType);
        db.Set<DestroyedSubjectRow>()
            .Add(new DestroyedSubjectRow
            {
                SubjectId = subject.SubjectId,
                SubjectType = subjectType,
                RunId = runId,
                DestroyedAt = now,
            });
        var record = JsonSerializer.Serialize(
            new
            {
                runId,
                reason = SnakeCaseNames<RetentionDataKind>.Of(subject.Reason),
                categories,
                system = Application.Retention.DestructionRound.System,
            }
        );
        db.Set<AuditEvent>()
            .Add(
                AuditTrail.OfWorker(
                    DestroyedAction,
                    null,
                    Organization.HeadOfficeId,
                    subjectType,
                    subject.SubjectId,
                    record,
                    now
                )
            );
        return new DestroyedSubject(subject.SubjectType, subject.SubjectId, subject.Reason, categories, copies, keptBy);
    }

    public async Task<IReadOnlyList<DestructionLogLine>> LogExtractAsync(
        Guid runId,
        CancellationToken cancellationToken
    )
    {
        var rows = await db
            .Set<AuditEvent>()
            .AsNoTracking()
            .Where(e => e.Action == DestroyedAction && e.OccurredAt >= clock.GetUtcNow().AddDays(-1))
            .OrderBy(e => e.OccurredAt)
            .ThenBy(e => e.Id)
            .ToListAsync(cancellationToken);
        var lines = new List<DestructionLogLine>();
        foreach (var row in rows)
        {
            using var changes = JsonDocument.Parse(row.Changes ?? "{}");
            var root = changes.RootElement;
            if (!root.TryGetProperty("runId", out var run) || run.GetGuid() != runId)
            {
                continue;
            }

            lines.Add(
                new DestructionLogLine(
                    row.OccurredAt,
                    row.Action,
                    row.EntityType!,
                    row.EntityId!.Value,
                    root.GetProperty("reason").GetString()!,
                    [.. root.GetProperty("categories").EnumerateArray().Select(c => c.GetString()!)]
                )
            );
        }

        return lines;
    }

    private async Task<(List<DestructionCopy>, List<string>, Guid?)> DestroyClientAsync(
        Guid clientId,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var client = await CardAsync(clientId, cancellationToken);
        var leads = await ListAsync("SELECT id FROM leads WHERE client_id = @id", clientId, cancellationToken);
        var subjects = leads.Append(clientId).ToArray();
        var documents = await DocumentsAsync(clientId, subjects, cancellationToken);
        var tasks = await ListAsync("SELECT id FROM tasks WHERE subject_id = ANY(@id)", subjects, cancellationToken);
        var consents = await ListAsync(
            "SELECT id FROM consents WHERE client_id = @id",
            clientId,
            cancellationToken
        );
        var documentIds = documents.Select(d => d.Id).ToArray();
        var everything = subjects.Concat(documentIds).Concat(tasks).Concat(consents).ToArray();

        var copies = new List<DestructionCopy>
        {
            await CopyAsync(
                "clients",
                """
                UPDATE clients SET full_name = @name, phone = '', email = NULL, city = NULL, tags = '{}',
                    external_ref = NULL, external_ref_owner = NULL, attribution = NULL, metadata = '{}',
                    custom_fields = '{}', deleted_at = COALESCE(deleted_at, @now), updated_at = @now,
                    version = version + 1
                WHERE id = @id
                """,
                clientId,
                now,
                cancellationToken
            ),
            await CopyAsync(
                "leads",
                """
                UPDATE leads SET comment = NULL, external_ref = NULL, external_ref_owner = NULL, attribution = NULL,
                    metadata = '{}', custom_fields = '{}', deleted_at = COALESCE(deleted_at, @now), updated_at = @now,
                    version = version + 1
                WHERE client_id = @id
                """,
                clientId,
                now,
                cancellationToken
            ),
            await CopyAsync("lead_comments", "DELETE FROM lead_comments WHERE lead_id = ANY(@ids)", subjects, now,
                cancellationToken),
            await CopyAsync(
                "lead_history",
                "UPDATE lead_history SET old_value = NULL, new_value = NULL WHERE lead_id = ANY(@ids)",
                subjects,
                now,
                cancellationToken
            ),
            await CopyAsync(
                "tasks",
                """
                UPDATE tasks SET title = @name, description = NULL, deleted_at = COALESCE(deleted_at, @now),
                    updated_at = @now, version = version + 1
                WHERE subject_id = ANY(@ids)
                """,
                subjects,
                now,
                cancellationToken
            ),
            await CopyAsync("notifications", "DELETE FROM notifications WHERE subject_id = ANY(@ids)", subjects, now,
                cancellationToken),
            await CopyAsync(
                "documents",
                """
                UPDATE documents SET file_name = 'destroyed', template_input = NULL,
                    deleted_at = COALESCE(deleted_at, @now), updated_at = @now, version = version + 1
                WHERE id = ANY(@ids)
                """,
                documentIds,
                now,
                cancellationToken
            ),
            new DestructionCopy("document_store", documents.Count),
        };
        // The outbox's messages to the client's e-mail and, by SMS, to its phone.
        string[] contacts = client.Email is { } email ? [email, client.Phone] : [client.Phone];
        copies.AddRange(await CopiesAsync(everything, contacts, now, cancellationToken));
        foreach (var document in documents)
        {
            unitOfWork.AfterCommit(() => storage.DeleteAsync(document.StorageKey, CancellationToken.None));
        }

        var categories = new List<string> { "full_name" };
        categories.AddRange(
            new (string Name, bool Present)[]
            {
                ("phone", client.Phone.Length > 0),
                ("email", client.Email is not null),
                ("city", client.City is not null),
                ("credit_request", leads.Count > 0),
                ("documents", documents.Count > 0),
            }
                .Where(c => c.Present)
                .Select(c => c.Name)
        );
        return (copies, categories, client.OrganizationId);
    }

    private async Task<(List<DestructionCopy>, List<string>, Guid?)> DestroyOrganizationAsync(
        Guid organizationId,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var users = await ListAsync(
            "SELECT id FROM users WHERE organization_id = @id",
            organizationId,
            cancellationToken
        );
        var invitations = await ListAsync(
            "SELECT id FROM invitations WHERE organization_id = @id",
            organizationId,
            cancellationToken
        );
        var everything = users.Append(organizationId).Concat(invitations).ToArray();
        var copies = new List<DestructionCopy>
        {
            await CopyAsync(
                "organizations",
                """
                UPDATE organizations SET name = @name, contact_phone = NULL, contact_email = NULL, inn = NULL,
                    legal_name = NULL, kpp = NULL, ogrn = NULL, legal_address = NULL, postal_address = NULL,
                    bank_name = NULL, bik = NULL, correspondent_account = NULL, settlement_account = NULL,
                    signatory_name = NULL, signatory_position = NULL, signatory_basis = NULL, website = NULL,
                    logo_url = NULL, rejection_reason = NULL, updated_at = @now, version = version + 1
                WHERE id = @id
                """,
                organizationId,
                now,
                cancellationToken
            ),
            await CopyAsync(
                "users",
                """
                UPDATE users SET full_name = @name, user_name = id::text, normalized_user_name = upper(id::text),
                    email = NULL, normalized_email = NULL, phone_number = NULL, password_hash = NULL,
                    is_disabled = true, security_stamp = gen_random_uuid()::text
                WHERE id = ANY(@ids)
                """,
                users.ToArray(),
                now,
                cancellationToken
            ),
            await CopyAsync(
                "invitations",
                "UPDATE invitations SET email = '', full_name = @name WHERE id = ANY(@ids)",
                invitations.ToArray(),
                now,
                cancellationToken
            ),
        };
        copies.AddRange(await CopiesAsync(everything, [], now, cancellationToken));
        return (copies, ["full_name", "phone", "email", "requisites"], null);
    }

    /// <summary>The copies every subject's data has beside its own rows: the feed, the audit log, the stored answers,
    /// the webhook deliveries, the mail outbox and the read log.</summary>
    private async Task<IEnumerable<DestructionCopy>> CopiesAsync(
        Guid[] ids,
        string[] contacts,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var copies = new List<DestructionCopy>
        {
            await CopyAsync(
                "webhook_deliveries",
                """
                WITH touched AS (
                    UPDATE webhook_deliveries SET body = convert_to('{"destroyed":true}', 'UTF8')
                    WHERE event_id IN (SELECT id FROM events WHERE resource_id = ANY(@ids))
                    RETURNING id
                ), answers AS (
                    UPDATE webhook_attempts SET response_body = NULL WHERE delivery_id IN (SELECT id FROM touched)
                )
                SELECT count(*) FROM touched
                """,
                ids,
                now,
                cancellationToken
            ),
            await CopyAsync(
                "events",
                "UPDATE events SET data = json_build_object('id', resource_id) WHERE resource_id = ANY(@ids)",
                ids,
                now,
                cancellationToken
            ),
            await CopyAsync(
                "audit_events",
                """
                UPDATE audit_events SET changes = (
                    SELECT jsonb_object_agg(key, '"destroyed"'::jsonb) FROM jsonb_each(
                        CASE WHEN changes::text LIKE '{%' THEN changes ELSE '{}'::jsonb END))
                WHERE entity_id = ANY(@ids) AND changes IS NOT NULL AND action <> 'personal_data.destroyed'
                """,
                ids,
                now,
                cancellationToken
            ),
            await CopyAsync(
                "idempotency_requests",
                """
                DELETE FROM idempotency_requests r
                WHERE r.response_body IS NOT NULL AND EXISTS (
                    SELECT 1 FROM unnest(@ids) AS s(id)
                    WHERE position(convert_to(s.id::text, 'UTF8') IN r.response_body) > 0)
                """,
                ids,
                now,
                cancellationToken
            ),
            await CopyAsync(
                "mail_outbox",
                """
                DELETE FROM mail_outbox m
                WHERE lower(m.to_address) = ANY(@contacts)
                    OR EXISTS (SELECT 1 FROM unnest(@ids) AS s(id) WHERE strpos(m.values::text, s.id::text) > 0)
                """,
                ids,
                now,
                cancellationToken,
                [.. contacts.Select(c => c.ToLowerInvariant())]
            ),
            await CopyAsync(
                "personal_data_reads",
                "DELETE FROM personal_data_reads WHERE subject_id = ANY(@ids)",
                ids,
                now,
                cancellationToken
            ),
        };
        return copies;
    }

    private async Task<DestructionCopy> CopyAsync(
        string copy,
        string sql,
        object ids,
        DateTimeOffset now,
        CancellationToken cancellationToken,
        string[]? contacts = null
    )
    {
        await using var command = new NpgsqlCommand(sql, Transactional.Connection(db, "A destruction"));
        command.Parameters.Add(
            ids is Guid id ? SqlParameters.Uuid(id) : SqlParameters.Array(NpgsqlDbType.Uuid, (Guid[])ids)
        ).ParameterName = ids is Guid ? "id" : "ids";
        command.Parameters.Add(SqlParameters.Instant(now)).ParameterName = "now";
        command.Parameters.Add(SqlParameters.Text(Destroyed)).ParameterName = "name";
        command.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Text, contacts ?? [])).ParameterName = "contacts";
        var records = sql.TrimStart().StartsWith("WITH", StringComparison.Ordinal)
            ? Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken))
            : await command.ExecuteNonQueryAsync(cancellationToken);
        return new DestructionCopy(copy, records);
    }

    private async Task<List<Guid>> ListAsync(string sql, object subjects, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, Transactional.Connection(db, "A destruction"));
        command.Parameters.Add(
            subjects is Guid id ? SqlParameters.Uuid(id) : SqlParameters.Array(NpgsqlDbType.Uuid, (Guid[])subjects)
        ).ParameterName = "id";
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private async Task<List<Guid>> IdsAsync(string sql, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, Transactional.Connection(db, "Claiming subjects to destroy"));
        command.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Uuid, ids.ToArray())).ParameterName = "ids";
        var found = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(reader.GetGuid(0));
        }

        return found;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, Transactional.Connection(db, "A destruction"));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<ClientCard> CardAsync(Guid clientId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT organization_id, phone, email, city FROM clients WHERE id = @id",
            Transactional.Connection(db, "A destruction")
        );
        command.Parameters.Add(SqlParameters.Uuid(clientId)).ParameterName = "id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ClientCard(
            reader.GetGuid(0),
            reader.GetString(1),
            await reader.IsDBNullAsync(2, cancellationToken) ? null : reader.GetString(2),
            await reader.IsDBNullAsync(3, cancellationToken) ? null : reader.GetString(3)
        );
    }

    /// <summary>The documents filed on the client or its leads, and the scans of its consents.</summary>
    private async Task<List<StoredDocument>> DocumentsAsync(
        Guid clientId,
        Guid[] subjects,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT id, storage_key FROM documents
            WHERE subject_id = ANY(@subjects)
                OR id IN (SELECT document_id FROM consents WHERE client_id = @id)
                OR id IN (SELECT withdrawal_document_id FROM consents WHERE client_id = @id)
            """,
            Transactional.Connection(db, "A destruction")
        );
        command.Parameters.Add(SqlParameters.Uuid(clientId)).ParameterName = "id";
        command.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Uuid, subjects)).ParameterName = "subjects";
        var documents = new List<StoredDocument>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            documents.Add(new StoredDocument(reader.GetGuid(0), reader.GetString(1)));
        }

        return documents;
    }

    private sealed record ClientCard(Guid OrganizationId, string Phone, string? Email, string? City);

    private sealed record StoredDocument(Guid Id, string StorageKey);
}
