using MakCrm.Application.Clients;
using MakCrm.Application.CustomFields;
using MakCrm.Domain.CustomFields;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Deals;

public sealed record DealDto(
    Guid Id,
    Guid OrganizationId,
    Guid ClientId,
    Guid? LeadId,
    string Title,
    decimal Amount,
    string? Bank,
    LoanProduct Product,
    Guid? ResponsibleUserId,
    Guid PipelineId,
    Guid StageId,
    DateTimeOffset? ClosedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version,
    LoanIssueDto? Loan
) : Contracts.IVersioned, INamesUsers, IAnswersAs<Contracts.Deal>, ICarriesCustomFields
{
    /// <summary>The custom fields' values, narrowed by the pipeline to the fields the reader sees
    /// (<see cref="ICarriesCustomFields"/>).</summary>
    public CustomFieldValues CustomFields { get; init; } = CustomFieldValues.None;

    public IEnumerable<CustomFieldEntity> CustomFieldEntities() => CustomFields.IsEmpty ? [] : [CustomFieldEntity.Deal];

    public object WithCustomFields(CustomFieldSchema fields) =>
        this with
        {
            CustomFields = fields.Narrow(CustomFieldEntity.Deal, CustomFields),
        };

    /// <summary>The day the deal is expected to close; null when not set.</summary>
    public DateOnly? ExpectedCloseDate { get; init; }

    /// <summary>The deal's own chance of being won in percent; null: its stage's applies.</summary>
    public int? Probability { get; init; }

    /// <summary>The responsible user with their name; filled by the pipeline (<see cref="INamesUsers"/>).</summary>
    public Contracts.UserRef? ResponsibleUser { get; init; }

    /// <summary>The client's summary, when the caller may read the client; read with the deal (see
    /// <see cref="ClientSummaryScope"/>).</summary>
    public Contracts.ClientSummary? Client { get; init; }

    public IEnumerable<Guid?> UserIds() => [ResponsibleUserId];

    public object WithNames(UserNames names) => this with { ResponsibleUser = names.Of(ResponsibleUserId) };

    Contracts.Deal IAnswersAs<Contracts.Deal>.ToRecord() => Contracts.Deal.From(this);

    public static DealDto From(Deal deal) =>
        new(
            deal.Id,
            deal.OrganizationId,
            deal.ClientId,
            deal.LeadId,
            deal.Title,
            deal.Amount,
            deal.Bank,
            deal.Product,
            deal.ResponsibleUserId,
            deal.PipelineId,
            deal.StageId,
            deal.ClosedAt,
            deal.CreatedAt,
            deal.UpdatedAt,
            deal.Version,
            LoanIssueDto.From(deal.Loan)
        )
        {
            CustomFields = CustomFieldValues.Stored(deal.CustomFields),
            ExpectedCloseDate = deal.ExpectedCloseDate,
            Probability = deal.Probability,
        };
}

/// <summary>The deal's current loan issue and, when it was undone, its cancellation.</summary>
public sealed record LoanIssueDto(
    int Number,
    DateOnly IssuedOn,
    decimal Amount,
    string BankCode,
    LoanProduct Product,
    int TermMonths,
    DateOnly? CancelledOn,
    LoanCancellationReason? CancellationReason,
    LoanFee? Fee
)
{
    public static LoanIssueDto? From(LoanIssue? loan) =>
        loan is null
            ? null
            : new(
                loan.Number,
                loan.Details.IssuedOn,
                loan.Details.Amount,
                loan.Details.BankCode,
                loan.Details.Product,
                loan.Details.TermMonths,
                loan.Cancellation?.CancelledOn,
                loan.Cancellation?.Reason,
                loan.Fee
            );
}

