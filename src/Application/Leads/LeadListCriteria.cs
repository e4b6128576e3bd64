using MakCrm.Application.CustomFields;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Leads;

public enum LeadSortField
{
    CreatedAt,
    UpdatedAt,
    RequestedAmount,
}

public sealed record LeadFilter(
    string? Search,
    Guid? ClientId,
    IReadOnlyList<string> Statuses,
    LoanProduct? Product,
    Guid? ResponsibleUserId,
    Guid? DuplicateOfLeadId,
    bool? IsDuplicate,
    decimal? AmountMin,
    decimal? AmountMax,
    CreatedWindow Created
)
{
    /// <summary>
    /// Only this organization's leads. A caller whose scope is its own organization and asks for another gets no rows:
    /// the scope is applied as well, never instead.
    /// </summary>
    public Guid? OrganizationId { get; init; }

    /// <summary>Only leads whose client came from one of these sources (codes).</summary>
    public IReadOnlyList<string> ClientSources { get; init; } = [];

    /// <summary>Only leads whose client is from this city (exact, case-insensitive, as the client list
    /// filters).</summary>
    public string? ClientCity { get; init; }

    /// <summary>An integrator's reference (<c>externalRef</c>): the list's filter only, not the export's.</summary>
    public string? ExternalRef { get; init; }

    /// <summary>The conditions each row's custom field values must meet (the list's <c>cf</c> filters, read by
    /// <see cref="CustomFieldSchema.Listing"/>).</summary>
    public IReadOnlyList<CustomFieldCondition> CustomFields { get; init; } = [];

    /// <summary>The filter the query asks for, normalised; a status that is not configured is a 400 on
    /// <c>status</c>.</summary>
    public static async Task<Result<LeadFilter>> FromAsync(
        ILeadFilterQuery query,
        ILeadStatusRepository statuses,
        CancellationToken cancellationToken
    )
    {
        if (
            query.Status is { Count: > 0 } wanted
            && await statuses.FirstUnknownAsync(wanted, cancellationToken) is { } unknown
        )
        {
            return await LeadStatusField.Unknown(statuses, unknown, cancellationToken);
        }

        return new LeadFilter(
            TextNormalizer.TrimOrNull(query.Q),
            query.ClientId,
            query.Status ?? [],
            query.Product,
            query.ResponsibleUserId,
            query.DuplicateOf,
            query.IsDuplicate,
            query.AmountMin,
            query.AmountMax,
            CreatedWindow.Of(query)
        )
        {
            OrganizationId = query.OrganizationId,
            ClientSources = query.Source?.Distinct(StringComparer.Ordinal).ToList() ?? [],
            ClientCity = TextNormalizer.CollapseOrNull(query.City),
        };
    }
}

/// <summary>The filter parameters that the lead list and the lead export share.</summary>
public interface ILeadFilterQuery : ICreatedWindowQuery
{
    string? Q { get; }

    Guid? ClientId { get; }

    IReadOnlyList<string>? Status { get; }

    LoanProduct? Product { get; }

    Guid? ResponsibleUserId { get; }

    Guid? DuplicateOf { get; }

    bool? IsDuplicate { get; }

    decimal? AmountMin { get; }

    decimal? AmountMax { get; }

    Guid? OrganizationId { get; }

    /// <summary>Any of these client source codes.</summary>
    IReadOnlyList<string>? Source { get; }

    /// <summary>The client's city.</summary>
    string? City { get; }
}

internal sealed class LeadFilterValidator<TQuery> : AbstractValidator<TQuery>
    where TQuery : ILeadFilterQuery
{
    public LeadFilterValidator()
    {
        RuleFor(q => q.Q).ValidSearch();
        RuleFor(q => q.Product).DefinedOrNull();
        RuleFor(q => q.AmountMin).GreaterThanOrEqualTo(0).WithMessage("Must not be negative.");
        RuleFor(q => q.AmountMax)
            .GreaterThanOrEqualTo(q => q.AmountMin ?? 0)
            .WithMessage("Must not be less than amountMin or negative.");
        Include(new CreatedWindowValidator<TQuery>());
        RuleFor(q => q.Source)
            .Must(codes => codes is null || codes.All(ClientSource.IsValidCode))
            .WithMessage("Each value must be a client source code (lower-case Latin letters, digits and _).");
        RuleFor(q => q.City).OptionalText(Client.MaxCityLength);
    }
}

/// <summary>
/// What the repository fetches: one page of rows (plus one), changed within <paramref name="Updated"/>, each with its
/// client's summary when <paramref name="Clients"/> includes the client's organization (null: no summaries).
/// </summary>
public sealed record LeadListCriteria(
    DataScope Scope,
    LeadFilter Filter,
    SortOption<LeadSortField> Sort,
    KeysetPosition? After,
    int Take,
    UpdatedWindow Updated,
    DataScope? Clients
);

public static class LeadSorts
{
    public static SortCatalog<LeadSortField, LeadDto> Catalog { get; } =
        new(
            "leads",
            "-createdAt",
            ("createdAt", LeadSortField.CreatedAt, typeof(DateTimeOffset), l => l.CreatedAt),
            ("updatedAt", LeadSortField.UpdatedAt, typeof(DateTimeOffset), l => l.UpdatedAt),
            // A lead without an amount sorts as 0.
            ("requestedAmount", LeadSortField.RequestedAmount, typeof(decimal), l => l.RequestedAmount ?? 0m)
        )
        {
            CustomFieldsOf = l => l.CustomFields,
        };
}
