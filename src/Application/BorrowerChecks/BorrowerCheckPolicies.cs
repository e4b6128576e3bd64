using MakCrm.Domain.BorrowerChecks;

namespace MakCrm.Application.BorrowerChecks;

public sealed record GetBorrowerCheckPolicyQuery : IQuery<Contracts.BorrowerCheckPolicy>;

public sealed record ReplaceBorrowerCheckPolicyCommand(
    VersionCheck IfMatch,
    IReadOnlyList<BorrowerCheckKind> RequiredBeforeAuction,
    IReadOnlyList<BorrowerCheckKind>? RequiredBeforeBank,
    int ValidDays
) : ICommand<Contracts.BorrowerCheckPolicy>;

internal sealed class ReplaceBorrowerCheckPolicyValidator : AbstractValidator<ReplaceBorrowerCheckPolicyCommand>
{
    public ReplaceBorrowerCheckPolicyValidator() =>
        RuleFor(c => c.ValidDays)
            .InclusiveBetween(1, BorrowerCheckPolicy.MaxValidDays)
            .WithMessage($"Must be from 1 to {BorrowerCheckPolicy.MaxValidDays} days.");
}

internal sealed class GetBorrowerCheckPolicyHandler(IBorrowerCheckRepository repository)
    : IQueryHandler<GetBorrowerCheckPolicyQuery, Contracts.BorrowerCheckPolicy>
{
    public async Task<Result<Contracts.BorrowerCheckPolicy>> Handle(
        GetBorrowerCheckPolicyQuery query,
        CancellationToken cancellationToken
    ) =>
        BorrowerCheckPolicyAnswers.Of(
            await repository.PolicyAsync(track: false, cancellationToken)
                ?? BorrowerCheckPolicy.Default(BorrowerCheckPolicyAnswers.Epoch)
        );
}

internal sealed class ReplaceBorrowerCheckPolicyHandler(IBorrowerCheckRepository repository, TimeProvider clock)
    : ICommandHandler<ReplaceBorrowerCheckPolicyCommand, Contracts.BorrowerCheckPolicy>
{
    public async Task<Result<Contracts.BorrowerCheckPolicy>> Handle(
        ReplaceBorrowerCheckPolicyCommand command,
        CancellationToken cancellationToken
    )
    {
        var policy = await repository.PolicyAsync(track: true, cancellationToken);
        var precondition = command.IfMatch.Require(policy?.Version ?? 1);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var now = clock.UtcNowMicroseconds();
        if (policy is null)
        {
            policy = BorrowerCheckPolicy.Default(now);
            repository.AddPolicy(policy);
        }

        policy.Replace(command.RequiredBeforeAuction, command.RequiredBeforeBank ?? [], command.ValidDays, now);
        return BorrowerCheckPolicyAnswers.Of(policy);
    }
}

/// <summary>
/// The rule a lead meets before it goes to auction or to a bank: a recent clear check of every kind head office's
/// policy requires before that step. With no kinds required (the default) no check is read and nothing is refused.
/// </summary>
public sealed class BorrowerCheckGate(IBorrowerCheckRepository repository, TimeProvider clock)
{
    public async Task<Error?> RefusalAsync(Guid clientId, LeadStep step, CancellationToken cancellationToken)
    {
        var policy = await repository.PolicyAsync(track: false, cancellationToken);
        if (policy is null || policy.RequiredBefore(step).Count == 0)
        {
            return null;
        }

        var latest = await repository.LatestAsync(clientId, cancellationToken);
        var rule = new BorrowerCheckRequired(step, policy.Missing(step, latest, clock.GetUtcNow()));
        return rule.IsBroken() ? rule.Error : null;
    }
}

public static class BorrowerCheckPolicyAnswers
{
    /// <summary>The update time the default policy answers with, before head office first sets it.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Contracts.BorrowerCheckPolicy Of(BorrowerCheckPolicy policy) =>
        new(
            policy.RequiredBeforeAuction,
            policy.RequiredBeforeBank,
            policy.ValidDays,
            policy.UpdatedAt,
            policy.Version
        );
}