public sealed record DealStageChangeDto(
    Guid Id,
    DateTimeOffset At,
    Guid? ActorUserId,
    string? ActorClientId,
    Guid? FromPipelineId,
    Guid? FromStageId,
    Guid ToPipelineId,
    Guid ToStageId
) : INamesUsers
{
    /// <summary>The user who moved the deal, with their name; filled by the pipeline
    /// (<see cref="INamesUsers"/>).</summary>
    public Contracts.UserRef? ActorUser { get; init; }

    public IEnumerable<Guid?> UserIds() => [ActorUserId];

    public object WithNames(UserNames names) => this with { ActorUser = names.Of(ActorUserId) };
}

public enum DealSortField
{
    CreatedAt,
    UpdatedAt,
    Amount,
}

/// <summary>Which deals a list is about, normalised; time bounds are half-open, from inclusive and to
/// exclusive.</summary>
public sealed record DealFilter(Guid? PipelineId, Guid? StageId, Guid? ResponsibleUserId, Guid? ClientId, Guid? LeadId)
{
    /// <summary>Searches the title and the client's full name, e-mail and phone, as the lead list's <c>q</c>
    /// does.</summary>
    public string? Search { get; init; }

    public decimal? AmountMin { get; init; }

    public decimal? AmountMax { get; init; }

    public CreatedWindow Created { get; init; } = CreatedWindow.None;

    public DateTimeOffset? ClosedFrom { get; init; }

    public DateTimeOffset? ClosedTo { get; init; }

    public Contracts.DealState? State { get; init; }

    /// <summary>The conditions each row's custom field values must meet (the list's <c>cf</c> filters, read by
    /// <see cref="CustomFieldSchema.Listing"/>).</summary>
    public IReadOnlyList<CustomFieldCondition> CustomFields { get; init; } = [];
}

/// <summary>
/// What the repository fetches: one page of rows (plus one), changed within <paramref name="Updated"/>, each with its
/// client's summary when <paramref name="Clients"/> includes the client's organization (null: no summaries).
/// </summary>
public sealed record DealListCriteria(
    DataScope Scope,
    DealFilter Filter,
    SortOption<DealSortField> Sort,
    KeysetPosition? After,
    int Take,
    UpdatedWindow Updated,
    DataScope? Clients
);

public static class DealSorts
{
    public static SortCatalog<DealSortField, DealDto> Catalog { get; } =
        new(
            "deals",
            "-createdAt",
            ("createdAt", DealSortField.CreatedAt, typeof(DateTimeOffset), d => d.CreatedAt),
            ("updatedAt", DealSortField.UpdatedAt, typeof(DateTimeOffset), d => d.UpdatedAt),
            ("amount", DealSortField.Amount, typeof(decimal), d => d.Amount)
        )
        {
            CustomFieldsOf = d => d.CustomFields,
        };
}

/// <summary>A deal and its loan as the API answers them (schemas <c>Deal</c>, <c>LoanIssue</c>).</summary>
public static class DealAnswers
{
    extension(Contracts.Deal)
    {
        public static Contracts.Deal From(DealDto dto) =>
            new(
                dto.Id,
                dto.OrganizationId,
                dto.ClientId,
                dto.LeadId,
                dto.Title,
                dto.Amount,
                dto.Bank,
                dto.Product,
                dto.ResponsibleUserId,
                dto.ResponsibleUser,
                dto.PipelineId,
                dto.StageId,
                dto.ClosedAt,
                dto.ExpectedCloseDate,
                dto.Probability,
                dto.CreatedAt,
                dto.UpdatedAt,
                dto.Version,
                dto.Client,
                Contracts.LoanIssue.From(dto.Loan),
                dto.CustomFields.Answer()
            );
    }

    extension(Contracts.LoanIssue)
    {
        public static Contracts.LoanIssue? From(LoanIssueDto? dto) =>
            dto is null
                ? null
                : new(
                    dto.Number,
                    dto.IssuedOn,
                    dto.Amount,
                    dto.BankCode,
                    dto.Product,
                    dto.TermMonths,
                    dto.CancelledOn,
                    dto.CancellationReason,
                    dto.Fee is { } fee ? new Contracts.LoanFeeRecord(fee.Amount, fee.ReceivedOn, fee.Reference) : null
                );
    }
}
