using MakCrm.Domain.Clients;

namespace MakCrm.Application.Transfer;

/// <summary>
/// The columns an imported task or note names its record by, in any order and case: a deal (<c>dealId</c>), a lead
/// (<c>leadId</c> or <c>leadExternalRef</c>), or a client (<c>clientId</c>, <c>externalRef</c>, <c>phone</c> or
/// <c>email</c>). The most specific one given counts.
/// </summary>
public static class SubjectColumns
{
    public const string DealId = "dealId";
    public const string LeadId = "leadId";
    public const string LeadExternalRef = "leadExternalRef";
    public const string ClientId = "clientId";
    public const string ExternalRef = "externalRef";
    public const string Phone = "phone";
    public const string Email = "email";

    public static readonly string[] Client = [ClientId, ExternalRef, Phone, Email];

    public static readonly string[] Lead = [LeadId, LeadExternalRef, .. Client];

    public static readonly string[] Any = [DealId, .. Lead];
}

/// <summary>How a row names a client: by id, else its external reference, else phone (E.164), else e-mail.</summary>
public sealed record ClientKey(Guid? ClientId, string? ExternalRef, string? Phone, string? Email)
{
    public override string ToString() => ClientId?.ToString() ?? ExternalRef ?? Phone ?? Email ?? "";
}

/// <summary>How a row names its record: a deal, a lead (by id or external reference), or a client (a lead named by
/// its client is the client's latest lead).</summary>
public sealed record SubjectKey(Guid? DealId, Guid? LeadId, string? LeadExternalRef, ClientKey? Client);

public static class ImportSubjects
{
    /// <summary>The row's record among <paramref name="columns"/> (<see cref="SubjectColumns.Lead"/> or
    /// <see cref="SubjectColumns.Any"/>), or null with the reason recorded in <paramref name="errors"/>.</summary>
    public static SubjectKey? Read(
        ImportHeader header,
        IReadOnlyList<string?> cells,
        IReadOnlyCollection<string> columns,
        Dictionary<string, string> errors
    )
    {
        string? Cell(string column) => columns.Contains(column) ? header.Cell(cells, column) : null;

        if (Cell(SubjectColumns.DealId) is not null)
        {
            var deal = header.OptionalId(cells, SubjectColumns.DealId, "Must be a deal's id (a UUID).", errors);
            return deal is null ? null : new SubjectKey(deal, null, null, null);
        }

        if (Cell(SubjectColumns.LeadId) is not null)
        {
            var lead = header.OptionalId(cells, SubjectColumns.LeadId, "Must be a lead's id (a UUID).", errors);
            return lead is null ? null : new SubjectKey(null, lead, null, null);
        }

        if (Cell(SubjectColumns.LeadExternalRef) is { } leadRef)
        {
            return new SubjectKey(null, null, leadRef.Trim(), null);
        }

        var client = ReadClient(header, cells, errors);
        return client is null ? null : new SubjectKey(null, null, null, client);
    }

    /// <summary>How the row names a client, or null with the reason recorded in <paramref name="errors"/>.</summary>
    public static ClientKey? ReadClient(
        ImportHeader header,
        IReadOnlyList<string?> cells,
        Dictionary<string, string> errors
    )
    {
        if (header.Cell(cells, SubjectColumns.ClientId) is not null)
        {
            var id = header.OptionalId(cells, SubjectColumns.ClientId, "Must be a client's id (a UUID).", errors);
            return id is null ? null : new ClientKey(id, null, null, null);
        }

        if (header.Cell(cells, SubjectColumns.ExternalRef) is { } externalRef)
        {
            return new ClientKey(null, externalRef.Trim(), null, null);
        }

        if (header.Cell(cells, SubjectColumns.Phone) is { } phoneText)
        {
            if (PhoneNumber.TryParse(phoneText, out var phone))
            {
                return new ClientKey(null, null, phone.Value, null);
            }

            errors[SubjectColumns.Phone] = "Must be a phone number, e.g. +79161234567.";
            return null;
        }

        if (header.Cell(cells, SubjectColumns.Email) is { } emailText)
        {
            if (EmailAddress.TryParse(emailText, out var email))
            {
                return new ClientKey(null, null, null, email.Value);
            }

            errors[SubjectColumns.Email] = "Must be an e-mail address.";
            return null;
        }

        errors.TryAdd(
            SubjectColumns.ClientId,
            $"Is required: one of {string.Join(", ", SubjectColumns.Client)} naming a client of the organization."
        );
        return null;
    }

    /// <summary>The row's cell read as an instant, or null (blank, or not an instant: then recorded in
    /// <paramref name="errors"/>).</summary>
    public static DateTimeOffset? Timestamp(
        ImportHeader header,
        IReadOnlyList<string?> cells,
        string column,
        Dictionary<string, string> errors
    )
    {
        if (header.Cell(cells, column) is not { } text)
        {
            return null;
        }

        if (ImportCells.Timestamp(text) is { } instant)
        {
            return instant;
        }

        errors[column] = "Must be a date and time, e.g. 2025-12-31T14:30:00+03:00 or 31.12.2025 14:30.";
        return null;
    }

    /// <summary>The header's problem when it lacks a required column or every column naming a record; null when it
    /// has them.</summary>
    public static string? HeaderProblem(
        ImportHeader header,
        string kind,
        IReadOnlyList<string> required,
        IReadOnlyList<string> subjectColumns,
        IReadOnlyList<string> optional
    )
    {
        var missing = header.Missing(required).ToList();
        if (header.Missing(subjectColumns).Count == subjectColumns.Count)
        {
            missing.Add(string.Join(" or ", subjectColumns));
        }

        return missing.Count == 0
            ? null
            : $"The header row lacks the column(s) {string.Join(", ", missing)}. A {kind} file has "
                + $"{string.Join(", ", required)} and one of {string.Join(", ", subjectColumns)}; also "
                + $"{string.Join(", ", optional)}.";
    }
}
