using FluentValidation.Results;
using MakCrm.Application.CustomFields;
using MakCrm.Application.Leads;
using MakCrm.Application.Leads.Intake;
using MakCrm.Domain.Clients;
using MakCrm.Domain.CustomFields;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Transfer;

/// <summary>One data row of a lead import, judged: the submission to hand to the lead intake, or why the row is
/// rejected.</summary>
public sealed record LeadRowOutcome(LeadSubmission? Submission, string? Reason);

/// <summary>
/// Reads lead rows by the header of the file and judges each with the field rules of the API: a row with a
/// <c>clientId</c> as <c>POST /api/v1/leads</c> does, a row with contact columns as
/// <c>POST /api/v1/lead-submissions</c> does, and its <c>cf.&lt;key&gt;</c> columns as
/// <see cref="CustomFieldColumns"/> reads them. What needs the database (the client, the status, an active source,
/// duplicates) is the intake's to check. A row without a source takes the import's default source; a row without a
/// status starts in <c>new</c>.
/// </summary>
public sealed class LeadImportRows
{
    private static readonly CreateLeadValidator ClientIdRules = new(TimeProvider.System);

    // A row carries no consent, the one rule that reads the clock.
    private static readonly SubmitLeadValidator ContactRules = new(TimeProvider.System);

    private readonly ImportHeader _header;
    private readonly CustomFieldColumns _customFields;
    private readonly bool _hasContact;
    private readonly string? _defaultSource;

    private LeadImportRows(ImportHeader header, CustomFieldColumns customFields, bool hasContact, string? defaultSource)
    {
        _header = header;
        _customFields = customFields;
        _hasContact = hasContact;
        _defaultSource = defaultSource;
    }

    /// <summary>The reader for a file with this header, or why the file cannot be imported at all.</summary>
    public static (LeadImportRows? Rows, string? Problem) ForHeader(
        IReadOnlyList<string?> header,
        CustomFieldSchema fields,
        string? defaultSource
    )
    {
        var index = new ImportHeader(header);
        string[] contact = defaultSource is null
            ? [ClientColumns.FullName, ClientColumns.Phone, ClientColumns.Source]
            : [ClientColumns.FullName, ClientColumns.Phone];
        var hasContact = index.Missing(contact).Count == 0;
        var missing = index.Missing([LeadColumns.RequestedAmount, LeadColumns.Product]).ToList();
        if (!index.Has(LeadColumns.ClientId) && !hasContact)
        {
            missing.Add($"{LeadColumns.ClientId} (or {string.Join(", ", contact)})");
        }

        if (missing.Count == 0)
        {
            var (customFields, problem) = CustomFieldColumns.ForHeader(header, index, fields, CustomFieldEntity.Lead);
            return customFields is null
                ? (null, problem)
                : (new LeadImportRows(index, customFields, hasContact, defaultSource), null);
        }

        return (
            null,
            $"The header row lacks the column(s) {string.Join(", ", missing)}. A lead file has "
                + $"{LeadColumns.RequestedAmount}, {LeadColumns.Product} and "
                + $"either {LeadColumns.ClientId} (a client of the organization, as the lead export writes it) "
                + $"or the contact columns "
                + $"{string.Join(", ", LeadColumns.Contact)}; also {LeadColumns.Id}, {LeadColumns.Status}, "
                + $"{LeadColumns.Comment}, {LeadColumns.ResponsibleUserId} and a {CustomFieldCells.Prefix}<key> column "
                + "per custom field."
        );
    }

    /// <summary>The row's <c>id</c> when it is a UUID: a lead of the organization with this id is the row itself,
    /// already there.</summary>
    public Guid? LeadId(IReadOnlyList<string?> cells) =>
        Guid.TryParse(Cell(cells, LeadColumns.Id), out var id) ? id : null;

