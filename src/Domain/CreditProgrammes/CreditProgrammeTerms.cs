using MakCrm.Domain.Leads;

namespace MakCrm.Domain.CreditProgrammes;

/// <summary>
/// What a bank's credit programme requires of a borrower and what it pays the broker: the product, the rate range (in
/// percent a year), the amount (roubles) and term (months) limits, the borrower's age and monthly income, the regions
/// served (empty serves every region), the dates it is in force (both inclusive; no end date runs on) and the
/// broker's commission in percent of the issued amount. A null limit is no limit.
/// </summary>
public sealed record CreditProgrammeTerms(
    LoanProduct Product,
    decimal RateMin,
    decimal RateMax,
    decimal? AmountMin,
    decimal? AmountMax,
    int? TermMinMonths,
    int? TermMaxMonths,
    int? AgeMin,
    int? AgeMax,
    decimal? IncomeMin,
    IReadOnlyList<string> Regions,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo,
    decimal CommissionPercent)
{
    /// <summary>Whether the programme is in force on the day: from its first day to its last, both inclusive.</summary>
    public bool InForceOn(DateOnly day) => day >= EffectiveFrom && (EffectiveTo is not { } last || day <= last);
}

/// <summary>
/// What is known of a borrower's request when programmes are matched to it; a null field is not known yet, and a
/// programme that limits it answers a <c>needs_*</c> reason rather than a guess.
/// </summary>
public sealed record CreditRequest(
    LoanProduct? Product,
    decimal? Amount,
    int? TermMonths,
    int? Age,
    decimal? MonthlyIncome,
    string? Region);
