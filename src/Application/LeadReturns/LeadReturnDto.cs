using MakCrm.Domain.LeadReturns;

namespace MakCrm.Application.LeadReturns;

public sealed record LeadReturnDto(
    Guid Id,
    Guid LeadId,
    Guid OrganizationId,
    Guid ChargeEntryId,
    decimal Amount,
    Guid? LotId,
    LeadReturnReason Reason,
    string? Comment,
    LeadReturnStatus Status,
    Guid? RequestedByUserId,
    Guid? DecidedByUserId,
    DateTimeOffset? DecidedAt,
    string? RejectionReason,
    Guid? RefundEntryId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version
) : Contracts.IVersioned, INamesUsers, IAnswersAs<Contracts.LeadReturn>
{
    /// <summary>Who asked for the return, with their name; filled by the pipeline (<see cref="INamesUsers"/>), as is
    /// who decided it.</summary>
    public Contracts.UserRef? RequestedByUser { get; init; }

    public Contracts.UserRef? DecidedByUser { get; init; }

    public IEnumerable<Guid?> UserIds() => [RequestedByUserId, DecidedByUserId];

    public object WithNames(UserNames names) =>
        this with
        {
            RequestedByUser = names.Of(RequestedByUserId),
            DecidedByUser = names.Of(DecidedByUserId),
        };

    Contracts.LeadReturn IAnswersAs<Contracts.LeadReturn>.ToRecord() => Contracts.LeadReturn.From(this);

    public static LeadReturnDto From(LeadReturn r) =>
        new(
            r.Id,
            r.LeadId,
            r.OrganizationId,
            r.ChargeEntryId,
            r.Amount,
            r.LotId,
            r.Reason,
            r.Comment,
            r.Status,
            r.RequestedByUserId,
            r.DecidedByUserId,
            r.DecidedAt,
            r.RejectionReason,
            r.RefundEntryId,
            r.CreatedAt,
            r.UpdatedAt,
            r.Version
        );
}

/// <summary>The return rules head office configures (section <c>Mak:LeadReturns</c>).</summary>
public sealed class LeadReturnOptions
{
    public const string Section = "Mak:LeadReturns";

    /// <summary>How long after the charge a bought lead may be returned.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromHours(72);
}

public enum LeadReturnSortField
{
    CreatedAt,
}

public sealed record LeadReturnListCriteria(
    DataScope Scope,
    LeadReturnStatus? Status,
    Guid? LeadId,
    Guid? OrganizationId,
    SortOption<LeadReturnSortField> Sort,
    KeysetPosition? After,
    int Take
);

public static class LeadReturnSorts
{
    public static SortCatalog<LeadReturnSortField, LeadReturnDto> Catalog { get; } =
        new(
            "lead-returns",
            "-createdAt",
            ("createdAt", LeadReturnSortField.CreatedAt, typeof(DateTimeOffset), r => r.CreatedAt)
        );
}

/// <summary>A lead return as the API answers it (schema <c>LeadReturn</c>).</summary>
public static class LeadReturnAnswers
{
    extension(Contracts.LeadReturn)
    {
        public static Contracts.LeadReturn From(LeadReturnDto dto) =>
            new(
                dto.Id,
                dto.LeadId,
                dto.OrganizationId,
                dto.ChargeEntryId,
                dto.Amount,
                dto.LotId,
                dto.Reason,
                dto.Comment,
                dto.Status,
                dto.RequestedByUserId,
                dto.RequestedByUser,
                dto.DecidedByUserId,
                dto.DecidedByUser,
                dto.DecidedAt,
                dto.RejectionReason,
                dto.RefundEntryId,
                dto.CreatedAt,
                dto.UpdatedAt
            );
    }
}
