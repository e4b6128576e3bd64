using MakCrm.Application.Banks;
using MakCrm.Application.Commissions;
using MakCrm.Application.Common;
using MakCrm.Application.Deals;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Leads;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

/// <summary>The loan issued on a deal (schema <c>LoanIssue</c>).</summary>
public sealed partial record LoanIssue
{
    public static LoanIssue? From(LoanIssueDto? dto) => dto is null
        ? null
        : new(dto.Number, dto.IssuedOn, dto.Amount, dto.BankCode, dto.Product, dto.TermMonths, dto.CancelledOn, dto.CancellationReason,
            dto.Fee is { } fee ? new LoanFeeRecord(fee.Amount, fee.ReceivedOn, fee.Reference) : null);
}

public sealed partial record RecordLoanFeeRequest
{
    public RecordLoanFeeCommand ToCommand(Guid dealId, VersionCheck ifMatch) => new(dealId, Amount, ReceivedOn, Reference, ifMatch);
}

public sealed partial record RecordLoanIssueRequest
{
    public RecordLoanIssueCommand ToCommand(Guid dealId, VersionCheck ifMatch) => new(dealId, IssuedOn, Amount, BankCode, Product, TermMonths, ifMatch);
}

public sealed partial record CancelLoanIssueRequest
{
    public CancelLoanIssueCommand ToCommand(Guid dealId, VersionCheck ifMatch) => new(dealId, CancelledOn, Reason, ifMatch);
}
