using MakCrm.Application.Banks;
using MakCrm.Application.Commissions;
using MakCrm.Application.Common;
using MakCrm.Application.Deals;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Leads;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

/// <summary>A bank of the managed bank list (schema <c>Bank</c>).</summary>
public sealed record Bank(string Code, string Name, bool Active, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
{
    public static Bank From(BankDto dto) => new(dto.Code, dto.Name, dto.Active, dto.CreatedAt, dto.UpdatedAt, dto.Version);
}

public sealed record BankList(IReadOnlyList<Bank> Items)
{
    public static BankList From(IReadOnlyList<BankDto> banks) => new(banks.Select(Bank.From).ToList());
}

public sealed record CreateBankRequest
{
    public required string Code { get; init; }

    public required string Name { get; init; }

    public bool? Active { get; init; }

    public CreateBankCommand ToCommand() => new(Code, Name, Active);
}

/// <summary>A JSON merge patch of a bank.</summary>
public sealed record UpdateBankRequest
{
    public string Name { get; init; } = "";

    public bool Active { get; init; }

    public static UpdateBankCommand ToCommand(string code, VersionCheck ifMatch, JsonBody<UpdateBankRequest> body) =>
        new(code, ifMatch, body.Field("name", body.Value.Name), body.Field<bool>("active", body.Value.Active));
}

/// <summary>The loan issued on a deal (schema <c>LoanIssue</c>).</summary>
public sealed record LoanIssue(
    int Number,
    DateOnly IssuedOn,
    decimal Amount,
    string BankCode,
    LoanProduct Product,
    int TermMonths,
    DateOnly? CancelledOn,
    LoanCancellationReason? CancellationReason,
    LoanFeeRecord? Fee)
{
    public static LoanIssue? From(LoanIssueDto? dto) => dto is null
        ? null
        : new(dto.Number, dto.IssuedOn, dto.Amount, dto.BankCode, dto.Product, dto.TermMonths, dto.CancelledOn, dto.CancellationReason,
            dto.Fee is { } fee ? new LoanFeeRecord(fee.Amount, fee.ReceivedOn, fee.Reference) : null);
}

/// <summary>The fee the bank paid for an issued loan (schema <c>LoanFee</c>).</summary>
public sealed record LoanFeeRecord(decimal Amount, DateOnly ReceivedOn, string? Reference);

public sealed record RecordLoanFeeRequest
{
    public required decimal Amount { get; init; }

    public required DateOnly ReceivedOn { get; init; }

    public string? Reference { get; init; }

    public RecordLoanFeeCommand ToCommand(Guid dealId, VersionCheck ifMatch) => new(dealId, Amount, ReceivedOn, Reference, ifMatch);
}

public sealed record RecordLoanIssueRequest
{
    public required DateOnly IssuedOn { get; init; }

    public required decimal Amount { get; init; }

    public required string BankCode { get; init; }

    public required LoanProduct Product { get; init; }

    public required int TermMonths { get; init; }

    public RecordLoanIssueCommand ToCommand(Guid dealId, VersionCheck ifMatch) => new(dealId, IssuedOn, Amount, BankCode, Product, TermMonths, ifMatch);
}

public sealed record CancelLoanIssueRequest
{
    public required DateOnly CancelledOn { get; init; }

    public required LoanCancellationReason Reason { get; init; }

    public CancelLoanIssueCommand ToCommand(Guid dealId, VersionCheck ifMatch) => new(dealId, CancelledOn, Reason, ifMatch);
}
