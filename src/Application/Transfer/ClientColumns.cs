using System.Globalization;
using MakCrm.Application.Clients;

namespace MakCrm.Application.Transfer;

/// <summary>The columns of a client export, which a client import reads back (by header, in any order).</summary>
public static class ClientColumns
{
    public const string Id = "id";
    public const string FullName = "fullName";
    public const string Phone = "phone";
    public const string Email = "email";
    public const string City = "city";
    public const string Source = "source";
    public const string ProcessingMethod = "processingMethod";
    public const string Tags = "tags";
    public const string ConsentGivenAt = "consentGivenAt";
    public const string ConsentTextVersion = "consentTextVersion";
    public const string ConsentWithdrawnAt = "consentWithdrawnAt";
    public const string CreatedAt = "createdAt";
    public const string UpdatedAt = "updatedAt";

    public static IReadOnlyList<string> Export { get; } =
    [
        Id,
        FullName,
        Phone,
        Email,
        City,
        Source,
        ProcessingMethod,
        Tags,
        ConsentGivenAt,
        ConsentTextVersion,
        ConsentWithdrawnAt,
        CreatedAt,
        UpdatedAt,
    ];

    public static string?[] Cells(ClientDto c) =>
        [
            c.Id.ToString(),
            c.FullName,
            c.Phone,
            c.Email,
            c.City,
            c.Source,
            c.ProcessingMethod is { } method ? SnakeCaseNames.Of(method) : null,
            string.Join(TableExport.ListSeparator, c.Tags),
            TableExport.Timestamp(c.Consent?.GivenAt),
            c.Consent?.TextVersion,
            TableExport.Timestamp(c.Consent?.WithdrawnAt),
            TableExport.Timestamp(c.CreatedAt),
            TableExport.Timestamp(c.UpdatedAt),
        ];

    public static string FileStamp(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
}
