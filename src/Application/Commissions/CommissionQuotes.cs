using MakCrm.Domain.Commissions;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Commissions;

/// <summary>
/// The profit calculator: what a loan issued today would earn the caller's organization (at its grade in force today,
/// or at <c>Grade</c> when given), at the next grade, and its referrer, by the rules in force today. A pure computation
/// through <see cref="CommissionCalculator"/>, the function the accruals use; nothing is stored.
/// <c>Fee</c> is the bank's fee for a received-fee base (without it such a quote has no amounts). With
/// <c>CreditProgrammeId</c> the base is that programme's commission (percent of the amount) instead of the base rule;
/// the programme must be of the bank and product, not archived and in force today.
/// </summary>
public sealed record QuoteCommissionQuery(
    string BankCode,
    LoanProduct Product,
    decimal Amount,
    int TermMonths,
    decimal? Fee = null,
    string? Grade = null,
    Guid? CreditProgrammeId = null
) : IQuery<CommissionQuoteDto>;

internal sealed class QuoteCommissionValidator : AbstractValidator<QuoteCommissionQuery>
{
    public QuoteCommissionValidator()
    {
        RuleFor(q => q.BankCode).NotEmpty().WithMessage("Must be the code of a bank of the bank list.");
        RuleFor(q => q.Product).Defined();
        RuleFor(q => (decimal?)q.Amount).ValidAmount().OverridePropertyName("amount");
        RuleFor(q => q.TermMonths)
            .InclusiveBetween(1, LoanIssueDetails.MaxTermMonths)
            .WithMessage($"Must be between 1 and {LoanIssueDetails.MaxTermMonths} months.");
        RuleFor(q => q.Fee).ValidAmount().When(q => q.Fee is not null);
        RuleFor(q => q.Grade)
            .MaximumLength(CommissionRule.MaxGradeLength)
            .WithMessage($"Must be at most {CommissionRule.MaxGradeLength} characters.");
    }
}

internal sealed class QuoteCommissionHandler(
    ICommissionRuleRepository rules,
    ICreditProgrammeRepository programmes,
    IGradeInForce grades,
    ICurrentActor actor,
    TimeProvider clock
) : IQueryHandler<QuoteCommissionQuery, CommissionQuoteDto>
{
    public async Task<Result<CommissionQuoteDto>> Handle(
        QuoteCommissionQuery query,
        CancellationToken cancellationToken
    )
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        decimal? programmeRate = null;
        if (query.CreditProgrammeId is { } programmeId)
        {
            var rate = await ProgrammeRateAsync(programmeId, query, today, cancellationToken);
            if (!rate.IsSuccess)
            {
                return rate.Error!;
            }

            programmeRate = rate.Value;
        }

        var terms = await CommissionRules.TermsAsync(
            rules,
            today,
            query.BankCode,
            query.Product,
            cancellationToken,
            programmeRate
        );
        if (!terms.IsSuccess)
        {
            return terms.Error!;
        }

        var t = terms.Value;
        var grade =
            TextNormalizer.TrimOrNull(query.Grade)
            ?? await grades.GradeOnAsync(actor.OrganizationId, today, cancellationToken);
        var share = t.ShareOf(grade);
        var amounts = CommissionCalculator.Compute(CommissionInputs.Of(t, query.Amount, query.Fee, share));
        CommissionQuoteNextGrade? next = null;
        if (t.NextAbove(share) is { } higher)
        {
            next = new CommissionQuoteNextGrade(
                higher.Key,
                higher.Value,
                CommissionCalculator.Compute(CommissionInputs.Of(t, query.Amount, query.Fee, higher.Value)).Level1
            );
        }

        return new CommissionQuoteDto(
            today,
            query.BankCode,
            query.Product,
            query.Amount,
            query.TermMonths,
            t.BaseMethod,
            t.BaseRate,
            amounts.Base,
            grade,
            share,
            amounts.Level1,
            next,
            t.Level2Share,
            amounts.Level2,
            t.HoldDays,
            query.CreditProgrammeId
        );
    }

    /// <summary>The programme's commission as a base rate (a fraction of the amount): an unknown programme is 404, one
    /// that is archived, not in force today or of another bank or product is 409.</summary>
    private async Task<Result<decimal>> ProgrammeRateAsync(
        Guid id,
        QuoteCommissionQuery query,
        DateOnly today,
        CancellationToken cancellationToken
    )
    {
        var programme = await programmes.FindAsync(id, cancellationToken);
        if (programme is null)
        {
            return Error.NotFound("Credit programme", id);
        }

        var terms = programme.Terms;
        var applies = !programme.Archived && terms.InForceOn(today);
        if (!applies || programme.BankCode != query.BankCode || terms.Product != query.Product)
        {
            return new Error(
                ErrorCodes.CreditProgrammeNotApplicable,
                $"The credit programme {id} is of the bank {programme.BankCode} and the product "
                    + $"{SnakeCaseNames.Of(terms.Product)}, in force from {terms.EffectiveFrom:yyyy-MM-dd}"
                    + (terms.EffectiveTo is { } to ? $" to {to:yyyy-MM-dd}" : "")
                    + (programme.Archived ? ", and archived." : "."),
                ErrorKind.Conflict
            );
        }

        return terms.CommissionPercent / 100m;
    }
}
