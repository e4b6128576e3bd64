using MakCrm.Domain.Leads;

namespace MakCrm.Domain.CreditProgrammes;

/// <summary>
/// The rule that matches a credit request to a programme: every limit the programme sets is checked and each one the
/// request fails, or cannot be checked because the request lacks the field, is one reason; no reasons is a match.
/// Matching programmes rank by the lowest rate first (the borrower's interest), then the highest commission (the
/// broker's), then the programme's identifier so that the order is the same on every call.
/// </summary>
public static class CreditProgrammeMatch
{
    /// <summary>The reasons the request does not match the programme on the given day, in
    /// <see cref="CreditProgrammeMismatch.All"/>'s order; empty when it matches.</summary>
    public static IReadOnlyList<string> Reasons(CreditProgrammeTerms terms, CreditRequest request, DateOnly today)
    {
        var reasons = new List<string>();
        if (!terms.InForceOn(today))
        {
            reasons.Add(CreditProgrammeMismatch.NotEffective);
        }

        CheckProduct(terms.Product, request.Product, reasons);
        CheckRange(terms.AmountMin, terms.AmountMax, request.Amount, reasons,
            CreditProgrammeMismatch.AmountOutOfRange, CreditProgrammeMismatch.NeedsAmount);
        CheckRange(terms.TermMinMonths, terms.TermMaxMonths, request.TermMonths, reasons,
            CreditProgrammeMismatch.TermOutOfRange, CreditProgrammeMismatch.NeedsTerm);
        CheckRange(terms.AgeMin, terms.AgeMax, request.Age, reasons,
            CreditProgrammeMismatch.AgeOutOfRange, CreditProgrammeMismatch.NeedsAge);
        CheckRange(terms.IncomeMin, null, request.MonthlyIncome, reasons,
            CreditProgrammeMismatch.IncomeTooLow, CreditProgrammeMismatch.NeedsIncome);
        CheckRegion(terms.Regions, request.Region, reasons);
        return reasons;
    }

    /// <summary>Orders matching programmes: the lowest minimum rate first, then the highest commission, then the
    /// identifier.</summary>
    public static IOrderedEnumerable<T> Rank<T>(
        IEnumerable<T> programmes, Func<T, CreditProgrammeTerms> terms, Func<T, Guid> id) =>
        programmes
            .OrderBy(p => terms(p).RateMin)
            .ThenByDescending(p => terms(p).CommissionPercent)
            .ThenBy(id);

    private static void CheckProduct(LoanProduct required, LoanProduct? asked, List<string> reasons)
    {
        if (asked is null)
        {
            reasons.Add(CreditProgrammeMismatch.NeedsProduct);
        }
        else if (asked != required)
        {
            reasons.Add(CreditProgrammeMismatch.ProductMismatch);
        }
    }

    private static void CheckRange<T>(T? min, T? max, T? value, List<string> reasons, string outOfRange, string needs)
        where T : struct, IComparable<T>
    {
        if (min is null && max is null)
        {
            return;
        }

        if (value is not { } known)
        {
            reasons.Add(needs);
        }
        else if ((min is { } low && known.CompareTo(low) < 0) || (max is { } high && known.CompareTo(high) > 0))
        {
            reasons.Add(outOfRange);
        }
    }

    private static void CheckRegion(IReadOnlyList<string> served, string? region, List<string> reasons)
    {
        if (served.Count == 0)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(region))
        {
            reasons.Add(CreditProgrammeMismatch.NeedsRegion);
        }
        else if (!served.Contains(region.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            reasons.Add(CreditProgrammeMismatch.RegionNotServed);
        }
    }
}
