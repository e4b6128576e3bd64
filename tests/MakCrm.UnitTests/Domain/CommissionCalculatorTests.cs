using MakCrm.Domain.Commissions;
using MakCrm.Domain.Leads;

namespace MakCrm.UnitTests.Domain;

/// <summary>The one commission function (ADR 0019 rounding, level 2 of the base), the terms from rules in force, and the entries' movements.</summary>
public sealed class CommissionCalculatorTests
{
    private static readonly DateOnly Day = new(2026, 11, 23);

    private static CommissionRule Rule(CommissionRuleKind kind, DateOnly from, decimal? rate = null, string? grade = null, int? holdDays = null, string bank = "sberbank") =>
        CommissionRule.Create(Guid.NewGuid(), new CommissionRuleSpec(
            kind, from, bank, LoanProduct.Consumer, kind == CommissionRuleKind.Base ? CommissionBaseMethod.Rate : null, rate, grade, holdDays), null, DateTimeOffset.UnixEpoch);

    public static TheoryData<decimal, decimal, decimal, decimal, decimal, decimal, decimal> Cases() => new()
    {
        { 1_000_000m, 0.03m, 0.4m, 0.1m, 30_000m, 12_000m, 3_000m },
        { 333_333.33m, 0.0125m, 0.3333m, 0.05m, 4_166.67m, 1_388.75m, 208.33m },
        { 100.05m, 0.0333m, 0.15m, 0.1m, 3.33m, 0.50m, 0.33m },
        { 1m, 0.005m, 0.5m, 0.5m, 0.01m, 0.00m, 0.00m },
        { 3m, 0.005m, 1m, 1m, 0.02m, 0.02m, 0.02m },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Amounts_are_rounded_once_from_the_exact_base_half_away_from_zero(
        decimal amount, decimal rate, decimal share, decimal level2Share, decimal expectedBase, decimal expectedLevel1, decimal expectedLevel2)
    {
        var amounts = CommissionCalculator.Compute(new CommissionInputs(amount, CommissionBaseMethod.Rate, rate, null, share, level2Share));

        amounts.Should().Be(new CommissionAmounts(expectedBase, expectedLevel1, expectedLevel2));
    }

    [Fact]
    public void A_received_fee_base_has_no_amounts_until_the_fee_is_known()
    {
        CommissionCalculator.Compute(new CommissionInputs(1_000_000m, CommissionBaseMethod.ReceivedFee, null, null, 0.5m, 0.1m))
            .Should().Be(new CommissionAmounts(null, null, null));
        CommissionCalculator.Compute(new CommissionInputs(1_000_000m, CommissionBaseMethod.ReceivedFee, null, 25_000.01m, 0.5m, 0.1m))
            .Should().Be(new CommissionAmounts(25_000.01m, 12_500.01m, 2_500.00m));
    }

    [Fact]
    public void Terms_take_the_latest_rule_of_each_subject_in_force_the_default_share_and_the_next_grade()
    {
        var rules = new[]
        {
            Rule(CommissionRuleKind.Base, Day.AddDays(-30), rate: 0.02m),
            Rule(CommissionRuleKind.Base, Day.AddDays(-5), rate: 0.03m),
            Rule(CommissionRuleKind.Base, Day.AddDays(5), rate: 0.04m),
            Rule(CommissionRuleKind.PartnerShare, Day.AddDays(-30), rate: 0.4m, grade: "start"),
            Rule(CommissionRuleKind.PartnerShare, Day.AddDays(-30), rate: 0.5m, grade: "silver"),
            Rule(CommissionRuleKind.PartnerShare, Day.AddDays(-30), rate: 0.6m, grade: "gold"),
            Rule(CommissionRuleKind.PartnerShare, Day.AddDays(-30), rate: 0.35m, grade: CommissionRule.DefaultGrade),
            Rule(CommissionRuleKind.Level2Share, Day.AddDays(-30), rate: 0.1m),
        };

        var terms = CommissionTerms.From(MakCrm.Application.Commissions.CommissionRules.InForce(rules, Day), Day, "sberbank", LoanProduct.Consumer).Value;

        terms.BaseRate.Should().Be(0.03m);
        terms.HoldDays.Should().Be(CommissionTerms.DefaultHoldDays);
        terms.ShareOf("silver").Should().Be(0.5m);
        terms.ShareOf(null).Should().Be(0.35m);
        terms.ShareOf("unknown").Should().Be(0.35m);
        terms.NextAbove(0.5m)!.Value.Key.Should().Be("gold");
        terms.NextAbove(0.6m).Should().BeNull();
        CommissionTerms.From(MakCrm.Application.Commissions.CommissionRules.InForce(rules, Day), Day, "vtb", LoanProduct.Consumer).IsSuccess.Should().BeFalse();
    }

    [Fact]
    public void A_reversal_copies_the_accrual_and_the_release_with_the_opposite_sign()
    {
        var accrual = CommissionEntry.Accrue(Guid.NewGuid(), new CommissionAccrual(
            Guid.NewGuid(), Guid.NewGuid(), 1, 1, null, Day, "sberbank", LoanProduct.Consumer, "gold", 30_000m, 0.6m, 18_000m, Day.AddDays(30)), DateTimeOffset.UnixEpoch);
        var release = CommissionEntry.Release(Guid.NewGuid(), accrual, DateTimeOffset.UnixEpoch);
        var reversals = new[] { CommissionEntry.Reverse(Guid.NewGuid(), release, DateTimeOffset.UnixEpoch), CommissionEntry.Reverse(Guid.NewGuid(), accrual, DateTimeOffset.UnixEpoch) };

        (accrual.OnHoldChange, accrual.AvailableChange).Should().Be((18_000m, 0m));
        (release.OnHoldChange, release.AvailableChange).Should().Be((-18_000m, 18_000m));
        reversals.Sum(r => r.Amount).Should().Be(-36_000m);
        new[] { accrual, release }.Concat(reversals).Sum(e => e.OnHoldChange).Should().Be(0m);
        new[] { accrual, release }.Concat(reversals).Sum(e => e.AvailableChange).Should().Be(0m);
        reversals.Select(r => r.IdempotencyKey).Should().OnlyHaveUniqueItems().And.NotContain(accrual.IdempotencyKey);
    }
}
