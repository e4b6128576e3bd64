using MakCrm.Domain.Ledger;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Ledger;

/// <summary>Money head office received from a franchisee.</summary>
public sealed record RecordDepositCommand(Guid OrganizationId, decimal Amount, string Comment)
    : ICommand<LedgerEntryDto>;

/// <summary>A correction by head office either way; a negative one may not take the available balance below
/// zero.</summary>
public sealed record RecordAdjustmentCommand(Guid OrganizationId, decimal Amount, string Comment)
    : ICommand<LedgerEntryDto>;

internal static class LedgerEntryRules
{
    public const decimal MaxAmount = 1_000_000_000m;

    public static void Require<T>(AbstractValidator<T> validator, Func<T, Guid> organization, Func<T, string> comment)
    {
        validator
            .RuleFor(c => organization(c))
            .NotEqual(Guid.Empty)
            .WithMessage("Must be a franchisee's id.")
            .OverridePropertyName("organizationId");
        validator
            .RuleFor(c => (string?)comment(c))
            .RequiredText(LedgerEntry.MaxCommentLength)
            .OverridePropertyName("comment");
    }

    public static bool IsMoney(decimal amount) => Math.Abs(amount) <= MaxAmount && decimal.Round(amount, 2) == amount;
}

internal sealed class RecordDepositValidator : AbstractValidator<RecordDepositCommand>
{
    public RecordDepositValidator()
    {
        LedgerEntryRules.Require(this, c => c.OrganizationId, c => c.Comment);
        RuleFor(c => c.Amount)
            .Must(a => a > 0 && LedgerEntryRules.IsMoney(a))
            .WithMessage(
                $"Must be more than 0 and at most {LedgerEntryRules.MaxAmount:0} roubles, with at most two "
                    + $"fractional digits."
            );
    }
}

internal sealed class RecordAdjustmentValidator : AbstractValidator<RecordAdjustmentCommand>
{
    public RecordAdjustmentValidator()
    {
        LedgerEntryRules.Require(this, c => c.OrganizationId, c => c.Comment);
        RuleFor(c => c.Amount)
            .Must(a => a != 0 && LedgerEntryRules.IsMoney(a))
            .WithMessage(
                $"Must not be 0; at most {LedgerEntryRules.MaxAmount:0} roubles either way, with at most two "
                    + $"fractional digits."
            );
    }
}

/// <summary>Deposits and adjustments go to a franchisee; any other organization is a 400 on
/// <c>organizationId</c>.</summary>
internal static class FranchiseeTarget
{
    public static async Task<Error?> CheckAsync(
        IOrganizationRepository organizations,
        Guid id,
        CancellationToken cancellationToken
    ) =>
        await organizations.FindAsync(id, cancellationToken) is { Kind: OrganizationKind.Franchisee }
            ? null
            : Error.Validation("organizationId", "Must be a franchisee's id.");
}

internal sealed class RecordDepositHandler(
    IOrganizationRepository organizations,
    ILedger ledger,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<RecordDepositCommand, LedgerEntryDto>
{
    public async Task<Result<LedgerEntryDto>> Handle(RecordDepositCommand command, CancellationToken cancellationToken)
    {
        if (await FranchiseeTarget.CheckAsync(organizations, command.OrganizationId, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        await ledger.LockAsync(command.OrganizationId, cancellationToken);
        var entry = LedgerEntry.Deposit(
            clock.NewId(),
            command.OrganizationId,
            command.Amount,
            command.Comment,
            actor.UserId,
            clock.UtcNowMicroseconds()
        );
        return LedgerEntryDto.From(entry, ledger.Add(entry));
    }
}

internal sealed class RecordAdjustmentHandler(
    IOrganizationRepository organizations,
    ILedger ledger,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<RecordAdjustmentCommand, LedgerEntryDto>
{
    public async Task<Result<LedgerEntryDto>> Handle(
        RecordAdjustmentCommand command,
        CancellationToken cancellationToken
    )
    {
        if (await FranchiseeTarget.CheckAsync(organizations, command.OrganizationId, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        // Under the organization's ledger lock, so that parallel takers see each other's entries.
        var balance = await ledger.LockAsync(command.OrganizationId, cancellationToken);
        var rule = new AvailableBalanceMustCover(balance.Available, command.Amount);
        if (rule.IsBroken())
        {
            return rule.Error;
        }

        var entry = LedgerEntry.Adjustment(
            clock.NewId(),
            command.OrganizationId,
            command.Amount,
            command.Comment,
            actor.UserId,
            clock.UtcNowMicroseconds()
        );
        return LedgerEntryDto.From(entry, ledger.Add(entry));
    }
}
