using FluentValidation;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Domain.Common;
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
    DateTimeOffset? CreatedFrom,
    DateTimeOffset? CreatedTo)
{
    /// <summary>An integrator's reference (<c>externalRef</c>): the list's filter only, not the export's.</summary>
    public string? ExternalRef { get; init; }

    /// <summary>The filter the query asks for, normalised; a status that is not configured is a 400 on <c>status</c>.</summary>
    public static async Task<Result<LeadFilter>> FromAsync(ILeadFilterQuery query, ILeadStatusRepository statuses, CancellationToken cancellationToken)
    {
        if (query.Status is { Count: > 0 } wanted)
        {
            var known = await statuses.CodesAsync(cancellationToken);
            if (wanted.FirstOrDefault(s => !known.Contains(s, StringComparer.Ordinal)) is { } unknown)
            {
                return LeadStatusField.Unknown(unknown, known);
            }
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
            query.CreatedFrom?.ToUniversalTime(),
            query.CreatedTo?.ToUniversalTime());
    }
}

/// <summary>The filter parameters that the lead list and the lead export share.</summary>
public interface ILeadFilterQuery
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

    DateTimeOffset? CreatedFrom { get; }

    DateTimeOffset? CreatedTo { get; }
}

internal sealed class LeadFilterValidator<TQuery> : AbstractValidator<TQuery>
    where TQuery : ILeadFilterQuery
{
    public LeadFilterValidator()
    {
        RuleFor(q => q.Q).ValidSearch();
        RuleFor(q => q.Product).DefinedOrNull();
        RuleFor(q => q.AmountMin).GreaterThanOrEqualTo(0).WithMessage("Must not be negative.");
        RuleFor(q => q.AmountMax).GreaterThanOrEqualTo(q => q.AmountMin ?? 0).WithMessage("Must not be less than amountMin or negative.");
        RuleFor(q => q.CreatedTo).GreaterThan(q => q.CreatedFrom).When(q => q.CreatedFrom is not null && q.CreatedTo is not null)
            .WithMessage("Must be later than createdFrom.");
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
    DataScope? Clients);

public static class LeadSorts
{
    public static SortCatalog<LeadSortField, LeadDto> Catalog { get; } = new(
        "leads",
        "-createdAt",
        ("createdAt", LeadSortField.CreatedAt, typeof(DateTimeOffset), l => l.CreatedAt),
        ("updatedAt", LeadSortField.UpdatedAt, typeof(DateTimeOffset), l => l.UpdatedAt),
        // A lead without an amount sorts as 0.
        ("requestedAmount", LeadSortField.RequestedAmount, typeof(decimal), l => l.RequestedAmount ?? 0m));
}