    public LeadRowOutcome Judge(IReadOnlyList<string?> cells)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Cell(cells, LeadColumns.Id) is { } idText && !Guid.TryParse(idText, out _))
        {
            errors[LeadColumns.Id] = "Must be the id of a lead (a UUID), as the lead export writes it, or empty.";
        }

        var amount = Amount(cells, errors);
        var product = Product(cells, errors);
        var responsible = _header.OptionalId(
            cells,
            LeadColumns.ResponsibleUserId,
            "Must be a user's id (a UUID) or empty.",
            errors
        );
        var clientId = _header.OptionalId(cells, LeadColumns.ClientId, "Must be a client's id (a UUID).", errors);
        var status = Cell(cells, LeadColumns.Status)?.Trim() ?? LeadStatus.DefaultCode;
        var comment = Cell(cells, LeadColumns.Comment);
        var details = new LeadDetails(amount ?? 0m, product ?? default, comment, status, responsible);

        LeadClient? client = null;
        if (Cell(cells, LeadColumns.ClientId) is not null)
        {
            var command = new CreateLeadCommand(
                clientId ?? Guid.Empty,
                amount ?? 0m,
                product ?? default,
                comment,
                status,
                responsible
            );
            Add(errors, ClientIdRules.Validate(command));
            client = new ExistingClient(command.ClientId);
        }
        else if (_hasContact)
        {
            var command = new SubmitLeadCommand(
                Cell(cells, ClientColumns.FullName) ?? "",
                Cell(cells, ClientColumns.Phone) ?? "",
                Cell(cells, ClientColumns.Email),
                Cell(cells, ClientColumns.City),
                Cell(cells, ClientColumns.Source)?.Trim() ?? _defaultSource ?? "",
                details.RequestedAmount,
                details.Product,
                comment,
                status
            );
            var validation = ContactRules.Validate(command);
            Add(errors, validation);
            if (validation.IsValid)
            {
                client = new SubmittedContact(
                    command.FullName,
                    PhoneNumber.Parse(command.Phone),
                    string.IsNullOrWhiteSpace(command.Email) ? null : EmailAddress.Parse(command.Email),
                    command.City,
                    command.Source
                );
            }
        }
        else
        {
            errors[LeadColumns.ClientId] = "Is required.";
        }

        var (values, reason) = _customFields.Read(cells);
        var reasons = errors.Select(e => $"{e.Key}: {e.Value}").Append(reason).OfType<string>().ToList();
        return reasons.Count == 0 && client is not null
            ? new LeadRowOutcome(
                new LeadSubmission(client, details) { Announce = false, CustomFields = values! },
                null
            )
            : new LeadRowOutcome(null, string.Join("; ", reasons));
    }

    private string? Cell(IReadOnlyList<string?> cells, string column) => _header.Cell(cells, column);

    private decimal? Amount(IReadOnlyList<string?> cells, Dictionary<string, string> errors)
    {
        if (Cell(cells, LeadColumns.RequestedAmount) is not { } text)
        {
            errors[LeadColumns.RequestedAmount] = "Is required.";
            return null;
        }

        if (ImportCells.Amount(text) is { } amount)
        {
            return amount;
        }

        errors[LeadColumns.RequestedAmount] = "Must be an amount in roubles, e.g. 1500000.00.";
        return null;
    }

    private LoanProduct? Product(IReadOnlyList<string?> cells, Dictionary<string, string> errors)
    {
        var text = Cell(cells, LeadColumns.Product)?.Trim();
        if (SnakeCaseNames<LoanProduct>.ParseAnyCase(text) is { } product)
        {
            return product;
        }

        errors[LeadColumns.Product] = text is null
            ? "Is required."
            : $"Must be one of: {string.Join(", ", SnakeCaseNames<LoanProduct>.All)}.";
        return null;
    }

    /// <summary>The validator's errors, except for columns whose text could not even be read (already
    /// reported).</summary>
    private static void Add(Dictionary<string, string> errors, ValidationResult validation)
    {
        foreach (var failure in validation.Errors)
        {
            errors.TryAdd(failure.PropertyName, failure.ErrorMessage);
        }
    }
}
