using MakCrm.Domain.Leads;

namespace MakCrm.Domain.Commissions;

/// <summary>
/// The commission rules in force for one loan on one day: how the broker's base is known, the partner shares by grade,
/// the level-2 share and the hold period. Built from the rules in force (<see cref="From"/>); the calculator and the
/// accrual read the same terms and hand them to the same function (<see cref="CommissionCalculator"/>).
/// </summary>
public sealed record CommissionTerms(
    DateOnly On,
    string BankCode,
    LoanProduct Product,
    CommissionBaseMethod BaseMethod,
    decimal? BaseRate,
    IReadOnlyDictionary<string, decimal> Shares,
    decimal Level2Share,
    int HoldDays
)
{
    /// <summary>The hold when no rule sets one for the product: the 30-day cooling-off period of 353-ФЗ art.
    /// 11.</summary>
    public const int DefaultHoldDays = 30;

    /// <summary>The share of a partner of <paramref name="grade"/>: its grade's, else the default share, else
    /// none.</summary>
    public decimal ShareOf(string? grade) =>
        grade is not null && Shares.TryGetValue(grade, out var share)
            ? share
            : Shares.GetValueOrDefault(CommissionRule.DefaultGrade, 0m);

    /// <summary>The grade share next above <paramref name="share"/> (the lowest share higher than it), if
    /// any.</summary>
    public KeyValuePair<string, decimal>? NextAbove(decimal share) =>
        Shares
            .Where(s => s.Key != CommissionRule.DefaultGrade && s.Value > share)
            .OrderBy(s => s.Value)
            .ThenBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => (KeyValuePair<string, decimal>?)s)
            .FirstOrDefault();

    /// <summary>The terms from the rules in force on <paramref name="on"/> (one of each subject); no base rule for the
    /// bank and product is an error. A <paramref name="baseRate"/> given (a credit programme's commission) is the
    /// base instead of the base rule, which is then not needed.</summary>
    public static Result<CommissionTerms> From(
        IReadOnlyList<CommissionRule> latest,
        DateOnly on,
        string bankCode,
        LoanProduct product,
        decimal? baseRate = null
    )
    {
        var baseRule = latest.FirstOrDefault(r =>
            r.Kind == CommissionRuleKind.Base && r.BankCode == bankCode && r.Product == product
        );
        if (baseRule is null && baseRate is null)
        {
            return new Error(
                ErrorCodes.CommissionRulesMissing,
                $"No base rule for the bank {bankCode} and the product {SnakeCase(product)} is in force on "
                    + $"{on:yyyy-MM-dd}.",
                ErrorKind.Conflict
            );
        }

        var shares = latest
            .Where(r => r.Kind == CommissionRuleKind.PartnerShare)
            .ToDictionary(r => r.Grade!, r => r.Rate!.Value, StringComparer.Ordinal);
        var level2 = latest.FirstOrDefault(r => r.Kind == CommissionRuleKind.Level2Share)?.Rate ?? 0m;
        var hold =
            latest.FirstOrDefault(r => r.Kind == CommissionRuleKind.HoldPeriod && r.Product == product)?.HoldDays
            ?? DefaultHoldDays;
        return new CommissionTerms(
            on,
            bankCode,
            product,
            baseRate is null ? baseRule!.BaseMethod!.Value : CommissionBaseMethod.Rate,
            baseRate ?? baseRule!.Rate,
            shares,
            level2,
            hold
        );
    }

    private static string SnakeCase(LoanProduct product) => product.ToString().ToLowerInvariant();
}

/// <summary>
/// Everything one loan's commissions are computed from: the issued amount, how the base is known (a rate, or the fee
/// the bank paid: <paramref name="ReceivedFee"/>, <c>null</c> while not recorded), the level-1 partner's share and the
/// level-2 share.
/// </summary>
public sealed record CommissionInputs(
    decimal IssuedAmount,
    CommissionBaseMethod Method,
    decimal? BaseRate,
    decimal? ReceivedFee,
    decimal PartnerShare,
    decimal Level2Share
)
{
    public static CommissionInputs Of(
        CommissionTerms terms,
        decimal issuedAmount,
        decimal? receivedFee,
        decimal partnerShare
    ) => new(issuedAmount, terms.BaseMethod, terms.BaseRate, receivedFee, partnerShare, terms.Level2Share);
}

/// <summary>A loan's commissions, each rounded to kopecks; all <c>null</c> while a received-fee base is not known
/// yet.</summary>
public sealed record CommissionAmounts(decimal? Base, decimal? Level1, decimal? Level2);

/// <summary>
/// The one function that turns a loan into commissions, used by the calculator and by the accrual alike (so they cannot
/// disagree). ADR 0019: each amount is rounded once, to kopecks half away from zero, from the exact base; level 2 is a
/// share of the base, not of the level-1 commission.
/// </summary>
public static class CommissionCalculator
{
    public static CommissionAmounts Compute(CommissionInputs inputs)
    {
        decimal? exactBase = inputs.Method switch
        {
            CommissionBaseMethod.Rate => inputs.IssuedAmount * (inputs.BaseRate ?? 0m),
            _ => inputs.ReceivedFee,
        };
        if (exactBase is not { } b)
        {
            return new CommissionAmounts(null, null, null);
        }

        return new CommissionAmounts(
            Money.ToKopecks(b),
            Money.ToKopecks(b * inputs.PartnerShare),
            Money.ToKopecks(b * inputs.Level2Share)
        );
    }
}
