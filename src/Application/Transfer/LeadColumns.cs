using System.Globalization;
using MakCrm.Application.Leads;
using MakCrm.Domain.Clients;

namespace MakCrm.Application.Transfer;

/// <summary>
/// A lead as an export row: the lead, its client's contact and profile (when the caller may read the client), the
/// organization's name and the responsible user's display name.
/// </summary>
public sealed record LeadExportRow(
    LeadDto Lead,
    string? ClientName,
    string? ClientPhone,
    string? ClientEmail,
    string? ClientCity,
    string? ClientSource,
    ProcessingMethod? ClientProcessingMethod,
    string? OrganizationName,
    string? ResponsibleName
);

/// <summary>
/// The columns of a lead export, which a lead import reads back (by header, in any order), and the contact columns
/// that a lead import also takes instead of <see cref="ClientId"/> (those of <c>POST /api/v1/lead-submissions</c>).
/// The client's columns have the client export's names, so an exported row carries both its <c>clientId</c> and the
/// contact an import would otherwise need; an import uses the <c>clientId</c> when it is there.
/// </summary>
public static class LeadColumns
{
    public const string Id = "id";
    public const string ClientId = "clientId";
    public const string RequestedAmount = "requestedAmount";
    public const string Product = "product";
    public const string Status = "status";
    public const string Comment = "comment";
    public const string OrganizationId = "organizationId";
    public const string OrganizationName = "organizationName";
    public const string ResponsibleUserId = "responsibleUserId";
    public const string ResponsibleName = "responsibleName";
    public const string CreatedAt = "createdAt";
    public const string UpdatedAt = "updatedAt";

    /// <summary>The export's one definition: each column's header and how a row fills it, in file order.</summary>
    private static readonly (string Header, Func<LeadExportRow, string?> Cell)[] Definition =
    [
        (Id, r => r.Lead.Id.ToString()),
        (ClientId, r => r.Lead.ClientId.ToString()),
        (ClientColumns.FullName, r => r.ClientName),
        (ClientColumns.Phone, r => r.ClientPhone),
        (ClientColumns.Email, r => r.ClientEmail),
        (ClientColumns.City, r => r.ClientCity),
        (ClientColumns.Source, r => r.ClientSource),
        (
            ClientColumns.ProcessingMethod,
            r => r.ClientProcessingMethod is { } method ? SnakeCaseNames.Of(method) : null
        ),
        // A lead submitted without an amount or a product exports empty cells there.
        (RequestedAmount, r => r.Lead.RequestedAmount?.ToString("0.00", CultureInfo.InvariantCulture)),
        (Product, r => r.Lead.Product is { } product ? SnakeCaseNames.Of(product) : null),
        (Status, r => r.Lead.Status),
        (Comment, r => r.Lead.Comment),
        (OrganizationId, r => r.Lead.OrganizationId.ToString()),
        (OrganizationName, r => r.OrganizationName),
        (ResponsibleUserId, r => r.Lead.ResponsibleUserId?.ToString()),
        (ResponsibleName, r => r.ResponsibleName),
        (CreatedAt, r => TableExport.Timestamp(r.Lead.CreatedAt)),
        (UpdatedAt, r => TableExport.Timestamp(r.Lead.UpdatedAt)),
    ];

    public static IReadOnlyList<string> Export { get; } = Definition.Select(c => c.Header).ToArray();

    /// <summary>The client's contact, for rows without a <see cref="ClientId"/>.</summary>
    public static IReadOnlyList<string> Contact { get; } =
    [ClientColumns.FullName, ClientColumns.Phone, ClientColumns.Email, ClientColumns.City, ClientColumns.Source];

    public static string?[] Cells(LeadExportRow row)
    {
        var cells = new string?[Definition.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = Definition[i].Cell(row);
        }

        return cells;
    }
}
