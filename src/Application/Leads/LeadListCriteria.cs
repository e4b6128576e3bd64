using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
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
    DateTimeOffset? CreatedTo);

public sealed record LeadListCriteria(
    DataScope Scope,
    LeadFilter Filter,
    SortOption<LeadSortField> Sort,
    KeysetPosition? After,
    int Take);

public static class LeadSorts
{
    public static SortCatalog<LeadSortField, LeadDto> Catalog { get; } = new(
        "leads",
        "-createdAt",
        ("createdAt", LeadSortField.CreatedAt, typeof(DateTimeOffset), l => l.CreatedAt),
        ("updatedAt", LeadSortField.UpdatedAt, typeof(DateTimeOffset), l => l.UpdatedAt),
        ("requestedAmount", LeadSortField.RequestedAmount, typeof(decimal), l => l.RequestedAmount));
}
