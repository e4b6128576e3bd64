using MakCrm.Domain.Access;
using MakCrm.Domain.Commissions;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Commissions;

/// <summary>
/// Adds an effective-dated rule. Rules are never edited: a rule of the same subject from a later date supersedes it.
/// Two rules of one subject from one date are a 409, and so is a rule that would reach loans that accrued already
/// (issued on or after its date): a rule change never rewrites past accruals.
/// </summary>
public sealed record CreateCommissionRuleCommand(CommissionRuleSpec Spec) : ICommand<Contracts.CommissionRule>;

internal sealed class CreateCommissionRuleValidator : AbstractValidator<CreateCommissionRuleCommand>
{
    public CreateCommissionRuleValidator()
    {
        RuleFor(c => c.Spec.Kind).Defined().OverridePropertyName("kind");
        RuleFor(c => c.Spec.EffectiveFrom)
            .Must(d => d.Year is >= 2000 and <= 2100)
            .WithMessage("Must be a date between 2000 and 2100.")
            .OverridePropertyName("effectiveFrom");
        When(
            c => c.Spec.Kind == CommissionRuleKind.Base,
            () =>
            {
                RuleFor(c => c.Spec.BankCode)
                    .NotEmpty()
                    .WithMessage("A base rule names a bank of the bank list.")
                    .OverridePropertyName("bankCode");
                RuleFor(c => c.Spec.Product)
                    .NotNull()
                    .WithMessage("A base rule names a product.")
                    .DefinedOrNull()
                    .OverridePropertyName("product");
                RuleFor(c => c.Spec.BaseMethod)
                    .NotNull()
                    .WithMessage("A base rule says how the base is known: rate or received_fee.")
                    .DefinedOrNull()
                    .OverridePropertyName("baseMethod");
                RuleFor(c => c.Spec.Rate)
                    .Must(ValidRate)
                    .When(c => c.Spec.BaseMethod == CommissionBaseMethod.Rate)
                    .WithMessage(
                        "A rate base needs a rate more than 0 and at most 1, with at most four fractional digits."
                    )
                    .OverridePropertyName("rate");
                RuleFor(c => c.Spec.Rate)
                    .Null()
                    .When(c => c.Spec.BaseMethod == CommissionBaseMethod.ReceivedFee)
                    .WithMessage("A received-fee base has no rate.")
                    .OverridePropertyName("rate");
            }
        );
        When(
            c => c.Spec.Kind is CommissionRuleKind.PartnerShare or CommissionRuleKind.Level2Share,
            () =>
                RuleFor(c => c.Spec.Rate)
                    .Must(ValidShare)
                    .WithMessage("A share is 0 to 1 (1 = 100 % of the base), with at most four fractional digits.")
                    .OverridePropertyName("rate")
        );
        When(
            c => c.Spec.Kind == CommissionRuleKind.PartnerShare,
            () =>
                RuleFor(c => c.Spec.Grade)
                    .Must(g => g is { Length: > 0 and <= CommissionRule.MaxGradeLength } && g.Trim() == g)
                    .WithMessage(
                        $"A partner share names a grade code (1 to {CommissionRule.MaxGradeLength} characters) or "
                            + $"\"{CommissionRule.DefaultGrade}\"."
                    )
                    .OverridePropertyName("grade")
        );
        When(
            c => c.Spec.Kind == CommissionRuleKind.HoldPeriod,
            () =>
            {
                RuleFor(c => c.Spec.Product)
                    .NotNull()
                    .WithMessage("A hold period names a product.")
                    .DefinedOrNull()
                    .OverridePropertyName("product");
                RuleFor(c => c.Spec.HoldDays)
                    .NotNull()
                    .InclusiveBetween(0, CommissionRule.MaxHoldDays)
                    .WithMessage($"Must be 0 to {CommissionRule.MaxHoldDays} days.")
                    .OverridePropertyName("holdDays");
            }
        );
    }

    private static bool ValidRate(decimal? rate) =>
        rate is > 0m and <= 1m && decimal.Round(rate.Value, 4) == rate.Value;

    private static bool ValidShare(decimal? rate) =>
        rate is >= 0m and <= 1m && decimal.Round(rate.Value, 4) == rate.Value;
}

