using MakCrm.Domain.Organizations;
using MakCrm.Domain.Settlements;

namespace MakCrm.Application.Settlements;

/// <summary>
/// Head office drafts an act for an organization over its available commission entries up to the end of the period
/// (entries before the period's start that no act holds yet are carried into it). A correction names the act it
/// corrects: it starts from that act's lines and adds what became available since.
/// </summary>
public sealed record DraftSettlementActCommand(
    Guid OrganizationId,
    DateOnly PeriodFrom,
    DateOnly PeriodTo,
    Guid? CorrectsActId
) : ICommand<Contracts.SettlementAct>;

internal sealed class DraftSettlementActValidator : AbstractValidator<DraftSettlementActCommand>
{
    public DraftSettlementActValidator()
    {
        RuleFor(c => c.OrganizationId).NotEmpty();
        RuleFor(c => c.PeriodTo)
            .GreaterThanOrEqualTo(c => c.PeriodFrom)
            .WithMessage("The period must end on or after its start.");
    }
}

internal sealed class DraftSettlementActHandler(
    ISettlementRepository settlements,
    ISettleableEntries entries,
    ICommissionLedger ledger,
    IOrganizationRepository organizations,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<DraftSettlementActCommand, Contracts.SettlementAct>
{
    public async Task<Result<Contracts.SettlementAct>> Handle(
        DraftSettlementActCommand command,
        CancellationToken cancellationToken
    )
    {
        if (
            await organizations.FindAsync(command.OrganizationId, cancellationToken) is not { } organization
            || organization.Kind == OrganizationKind.HeadOffice
        )
        {
            return Error.NotFound("Organization", command.OrganizationId);
        }

        var now = clock.UtcNowMicroseconds();
        if (command.PeriodTo > DateOnly.FromDateTime(now.UtcDateTime))
        {
            return Error.Validation(
                "periodTo",
                "An act covers a period that has ended: the period may end today at the latest."
            );
        }

        IReadOnlyList<SettlementActLine> inherited = [];
        if (command.CorrectsActId is { } correctedId)
        {
            var corrected = await settlements.FindAsync(
                correctedId,
                DataScope.All,
                draftsVisible: false,
                cancellationToken
            );
            if (corrected is null || corrected.OrganizationId != command.OrganizationId)
            {
                return Error.Validation("correctsActId", "Name an issued act of the same organization.");
            }

            var correctable = corrected.CanBeCorrected();
            if (!correctable.IsSuccess)
            {
                return correctable.Error!;
            }

            inherited = corrected.Lines;
        }

        // The organization's ledger lock, which a bonus reversal takes too: a bonus is claimed here or reversed there,
        // never both.
        await ledger.LockAsync([command.OrganizationId], cancellationToken);
        var before = new DateTimeOffset(command.PeriodTo.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var available = await entries.AvailableAsync(command.OrganizationId, before, cancellationToken);
        var drafted = SettlementAct.Draft(
            clock.NewId(),
            command.OrganizationId,
            command.PeriodFrom,
            command.PeriodTo,
            [.. inherited, .. available],
            command.CorrectsActId,
            actor.UserId ?? Guid.Empty,
            now
        );
        if (!drafted.IsSuccess)
        {
            return drafted.Error!;
        }

        settlements.Add(drafted.Value!);
        settlements.Claim(drafted.Value!.Id, available.Select(l => l.EntryId));
        return Contracts.SettlementAct.From(drafted.Value!);
    }
}

/// <summary>Throws a draft away; its entries are free for the next act. Issued acts stay for good.</summary>
public sealed record DiscardSettlementActCommand(Guid Id, VersionCheck IfMatch) : ICommand<Unit>;

internal sealed class DiscardSettlementActHandler(ISettlementRepository settlements, TimeProvider clock)
    : ICommandHandler<DiscardSettlementActCommand, Unit>
{
    public async Task<Result<Unit>> Handle(DiscardSettlementActCommand command, CancellationToken cancellationToken)
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

        var discarded = act.Discard(clock.UtcNowMicroseconds());
        if (discarded.IsSuccess)
        {
            await settlements.ReleaseClaimsAsync(act.Id, cancellationToken);
        }

        return discarded;
    }
}
