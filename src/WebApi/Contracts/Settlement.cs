using MakCrm.Application.Abstractions.Documents;
using MakCrm.Application.Common;
using MakCrm.Application.Settlements;
using MakCrm.Domain.Settlements;

namespace MakCrm.WebApi.Contracts;

/// <summary>A settlement act (schema <c>SettlementAct</c>).</summary>
public sealed record SettlementAct(
    Guid Id, Guid OrganizationId, DateOnly PeriodFrom, DateOnly PeriodTo, SettlementActStatus Status, decimal Total, Guid? CorrectsActId,
    string? Number, DateOnly? IssuedOn, Guid? DocumentId, IReadOnlyList<SettlementActLine> Lines, SettlementAcceptance? Acceptance,
    SettlementPayout? Payout, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
{
    public static SettlementAct From(SettlementActDto dto) => new(
        dto.Id, dto.OrganizationId, dto.PeriodFrom, dto.PeriodTo, dto.Status, dto.Total, dto.CorrectsActId, dto.Number, dto.IssuedOn,
        dto.DocumentId, dto.Lines, dto.Acceptance, dto.Payout, dto.CreatedAt, dto.UpdatedAt, dto.Version);
}

public sealed record SettlementActPage(IReadOnlyList<SettlementAct> Items, string? NextCursor)
{
    public static SettlementActPage From(Page<SettlementActDto> page) => new(page.Items.Select(SettlementAct.From).ToList(), page.NextCursor);
}

public sealed record DraftSettlementActRequest
{
    public required Guid OrganizationId { get; init; }

    public required DateOnly PeriodFrom { get; init; }

    public required DateOnly PeriodTo { get; init; }

    public Guid? CorrectsActId { get; init; }

    public DraftSettlementActCommand ToCommand() => new(OrganizationId, PeriodFrom, PeriodTo, CorrectsActId);
}

public sealed record AcceptSettlementActRequest
{
    public required string Code { get; init; }
}

public sealed record RecordSettlementPayoutRequest
{
    public required DateOnly PaidOn { get; init; }

    public required decimal Amount { get; init; }

    public string? TaxReceiptNumber { get; init; }

    public string? TaxReceiptUrl { get; init; }

    public RecordSettlementPayoutCommand ToCommand(Guid id, VersionCheck ifMatch) => new(id, ifMatch, PaidOn, Amount, TaxReceiptNumber, TaxReceiptUrl);
}

public sealed record CreateReconciliationStatementRequest
{
    public required DateOnly From { get; init; }

    public required DateOnly To { get; init; }

    public DocumentFileFormat Format { get; init; } = DocumentFileFormat.Pdf;

    public CreateReconciliationStatementCommand ToCommand(Guid organizationId) => new(organizationId, From, To, Format);
}