internal sealed class CreateCommissionRuleHandler(
    ICommissionRuleRepository rules,
    ICommissionLedger ledger,
    IBankRepository banks,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<CreateCommissionRuleCommand, Contracts.CommissionRule>
{
    public async Task<Result<Contracts.CommissionRule>> Handle(
        CreateCommissionRuleCommand command,
        CancellationToken cancellationToken
    )
    {
        var spec = command.Spec;
        if (
            spec.Kind == CommissionRuleKind.Base
            && !await banks.ExistsAsync(spec.BankCode!, activeOnly: true, cancellationToken)
        )
        {
            return Error.Validation("bankCode", "Must be the code of an active bank of the bank list.");
        }

        // Exclusive against accruals: none may slip in between the check below and this rule's commit.
        await rules.LockAsync(change: true, cancellationToken);
        var exists = new OneRulePerSubjectAndDate(await rules.ExistsAsync(spec, cancellationToken));
        if (exists.IsBroken())
        {
            return exists.Error;
        }

        var reach = new RuleDoesNotReachAccruedLoans(
            spec.EffectiveFrom,
            await ledger.LatestAccruedIssueAsync(spec, cancellationToken)
        );
        if (reach.IsBroken())
        {
            return reach.Error;
        }

        var rule = CommissionRule.Create(clock.NewId(), spec, actor.UserId, clock.UtcNowMicroseconds());
        rules.Add(rule);
        return Contracts.CommissionRule.From(rule);
    }
}

/// <summary>
/// The rules, newest effective date first; with <c>On</c>, only those in force on that day (the latest of each
/// subject).
/// Head office sees every rule; a partner or franchisee sees the bases, holds and the level-2 share, and of the grade
/// shares only the default and its own grade's.
/// </summary>
public sealed record ListCommissionRulesQuery(CommissionRuleKind? Kind = null, DateOnly? On = null)
    : IQuery<IReadOnlyList<Contracts.CommissionRule>>;

internal sealed class ListCommissionRulesValidator : AbstractValidator<ListCommissionRulesQuery>
{
    public ListCommissionRulesValidator() => RuleFor(q => q.Kind).DefinedOrNull();
}

internal sealed class ListCommissionRulesHandler(
    ICommissionRuleRepository rules,
    IGradeInForce grades,
    ICurrentActor actor,
    TimeProvider clock
) : IQueryHandler<ListCommissionRulesQuery, IReadOnlyList<Contracts.CommissionRule>>
{
    public async Task<Result<IReadOnlyList<Contracts.CommissionRule>>> Handle(
        ListCommissionRulesQuery query,
        CancellationToken cancellationToken
    )
    {
        IEnumerable<CommissionRule> listed = query.On is { } on
            ? CommissionRules
                .InForce(await rules.EffectiveOnAsync(on, cancellationToken), on)
                .Where(r => query.Kind is null || r.Kind == query.Kind)
            : await rules.ListAsync(query.Kind, cancellationToken);
        if (!actor.Has(Permissions.CommissionsReadAll))
        {
            var grade = await grades.GradeOnAsync(
                actor.OrganizationId,
                DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
                cancellationToken
            );
            listed = listed.Where(r =>
                r.Kind != CommissionRuleKind.PartnerShare || r.Grade == CommissionRule.DefaultGrade || r.Grade == grade
            );
        }

        return Result<IReadOnlyList<Contracts.CommissionRule>>.Success(
            listed.Select(Contracts.CommissionRule.From).ToList()
        );
    }
}

/// <summary>Which rules are in force on a day: of each subject, the one with the latest effective date not after
/// it.</summary>
public static class CommissionRules
{
    public static IReadOnlyList<CommissionRule> InForce(IEnumerable<CommissionRule> rules, DateOnly on) =>
        rules
            .Where(r => r.EffectiveFrom <= on)
            .GroupBy(r => r.Subject)
            .Select(g => g.OrderByDescending(r => r.EffectiveFrom).ThenByDescending(r => r.CreatedAt).First())
            .OrderByDescending(r => r.EffectiveFrom)
            .ThenBy(r => r.Subject, StringComparer.Ordinal)
            .ToList();

    /// <summary>The terms of a loan of <paramref name="bankCode"/> and <paramref name="product"/> issued on
    /// <paramref name="on"/>; with <paramref name="baseRate"/>, at that base instead of the base rule's.</summary>
    public static async Task<Result<CommissionTerms>> TermsAsync(
        ICommissionRuleRepository rules,
        DateOnly on,
        string bankCode,
        LoanProduct product,
        CancellationToken cancellationToken,
        decimal? baseRate = null
    ) =>
        CommissionTerms.From(
            InForce(await rules.EffectiveOnAsync(on, cancellationToken), on),
            on,
            bankCode,
            product,
            baseRate
        );
}
