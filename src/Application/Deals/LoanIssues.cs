using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Clients;
using MakCrm.Application.Commissions;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Access;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Events;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Deals;

/// <summary>
/// Records the loan a bank issued on a deal (<c>PUT</c>: the same issue again changes nothing, so a retry is safe).
/// A new issue raises <c>deal.loan_issued</c>.
/// </summary>
public sealed record RecordLoanIssueCommand(
    Guid DealId,
    DateOnly IssuedOn,
    decimal Amount,
    string BankCode,
    LoanProduct Product,
    int TermMonths,
    VersionCheck IfMatch
) : ICommand<DealDto>;

internal sealed class RecordLoanIssueValidator : AbstractValidator<RecordLoanIssueCommand>
{
    public RecordLoanIssueValidator()
    {
        RuleFor(c => (decimal?)c.Amount).ValidAmount().OverridePropertyName("amount");
        RuleFor(c => c.BankCode).NotEmpty().WithMessage("Must be the code of a bank of the bank list.");
        RuleFor(c => c.Product).Defined();
        RuleFor(c => c.TermMonths)
            .InclusiveBetween(1, LoanIssueDetails.MaxTermMonths)
            .WithMessage($"Must be between 1 and {LoanIssueDetails.MaxTermMonths} months.");
    }
}

internal sealed class RecordLoanIssueHandler(
    IDealRepository deals,
    IBankRepository banks,
    CommissionAccruals commissions,
    ClientSummaryLookup summaries,
    IEventOutbox events,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<RecordLoanIssueCommand, DealDto>
{
    public async Task<Result<DealDto>> Handle(RecordLoanIssueCommand command, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowMicroseconds();
        var found = await LoanDeal.FindAsync(
            deals,
            actor,
            command.DealId,
            command.IfMatch,
            LoanDates.InFuture(command.IssuedOn, now, "issuedOn"),
            cancellationToken
        );
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var deal = found.Value;

        // A replay of the current issue passes even if its bank was deactivated since; a new issue needs an active
        // bank.
        var details = new LoanIssueDetails(
            command.IssuedOn,
            command.Amount,
            command.BankCode,
            command.Product,
            command.TermMonths
        );
        if (
            deal.Loan is not { IsCancelled: false }
            && !await banks.ExistsAsync(command.BankCode, activeOnly: true, cancellationToken)
        )
        {
            return Error.Validation("bankCode", "Must be the code of an active bank of the bank list.");
        }

        var issued = deal.RecordLoanIssue(details, now);
        if (!issued.IsSuccess)
        {
            return issued.Error!;
        }

        // A new issue accrues its commissions in this unit of work; a replay (nothing changed) accrues nothing.
        if (issued.Value)
        {
            await commissions.AccrueAsync(deal, deal.Loan!, cancellationToken);
        }

        return await LoanDeal.AnswerAsync(
            deal,
            issued.Value,
            EventPayloads.DealLoanIssued,
            summaries,
            events,
            cancellationToken
        );
    }
}

/// <summary>
/// Cancels the deal's issued loan: returned early within the cooling-off period, or clawed back by the bank
/// (<c>PUT</c>:
/// the same cancellation again changes nothing). A cancellation raises <c>deal.loan_cancelled</c>.
/// </summary>
public sealed record CancelLoanIssueCommand(
    Guid DealId,
    DateOnly CancelledOn,
    LoanCancellationReason Reason,
    VersionCheck IfMatch
) : ICommand<DealDto>;

internal sealed class CancelLoanIssueValidator : AbstractValidator<CancelLoanIssueCommand>
{
    public CancelLoanIssueValidator()
    {
        RuleFor(c => c.Reason).Defined();
    }
}

internal sealed class CancelLoanIssueHandler(
    IDealRepository deals,
    CommissionAccruals commissions,
    ClientSummaryLookup summaries,
    IEventOutbox events,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<CancelLoanIssueCommand, DealDto>
{
    public async Task<Result<DealDto>> Handle(CancelLoanIssueCommand command, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowMicroseconds();
        var found = await LoanDeal.FindAsync(
            deals,
            actor,
            command.DealId,
            command.IfMatch,
            LoanDates.InFuture(command.CancelledOn, now, "cancelledOn"),
            cancellationToken
        );
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var cancelled = found.Value.CancelLoan(new LoanCancellation(command.CancelledOn, command.Reason), now);
        if (!cancelled.IsSuccess)
        {
            return cancelled.Error!;
        }

        // The cancellation reverses what the issue accrued, in this unit of work.
        if (cancelled.Value)
        {
            await commissions.ReverseAsync(found.Value, found.Value.Loan!, cancellationToken);
        }

        return await LoanDeal.AnswerAsync(
            found.Value,
            cancelled.Value,
            EventPayloads.DealLoanCancelled,
            summaries,
            events,
            cancellationToken
        );
    }
}

/// <summary>What recording an issue and a cancellation share: finding the deal, and answering with it and its
/// events.</summary>
internal static class LoanDeal
{
    /// <summary>The deal in the caller's scope, at the version <paramref name="ifMatch"/> names when sent; a 404, a
    /// 412, or <paramref name="invalid"/> first.</summary>
    public static async Task<Result<Deal>> FindAsync(
        IDealRepository deals,
        ICurrentActor actor,
        Guid id,
        VersionCheck ifMatch,
        Error? invalid,
        CancellationToken cancellationToken
    )
    {
        if (invalid is not null)
        {
            return invalid;
        }

        var deal = await deals.FindAsync(id, DataScope.For(actor, Permissions.DealsReadAll), cancellationToken);
        if (deal is null)
        {
            return Error.NotFound("Deal", id);
        }

        var precondition = ifMatch.IfPresent(deal.Version);
        return precondition.IsSuccess ? deal : precondition.Error!;
    }

    /// <summary>The deal as answered; when it <paramref name="changed"/>, <c>deal.updated</c> and
    /// <paramref name="type"/> carry it.</summary>
    public static async Task<DealDto> AnswerAsync(
        Deal deal,
        bool changed,
        EventPayload<Contracts.Deal> type,
        ClientSummaryLookup summaries,
        IEventOutbox events,
        CancellationToken cancellationToken
    )
    {
        var dto = DealDto.From(deal) with { Client = await summaries.ForAsync(deal.ClientId, cancellationToken) };
        if (changed)
        {
            events.Raise(EventPayloads.DealUpdated, dto.OrganizationId, dto.Id, dto);
            events.Raise(type, dto.OrganizationId, dto.Id, dto);
        }

        return dto;
    }
}

internal static class LoanDates
{
    /// <summary>
    /// A bank's date that is after today is refused; "today" is taken a day wide (UTC+1 day) so that a date from the
    /// bank's time zone, east of UTC, is not refused in the evening.
    /// </summary>
    public static Error? InFuture(DateOnly date, DateTimeOffset now, string field) =>
        date > DateOnly.FromDateTime(now.UtcDateTime).AddDays(1)
            ? Error.Validation(field, "Must not be in the future.")
            : null;
}
