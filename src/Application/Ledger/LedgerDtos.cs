using MakCrm.Domain.Ledger;

namespace MakCrm.Application.Ledger;

public sealed record LedgerEntryDto(
    Guid Id,
    Guid OrganizationId,
    LedgerEntryKind Kind,
    decimal Amount,
    decimal BalanceAfter,
    decimal HeldAfter,
    Guid? LotId,
    Guid? BidId,
    Guid? LeadId,
    Guid? ReturnId,
    Guid? InvoiceId,
    string? Comment,
    Guid? CreatedByUserId,
    DateTimeOffset CreatedAt
) : INamesUsers, IAnswersAs<Contracts.LedgerEntry>
{
    /// <summary>The user who recorded the entry, with their name; filled by the pipeline
    /// (<see cref="INamesUsers"/>).</summary>
    public Contracts.UserRef? CreatedByUser { get; init; }

    public IEnumerable<Guid?> UserIds() => [CreatedByUserId];

    public object WithNames(UserNames names) => this with { CreatedByUser = names.Of(CreatedByUserId) };

    Contracts.LedgerEntry IAnswersAs<Contracts.LedgerEntry>.ToRecord() => Contracts.LedgerEntry.From(this);

    /// <summary>An entry just added, with the organization's balance after it (<c>ILedger.Add</c> returns
    /// it).</summary>
    public static LedgerEntryDto From(LedgerEntry e, LedgerBalance after) =>
        new(
            e.Id,
            e.OrganizationId,
            e.Kind,
            e.Amount,
            after.Available,
            after.Held,
            e.LotId,
            e.BidId,
            e.LeadId,
            e.ReturnId,
            e.InvoiceId,
            e.Comment,
            e.CreatedByUserId,
            e.CreatedAt
        );
}

/// <summary>A franchisee's money: <c>Available</c> for bids, <c>Held</c> by leading bids, <c>Total</c> on the
/// account.</summary>
public sealed record FranchiseeBalanceDto(
    Guid OrganizationId,
    string OrganizationName,
    string? Grade,
    decimal Available,
    decimal Held
)
{
    public decimal Total => Available + Held;
}

public sealed record LedgerEntryFilter(
    Guid? OrganizationId,
    IReadOnlyList<LedgerEntryKind> Kinds,
    DateTimeOffset? From,
    DateTimeOffset? To,
    Guid? LotId,
    Guid? LeadId
);

public enum LedgerEntrySortField
{
    CreatedAt,
}

public sealed record LedgerEntryListCriteria(
    DataScope Scope,
    LedgerEntryFilter Filter,
    SortOption<LedgerEntrySortField> Sort,
    KeysetPosition? After,
    int Take
);

public enum BalanceSortField
{
    Name,
}

public sealed record BalanceListCriteria(
    DataScope Scope,
    string? Grade,
    SortOption<BalanceSortField> Sort,
    KeysetPosition? After,
    int Take
);

public static class LedgerSorts
{
    public static SortCatalog<LedgerEntrySortField, LedgerEntryDto> Entries { get; } =
        new(
            "ledger-entries",
            "-createdAt",
            ("createdAt", LedgerEntrySortField.CreatedAt, typeof(DateTimeOffset), e => e.CreatedAt)
        );

    public static SortCatalog<BalanceSortField, FranchiseeBalanceDto> Balances { get; } =
        new("ledger-balances", "name", ("name", BalanceSortField.Name, typeof(string), b => b.OrganizationName));
}

/// <summary>A movement of a franchisee's money as the API answers it (schema <c>LedgerEntry</c>).</summary>
public static class LedgerEntryAnswers
{
    extension(Contracts.LedgerEntry)
    {
        public static Contracts.LedgerEntry From(LedgerEntryDto dto) =>
            new(
                dto.Id,
                dto.OrganizationId,
                dto.Kind,
                dto.Amount,
                dto.BalanceAfter,
                dto.HeldAfter,
                dto.LotId,
                dto.BidId,
                dto.LeadId,
                dto.ReturnId,
                dto.InvoiceId,
                dto.Comment,
                dto.CreatedByUserId,
                dto.CreatedByUser,
                dto.CreatedAt
            );
    }
}
