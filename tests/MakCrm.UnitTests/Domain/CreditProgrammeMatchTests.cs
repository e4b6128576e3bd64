using MakCrm.Domain.CreditProgrammes;
using MakCrm.Domain.Leads;

namespace MakCrm.UnitTests.Domain;

public sealed class CreditProgrammeMatchTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    private static readonly CreditProgrammeTerms Terms = new(
        LoanProduct.Mortgage, RateMin: 9.5m, RateMax: 14m, AmountMin: 500_000m, AmountMax: 10_000_000m,
        TermMinMonths: 12, TermMaxMonths: 360, AgeMin: 21, AgeMax: 65, IncomeMin: 40_000m,
        Regions: ["77", "50"], EffectiveFrom: new DateOnly(2026, 1, 1), EffectiveTo: new DateOnly(2026, 12, 31),
        CommissionPercent: 1.2m);

    private static readonly CreditRequest Fits = new(LoanProduct.Mortgage, 3_000_000m, 240, 35, 90_000m, "77");

    [Fact]
    public void A_request_within_every_limit_matches() =>
        CreditProgrammeMatch.Reasons(Terms, Fits, Today).Should().BeEmpty();

    [Fact]
    public void The_limits_are_inclusive() =>
        CreditProgrammeMatch.Reasons(
                Terms,
                new CreditRequest(LoanProduct.Mortgage, 500_000m, 360, 65, 40_000m, "50"),
                new DateOnly(2026, 12, 31))
            .Should().BeEmpty();

    [Fact]
    public void Each_failed_limit_is_one_reason_in_the_catalogue_order() =>
        CreditProgrammeMatch.Reasons(
                Terms, new CreditRequest(LoanProduct.Auto, 20_000_000m, 6, 70, 10_000m, "78"), new DateOnly(2027, 1, 1))
            .Should().Equal(
                CreditProgrammeMismatch.NotEffective, CreditProgrammeMismatch.ProductMismatch,
                CreditProgrammeMismatch.AmountOutOfRange, CreditProgrammeMismatch.TermOutOfRange,
                CreditProgrammeMismatch.AgeOutOfRange, CreditProgrammeMismatch.IncomeTooLow,
                CreditProgrammeMismatch.RegionNotServed);

    [Fact]
    public void A_programme_not_yet_in_force_does_not_match() =>
        CreditProgrammeMatch.Reasons(Terms with { EffectiveFrom = Today.AddDays(1) }, Fits, Today)
            .Should().Equal(CreditProgrammeMismatch.NotEffective);

    [Fact]
    public void Fields_the_request_lacks_give_needs_reasons_not_guesses()
    {
        var reasons = CreditProgrammeMatch.Reasons(Terms, new CreditRequest(null, null, null, null, null, " "), Today);

        reasons.Should().Equal(
            CreditProgrammeMismatch.NeedsProduct, CreditProgrammeMismatch.NeedsAmount,
            CreditProgrammeMismatch.NeedsTerm,
            CreditProgrammeMismatch.NeedsAge, CreditProgrammeMismatch.NeedsIncome, CreditProgrammeMismatch.NeedsRegion);
        reasons.Should().OnlyContain(code => CreditProgrammeMismatch.NeedsInput(code));
    }

    [Fact]
    public void A_programme_without_limits_needs_nothing_but_the_product()
    {
        var open = Terms with
        {
            AmountMin = null, AmountMax = null, TermMinMonths = null, TermMaxMonths = null, AgeMin = null,
            AgeMax = null, IncomeMin = null, Regions = [], EffectiveTo = null,
        };

        CreditProgrammeMatch.Reasons(open, new CreditRequest(LoanProduct.Mortgage, null, null, null, null, null), Today)
            .Should().BeEmpty();
    }

    [Fact]
    public void Regions_compare_without_case_or_surrounding_spaces() =>
        CreditProgrammeMatch.Reasons(Terms with { Regions = ["MOW"] }, Fits with { Region = " mow " }, Today)
            .Should().BeEmpty();

    [Fact]
    public void Programmes_rank_by_lowest_rate_then_highest_commission_then_identifier()
    {
        var first = (Id: Guid.Parse("00000000-0000-7000-8000-000000000003"), Terms: Terms with { RateMin = 8m });
        var second = (
            Id: Guid.Parse("00000000-0000-7000-8000-000000000004"), Terms: Terms with { CommissionPercent = 2m });
        var third = (Id: Guid.Parse("00000000-0000-7000-8000-000000000001"), Terms);
        var fourth = (Id: Guid.Parse("00000000-0000-7000-8000-000000000002"), Terms);

        CreditProgrammeMatch.Rank([fourth, third, second, first], p => p.Terms, p => p.Id)
            .Select(p => p.Id).Should().Equal(first.Id, second.Id, third.Id, fourth.Id);
    }

    [Fact]
    public void The_catalogue_lists_every_code_once() =>
        CreditProgrammeMismatch.All.Should().OnlyHaveUniqueItems().And.HaveCount(13);
}
