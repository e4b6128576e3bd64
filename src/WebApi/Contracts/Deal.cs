using MakCrm.Application.Common;
using MakCrm.Application.Deals;
using MakCrm.Domain.Leads;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

/// <summary>A loan being arranged for a client (schema <c>Deal</c>).</summary>
public sealed record Deal(
    Guid Id,
    Guid OrganizationId,
    Guid ClientId,
    Guid? LeadId,
    string Title,
    decimal Amount,
    string? Bank,
    LoanProduct Product,
    Guid? ResponsibleUserId,
    UserRef? ResponsibleUser,
    Guid PipelineId,
    Guid StageId,
    DateTimeOffset? ClosedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version,
    ClientSummary? Client,
    LoanIssue? Loan)
{
    public static Deal From(DealDto dto) => new(
        dto.Id, dto.OrganizationId, dto.ClientId, dto.LeadId, dto.Title, dto.Amount, dto.Bank, dto.Product, dto.ResponsibleUserId, dto.ResponsibleUser,
        dto.PipelineId, dto.StageId, dto.ClosedAt, dto.CreatedAt, dto.UpdatedAt, dto.Version, ClientSummary.From(dto.Client), LoanIssue.From(dto.Loan));
}

public sealed record DealPage(IReadOnlyList<Deal> Items, string? NextCursor)
{
    public static DealPage From(Page<DealDto> page) => new(page.Items.Select(Deal.From).ToList(), page.NextCursor);
}

public sealed record CreateDealRequest
{
    public required Guid ClientId { get; init; }

    public Guid? LeadId { get; init; }

    public required string Title { get; init; }

    public required decimal Amount { get; init; }

    public string? Bank { get; init; }

    public required LoanProduct Product { get; init; }

    public Guid? ResponsibleUserId { get; init; }

    public Guid? PipelineId { get; init; }

    public Guid? StageId { get; init; }

    public CreateDealCommand ToCommand() => new(ClientId, LeadId, Title, Amount, Bank, Product, ResponsibleUserId, PipelineId, StageId);
}

/// <summary>A JSON merge patch of a deal.</summary>
public sealed record UpdateDealRequest
{
    public Guid? LeadId { get; init; }

    public string Title { get; init; } = "";

    public decimal Amount { get; init; }

    public string? Bank { get; init; }

    public LoanProduct Product { get; init; }

    public Guid? ResponsibleUserId { get; init; }

    public static UpdateDealCommand ToCommand(Guid id, VersionCheck ifMatch, JsonBody<UpdateDealRequest> body)
    {
        var patch = body.Value;
        return new UpdateDealCommand(
            id,
            ifMatch,
            body.Field<Guid?>("leadId", patch.LeadId),
            body.Field("title", patch.Title),
            body.Field<decimal>("amount", patch.Amount),
            body.Field<string?>("bank", patch.Bank),
            body.Field<LoanProduct>("product", patch.Product),
            body.Field<Guid?>("responsibleUserId", patch.ResponsibleUserId));
    }
}

public sealed record MoveDealRequest
{
    public required Guid StageId { get; init; }
}

public sealed record DealStageChange(Guid Id, DateTimeOffset At, Actor Actor, Guid? FromPipelineId, Guid? FromStageId, Guid ToPipelineId, Guid ToStageId)
{
    public static DealStageChange From(DealStageChangeDto dto) =>
        new(dto.Id, dto.At, Actor.Of(dto.ActorUserId, dto.ActorClientId, dto.ActorUser), dto.FromPipelineId, dto.FromStageId, dto.ToPipelineId, dto.ToStageId);
}

public sealed record DealStageHistory(IReadOnlyList<DealStageChange> Items)
{
    public static DealStageHistory From(Page<DealStageChangeDto> history) => new(history.Items.Select(DealStageChange.From).ToList());
}
