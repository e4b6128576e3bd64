using MakCrm.Application.Banks;
using MakCrm.Application.Commissions;
using MakCrm.Application.Deals;
using MakCrm.Contracts;
using MakCrm.Domain.Leads;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class MoneyMappings
{
    extension(RecordLoanFeeRequest request)
    {
        public RecordLoanFeeCommand ToCommand(Guid dealId, VersionCheck ifMatch) =>
            new(dealId, request.Amount, request.ReceivedOn, request.Reference, ifMatch);
    }

    extension(RecordLoanIssueRequest request)
    {
        public RecordLoanIssueCommand ToCommand(Guid dealId, VersionCheck ifMatch) =>
            new(
                dealId,
                request.IssuedOn,
                request.Amount,
                request.BankCode,
                request.Product,
                request.TermMonths,
                ifMatch
            );
    }

    extension(CancelLoanIssueRequest request)
    {
        public CancelLoanIssueCommand ToCommand(Guid dealId, VersionCheck ifMatch) =>
            new(dealId, request.CancelledOn, request.Reason, ifMatch);
    }
}
