namespace MakCrm.Domain.CreditProgrammes;

/// <summary>
/// The stable codes of the reasons a programme does not match a request. The <c>needs_*</c> codes say the request
/// lacks a field the programme limits: the programme may match once it is filled in.
/// </summary>
public static class CreditProgrammeMismatch
{
    public const string ProductMismatch = "product_mismatch";
    public const string AmountOutOfRange = "amount_out_of_range";
    public const string TermOutOfRange = "term_out_of_range";
    public const string AgeOutOfRange = "age_out_of_range";
    public const string IncomeTooLow = "income_too_low";
    public const string RegionNotServed = "region_not_served";
    public const string NotEffective = "not_effective";
    public const string NeedsProduct = "needs_product";
    public const string NeedsAmount = "needs_amount";
    public const string NeedsTerm = "needs_term";
    public const string NeedsAge = "needs_age";
    public const string NeedsIncome = "needs_income";
    public const string NeedsRegion = "needs_region";

    /// <summary>Every code, in the order a programme's reasons are listed.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        NotEffective, ProductMismatch, NeedsProduct, AmountOutOfRange, NeedsAmount, TermOutOfRange, NeedsTerm,
        AgeOutOfRange, NeedsAge, IncomeTooLow, NeedsIncome, RegionNotServed, NeedsRegion,
    ];

    /// <summary>Whether the reason says a field is missing rather than that the request fails the programme.</summary>
    public static bool NeedsInput(string code) => code.StartsWith("needs_", StringComparison.Ordinal);
}
