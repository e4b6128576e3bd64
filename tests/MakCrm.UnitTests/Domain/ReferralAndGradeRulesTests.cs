using MakCrm.Domain.Grades;
using MakCrm.Domain.Organizations;

namespace MakCrm.UnitTests.Domain;

public sealed class ReferralAndGradeRulesTests
{
    private static readonly Guid Self = Guid.CreateVersion7();

    [Fact]
    public void A_referral_code_has_eight_characters_without_look_alikes()
    {
        var codes = Enumerable.Range(0, 200).Select(_ => ReferralCode.New()).ToList();
        codes.Should().OnlyContain(c => c.Length == ReferralCode.Length && !c.Any(ch => "01ILOU".Contains(ch)));
        codes.Distinct().Should().HaveCount(codes.Count);
        ReferralCode.Normalize(" k7m2xq9d ").Should().Be("K7M2XQ9D");
    }

    [Theory]
    [InlineData("7707083893", "+79991110000", false)]
    [InlineData("7707083894", "+79991110001", true)]
    [InlineData("7707083893", "+79991110001", false)]
    [InlineData(null, null, true)]
    public void No_self_referral_by_id_inn_or_phone(string? referrerInn, string? referrerPhone, bool allowed)
    {
        var rule = new NoSelfReferral(Self, "7707083893", "+79991110000", new ReferrerCandidate(Guid.CreateVersion7(), OrganizationKind.Partner, referrerInn, referrerPhone));
        rule.IsBroken().Should().Be(!allowed);
        new NoSelfReferral(Self, null, null, new ReferrerCandidate(Self, OrganizationKind.Partner, null, null)).IsBroken().Should().BeTrue();
    }

    [Fact]
    public void A_chain_that_would_come_back_to_the_organization_is_a_cycle()
    {
        new ReferralChainHasNoCycle(Self, [Guid.CreateVersion7(), Self]).IsBroken().Should().BeTrue();
        new ReferralChainHasNoCycle(Self, [Guid.CreateVersion7()]).IsBroken().Should().BeFalse();
    }

    [Fact]
    public void The_highest_ranked_grade_reached_holds_each_judged_over_its_own_period()
    {
        var now = DateTimeOffset.UtcNow;
        Grade[] table =
        [
            Grade.Create(Guid.CreateVersion7(), OrganizationKind.Partner, "start", new GradeTerms("Старт", 0, GradeBasis.IssuedVolume, 0m, 1), now),
            Grade.Create(Guid.CreateVersion7(), OrganizationKind.Partner, "silver", new GradeTerms("Серебро", 1, GradeBasis.IssuedVolume, 10_000_000m, 3), now),
            Grade.Create(Guid.CreateVersion7(), OrganizationKind.Partner, "gold", new GradeTerms("Золото", 2, GradeBasis.IssuedCount, 20m, 1), now),
        ];

        Grade.Highest(table, months => months == 3 ? new IssuedLoans(12_000_000m, 9) : new IssuedLoans(4_000_000m, 3))!.Code.Should().Be("silver");
        Grade.Highest(table, months => months == 3 ? new IssuedLoans(12_000_000m, 30) : new IssuedLoans(9_000_000m, 20))!.Code.Should().Be("gold");
        Grade.Highest(table, _ => IssuedLoans.None)!.Code.Should().Be("start");
        Grade.Highest(table.Skip(1), _ => IssuedLoans.None).Should().BeNull();
    }

    [Fact]
    public void A_late_recompute_holds_from_the_day_it_runs_never_from_a_day_that_passed()
    {
        var month = new DateOnly(2026, 12, 1);
        var onTime = GradeRecord.Computed(Guid.CreateVersion7(), Self, month, month, "gold", "silver", IssuedLoans.None, month.AddMonths(-1), DateTimeOffset.UtcNow);
        var late = GradeRecord.Computed(Guid.CreateVersion7(), Self, month, month.AddDays(4), "gold", "silver", IssuedLoans.None, month.AddMonths(-1), DateTimeOffset.UtcNow);
        onTime.EffectiveFrom.Should().Be(month);
        late.EffectiveFrom.Should().Be(month.AddDays(4));
        late.PeriodEnd.Should().Be(month);
    }
}
