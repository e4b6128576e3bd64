using MakCrm.Application.Documents.Generation;
using MakCrm.Domain.Organizations;
using MakCrm.Domain.Settlements;

namespace MakCrm.Application.Settlements;

/// <summary>
/// Head office records that it paid an issued (or accepted) act: the date, the amount (the act's total), and for a
/// self-employed partner the receipt it issued in «Мой налог». The payout is also written to the partner's commission
/// ledger, taking the paid money from its available balance, in the same transaction.
/// </summary>
public sealed record RecordSettlementPayoutCommand(
    Guid Id,
    VersionCheck IfMatch,
    DateOnly PaidOn,
    decimal Amount,
    string? TaxReceiptNumber,
    string? TaxReceiptUrl
) : ICommand<Contracts.SettlementAct>;

internal sealed class RecordSettlementPayoutValidator : AbstractValidator<RecordSettlementPayoutCommand>
{
    public RecordSettlementPayoutValidator()
    {
        RuleFor(c => c.Amount)
            .GreaterThan(0)
            .Must(a => a == Money.ToKopecks(a))
            .WithMessage("Must be roubles with at most two decimal places (kopecks).");
        RuleFor(c => c.TaxReceiptNumber).MaximumLength(SettlementAct.MaxReceiptLength);
        RuleFor(c => c.TaxReceiptUrl)
            .MaximumLength(SettlementAct.MaxReceiptUrlLength)
            .Must(u =>
                u is null || (Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps)
            )
            .WithMessage("Must be an https address (the receipt's link in «Мой налог»).");
    }
}

internal sealed class RecordSettlementPayoutHandler(
    ISettlementRepository settlements,
    ISettlementPayouts payouts,
    IOrganizationRepository organizations,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<RecordSettlementPayoutCommand, Contracts.SettlementAct>
{
    public async Task<Result<Contracts.SettlementAct>> Handle(
        RecordSettlementPayoutCommand command,
        CancellationToken cancellationToken
    )
    {
        if (
            await settlements.FindAsync(command.Id, DataScope.All, draftsVisible: true, cancellationToken)
            is not { } act
        )
        {
            return SettlementCatalog.NotFound(command.Id);
        }

        var precondition = command.IfMatch.Require(act.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var now = clock.UtcNowMicroseconds();
        // Acts are dated in head office's calendar (DocumentDates), so "today" is that calendar's too: an act issued
        // after
        // midnight in Moscow can be paid the same day while it is still the day before in UTC.
        if (command.PaidOn > DocumentDates.Today(clock) || (act.IssuedOn is { } issued && command.PaidOn < issued))
        {
            return Error.Validation("paidOn", "The payment date must be between the act's issue date and today.");
        }

        var partner = await organizations.FindAsync(act.OrganizationId, cancellationToken);
        var selfEmployed = partner?.TaxRegime == TaxRegime.Npd;
        var payout = new SettlementPayout(
            command.PaidOn,
            command.Amount,
            TextNormalizer.TrimOrNull(command.TaxReceiptNumber),
            TextNormalizer.TrimOrNull(command.TaxReceiptUrl),
            actor.UserId ?? Guid.Empty
        );
        var paid = act.RecordPayout(payout, selfEmployed, now);
        if (!paid.IsSuccess)
        {
            return paid.Error!;
        }

        await payouts.RecordAsync(act, cancellationToken);
        return Contracts.SettlementAct.From(act);
    }
}
