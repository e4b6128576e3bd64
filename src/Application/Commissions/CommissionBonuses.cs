using MakCrm.Application.Points;
using MakCrm.Domain.Commissions;

namespace MakCrm.Application.Commissions;

/// <summary>What a bonus rewards as head office names it: a user of the organization and a month of the points
/// leaderboard (YYYY-MM).</summary>
public sealed record CommissionBonusRewardsSpec(Guid UserId, string Month);

/// <summary>
/// Head office gives an active partner or franchisee a reward in money: a <c>bonus</c> entry of its commission ledger,
/// available at once and settled by the next act. When it names a leaderboard place, the user must be the
/// organization's and have a place on its role's board of that month (which must have ended); the place is recorded
/// with the bonus, so the cabinet can say what it was for. Points stay points: nothing here touches the points ledger.
/// </summary>
public sealed record RecordCommissionBonusCommand(
    Guid OrganizationId,
    decimal Amount,
    string Reason,
    CommissionBonusRewardsSpec? Rewards
) : ICommand<CommissionEntryDto>;

/// <summary>
/// Undoes a bonus (a mistake, or a reward withdrawn) with a negative entry, while no settlement act holds it; once an
/// act holds it, the act is where it is mended. A second reversal answers the first.
/// </summary>
public sealed record ReverseCommissionBonusCommand(Guid BonusId, string Reason) : ICommand<CommissionEntryDto>;

internal sealed class RecordCommissionBonusValidator : AbstractValidator<RecordCommissionBonusCommand>
{
    public RecordCommissionBonusValidator()
    {
        RuleFor(c => c.OrganizationId).NotEmpty();
        RuleFor(c => (decimal?)c.Amount).ValidAmount().OverridePropertyName("amount");
        RuleFor(c => c.Reason).RequiredText(CommissionEntry.MaxReasonLength);
        When(
            c => c.Rewards is not null,
            () =>
            {
                RuleFor(c => c.Rewards!.UserId).NotEmpty().OverridePropertyName("rewards.userId");
                RuleFor(c => c.Rewards!.Month)
                    .Must(m => m is not null && PointsMonth.TryParse(m, out _))
                    .WithMessage("Must be a month as YYYY-MM.")
                    .OverridePropertyName("rewards.month");
            }
        );
    }
}

internal sealed class ReverseCommissionBonusValidator : AbstractValidator<ReverseCommissionBonusCommand>
{
    public ReverseCommissionBonusValidator() => RuleFor(c => c.Reason).RequiredText(CommissionEntry.MaxReasonLength);
}

internal sealed class RecordCommissionBonusHandler(
    IOrganizationRepository organizations,
    IPointsReader points,
    ICommissionLedger ledger,
    TimeProvider clock
) : ICommandHandler<RecordCommissionBonusCommand, CommissionEntryDto>
{
    public async Task<Result<CommissionEntryDto>> Handle(
        RecordCommissionBonusCommand command,
        CancellationToken cancellationToken
    )
    {
        if (await organizations.FindAsync(command.OrganizationId, cancellationToken) is not { } organization)
        {
            return Error.NotFound("Organization", command.OrganizationId);
        }

        var receivable = new BonusGoesToAnActivePartnerOrFranchisee(organization.Kind, organization.Status);
        if (receivable.IsBroken())
        {
            return receivable.Error;
        }

        CommissionBonusRewards? rewards = null;
        if (command.Rewards is { } named)
        {
            var place = await PlaceAsync(command.OrganizationId, named, cancellationToken);
            if (!place.IsSuccess)
            {
                return place.Error!;
            }

            rewards = place.Value;
        }

        var now = clock.UtcNowMicroseconds();
        var bonus = CommissionEntry.Bonus(
            clock.NewId(),
            command.OrganizationId,
            command.Amount,
            TextNormalizer.Collapse(command.Reason),
            rewards,
            now
        );
        await ledger.LockAsync([command.OrganizationId], cancellationToken);
        var after = ledger.Add(bonus);
        return CommissionEntryDto.From(bonus, after);
    }

    /// <summary>The named user's place on its role's board of the named month: a user of the organization, a month that
    /// has ended, a place held.</summary>
    private async Task<Result<CommissionBonusRewards>> PlaceAsync(
        Guid organizationId,
        CommissionBonusRewardsSpec named,
        CancellationToken cancellationToken
    )
    {
        if (
            await points.UserAsync(named.UserId, cancellationToken) is not { } user
            || user.OrganizationId != organizationId
        )
        {
            return Error.Validation("rewards.userId", "Must be a user of the organization the bonus is for.");
        }

        PointsMonth.TryParse(named.Month, out var month);
        var today = PointsMonth.DayOf(clock.GetUtcNow());
        if (month >= new DateOnly(today.Year, today.Month, 1))
        {
            return Error.Validation(
                "rewards.month",
                "Must be a month that has ended: a place is final when its month is over."
            );
        }

        var row = (await points.MonthAsync(user.Role, month, cancellationToken)).FirstOrDefault(r =>
            r.UserId == user.Id
        );
        return row is null
            ? Error.Validation("rewards.userId", "The user has no place on its role's leaderboard of that month.")
            : new CommissionBonusRewards(user.Id, month, row.Rank);
    }
}

internal sealed class ReverseCommissionBonusHandler(
    ICommissionLedger ledger,
    ICommissionReader reader,
    TimeProvider clock
) : ICommandHandler<ReverseCommissionBonusCommand, CommissionEntryDto>
{
    public async Task<Result<CommissionEntryDto>> Handle(
        ReverseCommissionBonusCommand command,
        CancellationToken cancellationToken
    )
    {
        if (await ledger.FindAsync(command.BonusId, cancellationToken) is not { Kind: CommissionEntryKind.Bonus } bonus)
        {
            return Error.NotFound("Commission bonus", command.BonusId);
        }

        // Under the organization's ledger lock, which a settlement draft takes before it claims entries: the bonus is
        // either in a draft already (refused below) or out of every act for good once its reversal commits.
        await ledger.LockAsync([bonus.OrganizationId], cancellationToken);
        if (await reader.ReversalOfAsync(bonus.Id, cancellationToken) is { } reversed)
        {
            return reversed;
        }

        var held = new BonusNotHeldByAnAct((await reader.GetEntryAsync(bonus.Id, cancellationToken))?.SettlementActId);
        if (held.IsBroken())
        {
            return held.Error;
        }

        var reversal = CommissionEntry.ReverseBonus(
            clock.NewId(),
            bonus,
            TextNormalizer.Collapse(command.Reason),
            clock.UtcNowMicroseconds()
        );
        var after = ledger.Add(reversal);
        return CommissionEntryDto.From(reversal, after);
    }
}
