using MakCrm.Application.CustomFields;
using MakCrm.Domain.Clients;

namespace MakCrm.Application.Clients;

public enum ClientSortField
{
    CreatedAt,
    UpdatedAt,
    FullName,
}

/// <summary>Which clients a list or a segmentation is about, normalised.</summary>
public sealed record ClientFilter(
    string? Search,
    IReadOnlyList<string> Sources,
    IReadOnlyList<ProcessingMethod> ProcessingMethods,
    IReadOnlyList<string> Tags,
    bool? HasConsent,
    string? City,
    CreatedWindow Created
)
{
    /// <summary>An integrator's reference (<c>externalRef</c>): the list's filter only.</summary>
    public string? ExternalRef { get; init; }

    /// <summary>The conditions each row's custom field values must meet (the list's <c>cf</c> filters, read by
    /// <see cref="CustomFieldSchema.Listing"/>).</summary>
    public IReadOnlyList<CustomFieldCondition> CustomFields { get; init; } = [];

    public static ClientFilter From(IClientFilterQuery query) =>
        new(
            TextNormalizer.TrimOrNull(query.Q),
            query.Source?.Distinct(StringComparer.Ordinal).ToList() ?? [],
            query.ProcessingMethod?.Distinct().ToList() ?? [],
            query.Tag is null ? [] : ClientTags.Normalize(query.Tag),
            query.HasConsent,
            TextNormalizer.CollapseOrNull(query.City),
            CreatedWindow.Of(query)
        );
}

/// <summary>The filter parameters that the client list and the client segmentation share.</summary>
public interface IClientFilterQuery : ICreatedWindowQuery
{
    string? Q { get; }

    /// <summary>Any of these source codes.</summary>
    IReadOnlyList<string>? Source { get; }

    /// <summary>Any of these processing methods.</summary>
    IReadOnlyList<ProcessingMethod>? ProcessingMethod { get; }

    /// <summary>All of these tags.</summary>
    IReadOnlyList<string>? Tag { get; }

    /// <summary><c>true</c>: consent given and not withdrawn; <c>false</c>: none, or withdrawn.</summary>
    bool? HasConsent { get; }

    string? City { get; }
}

internal sealed class ClientFilterValidator<TQuery> : AbstractValidator<TQuery>
    where TQuery : IClientFilterQuery
{
    public ClientFilterValidator()
    {
        RuleFor(q => q.Q).ValidSearch();
        RuleFor(q => q.Source)
            .Must(codes => codes is null || codes.All(ClientSource.IsValidCode))
            .WithMessage("Each value must be a client source code (lower-case Latin letters, digits and _).");
        RuleFor(q => q.Tag).ValidTags();
        RuleFor(q => q.City).OptionalText(Client.MaxCityLength);
        Include(new CreatedWindowValidator<TQuery>());
    }
}

/// <summary>What the repository fetches: one page of rows (plus one, to know whether another page follows), changed
/// within <paramref name="Updated"/>.</summary>
public sealed record ClientListCriteria(
    DataScope Scope,
    ClientFilter Filter,
    SortOption<ClientSortField> Sort,
    KeysetPosition? After,
    int Take,
    UpdatedWindow Updated
);

public static class ClientSorts
{
    public static SortCatalog<ClientSortField, ClientDto> Catalog { get; } =
        new(
            "clients",
            "-createdAt",
            ("createdAt", ClientSortField.CreatedAt, typeof(DateTimeOffset), c => c.CreatedAt),
            ("updatedAt", ClientSortField.UpdatedAt, typeof(DateTimeOffset), c => c.UpdatedAt),
            ("fullName", ClientSortField.FullName, typeof(string), c => c.FullName)
        )
        {
            CustomFieldsOf = c => c.CustomFields,
        };
}
