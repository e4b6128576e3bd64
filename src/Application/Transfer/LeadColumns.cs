using System.Globalization;
using MakCrm.Application.Leads;
using MakCrm.Domain.Common;

namespace MakCrm.Application.Transfer;

/// <summary>
/// The columns of a lead export, which a lead import reads back (by header, in any order), and the contact columns
/// that a lead import also takes instead of <see cref="ClientId"/> (those of <c>POST /api/v1/lead-submissions</c>).
/// </summary>
public static class LeadColumns
{
    public const string Id = "id";
    public const string ClientId = "clientId";
    public const string RequestedAmount = "requestedAmount";
    public const string Product = "product";
    public const string Status = "status";
    public const string Comment = "comment";
    public const string ResponsibleUserId = "responsibleUserId";
    public const string CreatedAt = "createdAt";
    public const string UpdatedAt = "updatedAt";

    public static IReadOnlyList<string> Export { get; } = [Id, ClientId, RequestedAmount, Product, Status, Comment, ResponsibleUserId, CreatedAt, UpdatedAt];

    /// <summary>The client's contact, for rows without a <see cref="ClientId"/>.</summary>
    public static IReadOnlyList<string> Contact { get; } =
        [ClientColumns.FullName, ClientColumns.Phone, ClientColumns.Email, ClientColumns.City, ClientColumns.Source];

    public static string?[] Cells(LeadDto l) =>
    [
        l.Id.ToString(),
        l.ClientId.ToString(),
        // A lead submitted without an amount or a product exports empty cells there.
        l.RequestedAmount?.ToString("0.00", CultureInfo.InvariantCulture),
        l.Product is { } product ? SnakeCaseNames.Of(product) : null,
        l.Status,
        l.Comment,
        l.ResponsibleUserId?.ToString(),
        TableExport.Timestamp(l.CreatedAt),
        TableExport.Timestamp(l.UpdatedAt),
    ];
}
