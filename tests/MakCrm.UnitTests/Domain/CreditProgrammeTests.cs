using MakCrm.Domain.Commissions;
using MakCrm.Domain.CreditProgrammes;
using MakCrm.Domain.Leads;

namespace MakCrm.UnitTests.Domain;

public sealed class CreditProgrammeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private static CreditProgrammeSettings Settings(IReadOnlyList<string> regions, string name = "Ипотека") =>
        new(
            name,
            new CreditProgrammeTerms(LoanProduct.Mortgage, 6m, 9m, null, 12_000_000m, null, 360, 21, null, null,
                regions, new DateOnly(2026, 1, 1), null, 1.2m),
            ["Паспорт РФ"],
            false);

    [Fact]
    public void Regions_are_kept_trimmed_sorted_and_without_repeats_and_the_name_collapsed()
    {
        var settings = Settings([" 78", "77", "78"], " Ипотека  IT ");
        var programme = CreditProgramme.Create(Guid.CreateVersion7(), "vtb", settings, Now);

        programme.Regions.Should().Equal("77", "78");
        programme.Name.Should().Be("Ипотека IT");
        programme.Version.Should().Be(1);
    }

    [Fact]
    public void An_update_that_changes_nothing_keeps_the_version_and_a_change_counts_one()
    {
        var programme = CreditProgramme.Create(Guid.CreateVersion7(), "vtb", Settings(["77", "50"]), Now);

        programme.Update(Settings(["50", "77", "77"]), Now.AddMinutes(1));
        programme.Version.Should().Be(1, "the same regions in another order are the same programme");
        programme.Update(Settings(["50"]), Now.AddMinutes(2));
        programme.Version.Should().Be(2);
        programme.Regions.Should().Equal("50");
    }

    [Theory]
    [InlineData("77", true)]
    [InlineData("01", true)]
    [InlineData("00", false)]
    [InlineData("7", false)]
    [InlineData("RU-MOW", false)]
    [InlineData("Москва", false)]
    public void A_region_is_the_two_digit_code_of_a_subject(string code, bool valid) =>
        CreditProgramme.IsRegionCode(code).Should().Be(valid);

    [Fact]
    public void A_programme_is_in_force_from_its_first_day_to_its_last_both_inclusive()
    {
        var terms = Settings([]).Terms with { EffectiveTo = new DateOnly(2026, 12, 31) };

        terms.InForceOn(new DateOnly(2026, 1, 1)).Should().BeTrue();
        terms.InForceOn(new DateOnly(2026, 12, 31)).Should().BeTrue();
        terms.InForceOn(new DateOnly(2025, 12, 31)).Should().BeFalse();
        terms.InForceOn(new DateOnly(2027, 1, 1)).Should().BeFalse();
        (terms with { EffectiveTo = null }).InForceOn(new DateOnly(2099, 1, 1)).Should().BeTrue();
    }

    [Fact]
    public void A_programmes_commission_is_the_base_without_a_base_rule()
    {
        var on = new DateOnly(2026, 11, 27);

        CommissionTerms.From([], on, "vtb", LoanProduct.Mortgage).Error!.Code.Should().Be("commission_rules_missing");
        var terms = CommissionTerms.From([], on, "vtb", LoanProduct.Mortgage, baseRate: 0.012m).Value;
        terms.BaseMethod.Should().Be(CommissionBaseMethod.Rate);
        terms.BaseRate.Should().Be(0.012m);
        terms.HoldDays.Should().Be(CommissionTerms.DefaultHoldDays);
    }
}
