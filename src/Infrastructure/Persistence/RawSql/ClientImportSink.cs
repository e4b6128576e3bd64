using MakCrm.Application.CustomFields;
using MakCrm.Application.Transfer;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Common;
using MakCrm.Domain.CustomFields;
using MakCrm.Infrastructure.Imports;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.Persistence.RawSql;

/// <summary>
/// Client rows: judged by <see cref="ClientImportRows"/> (the API's rules), then checked for duplicates — a client of
/// the organization with the same E.164 phone or the same e-mail, already stored or earlier in the file — and
/// inserted with one statement per batch, custom field values included. One lookup and one insert per batch keep
/// round trips off the row level.
/// </summary>
internal sealed class ClientImportSink(
    TimeProvider clock,
    IOptions<ImportOptions> options,
    CustomFieldAccess customFields
) : IImportRowSink
{
    private const char ListSeparator = '\u001f';
    private ClientImportRows? _rows;

    public int BatchSize => options.Value.BatchSize;

    public async Task<string?> StartAsync(
        NpgsqlConnection connection,
        ClaimedImport import,
        IReadOnlyList<string?> header,
        CancellationToken cancellationToken
    )
    {
        var sources = new HashSet<string>(StringComparer.Ordinal);
        await using (
            var command = new NpgsqlCommand(
                "SELECT code FROM client_sources WHERE active AND deleted_at IS NULL",
                connection
            )
        )
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                sources.Add(reader.GetString(0));
            }
        }

        var (rows, problem) = ClientImportRows.ForHeader(
            header,
            await customFields.SchemaAsync([CustomFieldEntity.Client], cancellationToken),
            sources,
            import.DefaultSource,
            import.OrganizationId,
            clock
        );
        _rows = rows;
        return problem;
    }

    public async Task<BatchOutcome> WriteBatchAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        ClaimedImport import,
        IReadOnlyList<ImportRow> rows,
        CancellationToken cancellationToken
    )
    {
        var judge = _rows ?? throw new InvalidOperationException("StartAsync first.");
        var rejected = new List<(ImportRow, string)>();
        var candidates = new List<Client>(rows.Count);
        foreach (var row in rows)
        {
            var outcome = judge.Judge(row.Cells);
            if (outcome.Client is { } client)
            {
                candidates.Add(client);
            }
            else
            {
                rejected.Add((row, outcome.Reason!));
            }
        }

        // Imports into one organization take turns per batch, so two files cannot both create the same phone.
        await using (
            var lockCommand = new NpgsqlCommand(
                $"SELECT {AdvisoryLocks.Exclusive("'client-import:' || $1::text")}",
                connection,
                transaction
            )
        )
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = import.OrganizationId });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        var (phones, emails) = await ExistingAsync(
            connection,
            transaction,
            import.OrganizationId,
            candidates,
            cancellationToken
        );
        var fresh = new List<Client>(candidates.Count);
        foreach (var client in candidates)
        {
            var duplicate =
                phones.Contains(client.Phone) || (client.Email is not null && emails.Contains(client.Email));
            phones.Add(client.Phone);
            if (client.Email is not null)
            {
                emails.Add(client.Email);
            }

            if (!duplicate)
            {
                fresh.Add(client);
            }
        }

        if (fresh.Count > 0)
        {
            await InsertAsync(connection, transaction, fresh, cancellationToken);
        }

        return new BatchOutcome(fresh.Count, candidates.Count - fresh.Count, rejected);
    }

    private static async Task<(HashSet<string> Phones, HashSet<string> Emails)> ExistingAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid organizationId,
        List<Client> candidates,
        CancellationToken cancellationToken
    )
    {
        var phones = new HashSet<string>(StringComparer.Ordinal);
        var emails = new HashSet<string>(StringComparer.Ordinal);
        if (candidates.Count == 0)
        {
            return (phones, emails);
        }

        await using var command = new NpgsqlCommand(
            "SELECT phone, email FROM clients WHERE organization_id = $1 AND deleted_at IS NULL AND (phone = ANY($2) "
                + "OR email = ANY($3))",
            connection,
            transaction
        );
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = organizationId });
        command.Parameters.Add(
            new NpgsqlParameter<string[]> { TypedValue = candidates.Select(c => c.Phone).Distinct().ToArray() }
        );
        command.Parameters.Add(
            new NpgsqlParameter<string[]>
            {
                TypedValue = candidates.Where(c => c.Email is not null).Select(c => c.Email!).Distinct().ToArray(),
            }
        );
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            phones.Add(reader.GetString(0));
            if (!await reader.IsDBNullAsync(1, cancellationToken))
            {
                emails.Add(reader.GetString(1));
            }
        }

        return (phones, emails);
    }

    private static async Task InsertAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        List<Client> clients,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO clients (id, organization_id, full_name, phone, email, city, source, processing_method, tags,
                                 consent_given_at, consent_text_version, consent_withdrawn_at, created_at, updated_at,
                                 version, custom_fields)
            SELECT u.id, u.organization_id, u.full_name, u.phone, u.email, u.city, u.source, u.processing_method,
                   CASE WHEN u.tags = '' THEN '{}'::text[] ELSE string_to_array(u.tags, chr(31)) END,
                   u.consent_given_at, u.consent_text_version, u.consent_withdrawn_at, u.created_at, u.updated_at,
                   u.version, u.custom_fields::jsonb
            FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                $9::text[],
                        $10::timestamptz[], $11::text[], $12::timestamptz[], $13::timestamptz[], $14::timestamptz[],
                        $15::int[], $16::text[])
                 AS u(id, organization_id, full_name, phone, email, city, source, processing_method, tags,
                      consent_given_at, consent_text_version, consent_withdrawn_at, created_at, updated_at, version,
                      custom_fields)
            """,
            connection,
            transaction
        );
        Add(command, clients.Select(c => c.Id).ToArray());
        Add(command, clients.Select(c => c.OrganizationId).ToArray());
        Add(command, clients.Select(c => c.FullName).ToArray());
        Add(command, clients.Select(c => c.Phone).ToArray());
        Add(command, clients.Select(c => c.Email).ToArray());
        Add(command, clients.Select(c => c.City).ToArray());
        Add(command, clients.Select(c => c.Source).ToArray());
        Add(command, clients.Select(c => c.ProcessingMethod is { } m ? SnakeCaseNames.Of(m) : null).ToArray());
        Add(command, clients.Select(c => string.Join(ListSeparator, c.Tags)).ToArray());
        Add(command, clients.Select(c => c.ConsentGivenAt).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);
        Add(command, clients.Select(c => c.ConsentTextVersion).ToArray());
        Add(
            command,
            clients.Select(c => c.ConsentWithdrawnAt).ToArray(),
            NpgsqlDbType.Array | NpgsqlDbType.TimestampTz
        );
        Add(command, clients.Select(c => c.CreatedAt).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);
        Add(command, clients.Select(c => c.UpdatedAt).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);
        Add(command, clients.Select(c => c.Version).ToArray());
        Add(command, clients.Select(c => c.CustomFields).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add<T>(NpgsqlCommand command, T[] values, NpgsqlDbType? type = null)
    {
        var parameter = new NpgsqlParameter<T[]> { TypedValue = values };
        if (type is { } t)
        {
            parameter.NpgsqlDbType = t;
        }

        command.Parameters.Add(parameter);
    }
}
