using MakCrm.Application.Abstractions.Documents;
using MakCrm.Application.Common;
using MakCrm.Application.Settlements;
using MakCrm.Domain.Settlements;

namespace MakCrm.WebApi.Contracts;

public sealed partial record SettlementActPage
{
    public static SettlementActPage From(Page<SettlementActDto> page) => new(page.Items, page.NextCursor);
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
