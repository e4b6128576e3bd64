using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Clients;
using MakCrm.Application.Deals;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Events;

namespace MakCrm.Application.Commissions;

/// <summary>
/// Records the fee the bank actually paid for the deal's live loan issue (<c>PUT</c>: the same fee again changes
/// nothing, so a retry is safe; a different fee is a correction). Under a received-fee base it accrues the partners'
/// commissions, and whatever the base it ends their hold (<see cref="CommissionAccruals.FeeRecordedAsync"/>), in this
/// unit of work. A changed fee raises <c>deal.loan_fee_recorded</c>.
/// </summary>
public sealed record RecordLoanFeeCommand(
    Guid DealId,
    decimal Amount,
    DateOnly ReceivedOn,
    string? Reference,
    VersionCheck IfMatch
) : ICommand<DealDto>;

internal sealed class RecordLoanFeeValidator : AbstractValidator<RecordLoanFeeCommand>
{
    public RecordLoanFeeValidator()
    {
        RuleFor(c => (decimal?)c.Amount).ValidAmount().OverridePropertyName("amount");
        RuleFor(c => c.Reference)
            .MaximumLength(LoanFee.MaxReferenceLength)
            .WithMessage($"Must be at most {LoanFee.MaxReferenceLength} characters.");
    }
}

internal sealed class RecordLoanFeeHandler(
    IDealRepository deals,
    CommissionAccruals commissions,
    ClientSummaryLookup summaries,
    IEventOutbox events,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<RecordLoanFeeCommand, DealDto>
{
    public async Task<Result<DealDto>> Handle(RecordLoanFeeCommand command, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowMicroseconds();
        var found = await LoanDeal.FindAsync(
            deals,
            actor,
            command.DealId,
            command.IfMatch,
            LoanDates.InFuture(command.ReceivedOn, now, "receivedOn"),
            cancellationToken
        );
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var deal = found.Value;
        var recorded = deal.RecordLoanFee(new LoanFee(command.Amount, command.ReceivedOn, command.Reference), now);
        if (!recorded.IsSuccess)
        {
            return recorded.Error!;
        }

        // A new or corrected fee moves the commissions in this unit of work; a replay (nothing changed) moves nothing.
        if (recorded.Value)
        {
            await commissions.FeeRecordedAsync(deal, deal.Loan!, cancellationToken);
        }

        return await LoanDeal.AnswerAsync(
            deal,
            recorded.Value,
            EventPayloads.DealLoanFeeRecorded,
            summaries,
            events,
            cancellationToken
        );
    }
}
