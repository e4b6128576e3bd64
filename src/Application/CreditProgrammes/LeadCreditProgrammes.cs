using MakCrm.Domain.Access;
using MakCrm.Domain.CreditProgrammes;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.CreditProgrammes;

/// <summary>
/// The programmes a lead matches, best first, and the others with the reasons, by <see cref="CreditProgrammeMatch"/>:
/// the request is what the lead records (product, requested amount) and what the caller adds, which a lead does not
/// record (term, age, income, region) or puts in the place of the lead's (amount, product).
/// </summary>
public sealed record MatchLeadCreditProgrammesQuery(
    Guid LeadId,
    decimal? Amount,
    LoanProduct? Product,
    int? TermMonths,
    int? Age,
    decimal? MonthlyIncome,
    string? Region
) : IQuery<Contracts.LeadCreditProgrammes>;

internal sealed class MatchLeadCreditProgrammesValidator : AbstractValidator<MatchLeadCreditProgrammesQuery>
{
    public MatchLeadCreditProgrammesValidator()
    {
        RuleFor(q => q.Amount).ValidAmount().When(q => q.Amount is not null);
        RuleFor(q => q.MonthlyIncome)
            .Must(i => i is null or >= 0m and <= Lead.MaxRequestedAmount)
            .WithMessage($"Must be 0 to {Lead.MaxRequestedAmount:0} roubles.");
        RuleFor(q => q.Region)
            .Must(r => r is null || CreditProgramme.IsRegionCode(r))
            .WithMessage("Must be the two-digit code of a subject of the Russian Federation, such as 77.");
    }
}

internal sealed class MatchLeadCreditProgrammesHandler(
    ILeadRepository leads,
    ICreditProgrammeRepository programmes,
    ICurrentActor actor,
    TimeProvider clock
) : IQueryHandler<MatchLeadCreditProgrammesQuery, Contracts.LeadCreditProgrammes>
{
    public async Task<Result<Contracts.LeadCreditProgrammes>> Handle(
        MatchLeadCreditProgrammesQuery query,
        CancellationToken cancellationToken
    )
    {
        var readsLeads = actor.Has(Permissions.LeadsReadOwn) || actor.Has(Permissions.LeadsReadAll);
        var lead = readsLeads
            ? await leads.FindAsync(query.LeadId, DataScope.For(actor, Permissions.LeadsReadAll), cancellationToken)
            : null;
        if (lead is null)
        {
            return Error.NotFound("Lead", query.LeadId);
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var request = new CreditRequest(
            query.Product ?? lead.Product,
            query.Amount ?? lead.RequestedAmount,
            query.TermMonths,
            query.Age,
            query.MonthlyIncome,
            query.Region is { } region ? CreditProgramme.NormalizeRegion(region) : null
        );
        var checkedProgrammes = (await programmes.ListInUseAsync(today, cancellationToken))
            .Select(p => (Programme: p, Reasons: CreditProgrammeMatch.Reasons(p.Terms, request, today)))
            .ToList();
        var matches = CreditProgrammeMatch
            .Rank(checkedProgrammes.Where(c => c.Reasons.Count == 0), c => c.Programme.Terms, c => c.Programme.Id)
            .Select(c => CreditProgrammeAnswers.Of(c.Programme))
            .ToList();
        var nonMatches = CreditProgrammeMatch
            .Rank(checkedProgrammes.Where(c => c.Reasons.Count > 0), c => c.Programme.Terms, c => c.Programme.Id)
            .OrderBy(c => c.Reasons.All(CreditProgrammeMismatch.NeedsInput) ? 0 : 1)
            .ThenBy(c => c.Reasons.Count)
            .Select(c => new Contracts.CreditProgrammeNonMatch(CreditProgrammeAnswers.Of(c.Programme), c.Reasons))
            .ToList();
        return new Contracts.LeadCreditProgrammes(
            lead.Id,
            today,
            new Contracts.CreditRequestKnown(
                request.Product,
                request.Amount,
                request.TermMonths,
                request.Age,
                request.MonthlyIncome,
                request.Region
            ),
            matches,
            nonMatches
        );
    }
}
