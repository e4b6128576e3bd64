using MakCrm.Application.Abstractions.Documents;
using MakCrm.Application.Common;
using MakCrm.Application.Settlements;
using MakCrm.Domain.Settlements;

namespace MakCrm.WebApi.Contracts;

/// <summary>A settlement act (schema <c>SettlementAct</c>).</summary>
public sealed partial record SettlementAct
{
    public static SettlementAct From(SettlementActDto dto) => new(
        dto.Id, dto.OrganizationId, dto.PeriodFrom, dto.PeriodTo, dto.Status, dto.Total, dto.CorrectsActId, dto.Number, dto.IssuedOn,
        dto.DocumentId, dto.Lines, dto.Acceptance, dto.Payout, dto.CreatedAt, dto.UpdatedAt, dto.Version);
}

public sealed partial record SettlementActPage
{
    public static SettlementActPage From(Page<SettlementActDto> page) => new(page.Items.Select(SettlementAct.From).ToList(), page.NextCursor);
}

public sealed partial record DraftSettlementActRequest
{
    public DraftSettlementActCommand ToCommand() => new(OrganizationId, PeriodFrom, PeriodTo, CorrectsActId);
}

public sealed partial record RecordSettlementPayoutRequest
{
    public RecordSettlementPayoutCommand ToCommand(Guid id, VersionCheck ifMatch) => new(id, ifMatch, PaidOn, Amount, TaxReceiptNumber, TaxReceiptUrl);
}

public sealed partial record CreateReconciliationStatementRequest
{
    public CreateReconciliationStatementCommand ToCommand(Guid organizationId) => new(organizationId, From, To, Format);
}
