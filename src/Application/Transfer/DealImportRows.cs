using MakCrm.Application.CustomFields;
using MakCrm.Application.Deals;
using MakCrm.Domain.Clients;
using MakCrm.Domain.CustomFields;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Transfer;

/// <summary>The columns a deal import reads, by header, in any order and case.</summary>
public static class DealColumns
{
    public const string Id = "id";
    public const string Title = "title";
    public const string Amount = "amount";
    public const string Product = "product";
    public const string Bank = "bank";
    public const string ClientId = SubjectColumns.ClientId;
    public const string Phone = SubjectColumns.Phone;
    public const string Email = SubjectColumns.Email;
    public const string LeadId = "leadId";
    public const string Pipeline = "pipeline";
    public const string Stage = "stage";
    public const string ResponsibleEmail = "responsibleEmail";
    public const string CreatedAt = "createdAt";
    public const string ClosedAt = "closedAt";

    /// <summary>The columns that name the deal's client; a file has at least one of them.</summary>
    public static readonly string[] Client = SubjectColumns.Client;
}

/// <summary>A deal row whose fields are valid; what it names (client, stage, user) is still to be found.</summary>
public sealed record DealImportRow(
    ClientKey Client,
    DealDetails Details,
    string? Pipeline,
    string Stage,
    string? ResponsibleEmail,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? ClosedAt,
    string CustomFields
);

public sealed record DealRowOutcome(DealImportRow? Row, string? Reason);

/// <summary>
/// Reads deal rows by the header of the file and judges each with the field rules of <c>POST /api/v1/deals</c>; the
/// client (by <c>clientId</c>, <c>phone</c> or <c>email</c>), the stage (by name or id, within <c>pipeline</c> when
/// given) and the responsible user (by e-mail) are the sink's to find in the database. Its <c>cf.&lt;key&gt;</c>
/// columns are read as <see cref="CustomFieldColumns"/> reads them.
/// </summary>
public sealed class DealImportRows
{
    private static readonly CreateDealValidator Rules = new();

    private readonly ImportHeader _header;
    private readonly CustomFieldColumns _customFields;

    private DealImportRows(ImportHeader header, CustomFieldColumns customFields)
    {
        _header = header;
        _customFields = customFields;
    }

    /// <summary>The reader for a file with this header, or why the file cannot be imported at all.</summary>
    public static (DealImportRows? Rows, string? Problem) ForHeader(
        IReadOnlyList<string?> header,
        CustomFieldSchema fields
    )
    {
        var index = new ImportHeader(header);
        var missing = index
            .Missing([DealColumns.Title, DealColumns.Amount, DealColumns.Product, DealColumns.Stage])
            .ToList();
        if (index.Missing(DealColumns.Client).Count == DealColumns.Client.Length)
        {
            missing.Add(string.Join(" or ", DealColumns.Client));
        }

        if (missing.Count == 0)
        {
            var (customFields, problem) = CustomFieldColumns.ForHeader(header, index, fields, CustomFieldEntity.Deal);
            return customFields is null ? (null, problem) : (new DealImportRows(index, customFields), null);
        }

        return (
            null,
            $"The header row lacks the column(s) {string.Join(", ", missing)}. A deal file has "
                + $"{DealColumns.Title}, {DealColumns.Amount}, {DealColumns.Product}, {DealColumns.Stage} and "
                + $"one of {string.Join(", ", DealColumns.Client)}; also {DealColumns.Id}, {DealColumns.Bank}, "
                + $"{DealColumns.LeadId}, {DealColumns.Pipeline}, {DealColumns.ResponsibleEmail}, "
                + $"{DealColumns.CreatedAt}, {DealColumns.ClosedAt} and a {CustomFieldCells.Prefix}<key> column per "
                + "custom field."
        );
    }

    /// <summary>The row's <c>id</c> when it is a UUID: a deal of the organization with this id is the row itself,
    /// already there.</summary>
    public Guid? DealId(IReadOnlyList<string?> cells) =>
        Guid.TryParse(Cell(cells, DealColumns.Id), out var id) ? id : null;

    public DealRowOutcome Judge(IReadOnlyList<string?> cells)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var amountText = Cell(cells, DealColumns.Amount);
        var amount = amountText is null ? null : ImportCells.Amount(amountText);
        if (amount is null)
        {
            errors[DealColumns.Amount] = amountText is null
                ? "Is required."
                : "Must be an amount in roubles, e.g. 1500000.00.";
        }

        var productText = Cell(cells, DealColumns.Product)?.Trim();
        var product = SnakeCaseNames<LoanProduct>.ParseAnyCase(productText);
        if (product is null)
        {
            errors[DealColumns.Product] = productText is null
                ? "Is required."
                : $"Must be one of: {string.Join(", ", SnakeCaseNames<LoanProduct>.All)}.";
        }

        var clientId = _header.OptionalId(cells, DealColumns.ClientId, "Must be a client's id (a UUID).", errors);
        var leadId = _header.OptionalId(cells, DealColumns.LeadId, "Must be a lead's id (a UUID).", errors);
        var createdAt = ImportSubjects.Timestamp(_header, cells, DealColumns.CreatedAt, errors);
        var closedAt = ImportSubjects.Timestamp(_header, cells, DealColumns.ClosedAt, errors);
        if (createdAt is { } created && closedAt is { } closed && closed < created)
        {
            errors[DealColumns.ClosedAt] = "Must not be before createdAt.";
        }

        var client = ImportSubjects.ReadClient(_header, cells, errors);
        var command = new CreateDealCommand(
            clientId ?? Guid.Empty,
            leadId,
            Cell(cells, DealColumns.Title) ?? "",
            amount ?? 0m,
            Cell(cells, DealColumns.Bank),
            product ?? default,
            null,
            null,
            null
        );
        foreach (var failure in Rules.Validate(command).Errors)
        {
            // The client is found by the sink, by whichever column names it.
            if (!string.Equals(failure.PropertyName, DealColumns.ClientId, StringComparison.OrdinalIgnoreCase))
            {
                errors.TryAdd(failure.PropertyName, failure.ErrorMessage);
            }
        }

        var stage = Cell(cells, DealColumns.Stage)?.Trim();
        if (stage is null)
        {
            errors[DealColumns.Stage] = "Is required: the name or id of a pipeline stage.";
        }

        var (values, reason) = _customFields.Read(cells);
        var reasons = errors.Select(e => $"{e.Key}: {e.Value}").Append(reason).OfType<string>().ToList();
        if (reasons.Count > 0 || client is null || stage is null)
        {
            return new DealRowOutcome(null, string.Join("; ", reasons));
        }

        var details = new DealDetails(leadId, command.Title, command.Amount, command.Bank, command.Product, null);
        return new DealRowOutcome(
            new DealImportRow(
                client,
                details,
                Cell(cells, DealColumns.Pipeline)?.Trim(),
                stage,
                Cell(cells, DealColumns.ResponsibleEmail)?.Trim(),
                createdAt,
                closedAt,
                values!
            ),
            null
        );
    }

    private string? Cell(IReadOnlyList<string?> cells, string column) => _header.Cell(cells, column);
}
