using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Commission rules, the profit calculator, the commission ledger's reads and head office's bonuses, through the SDK.</summary>
public sealed class CommissionsSdkTests(ApiServerFixture server) : SdkTest(server)
{
    private static DateOnly YearAgo => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-365);

    [Fact]
    public async Task Rules_are_added_and_a_loan_is_quoted_by_them()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var bank = $"sdkc_{marker}";
        await Api.CreateBankAsync(new CreateBankRequest { Code = bank, Name = "Банк комиссий" });
        var rule = await Api.CreateCommissionRuleAsync(new CreateCommissionRuleRequest
        {
            Kind = CommissionRuleKind.Base, EffectiveFrom = YearAgo, BankCode = bank, Product = LoanProduct.Consumer, BaseMethod = CommissionBaseMethod.Rate, Rate = 0.025m,
        });
        rule.StatusCode.Should().Be(201);
        await Api.CreateCommissionRuleAsync(new CreateCommissionRuleRequest { Kind = CommissionRuleKind.Partner_share, EffectiveFrom = YearAgo, Grade = $"g_{marker}", Rate = 0.5m });

        var quote = (await Api.QuoteCommissionAsync(new CommissionQuoteRequest
        {
            BankCode = bank, Product = LoanProduct.Consumer, Amount = 2_000_000m, TermMonths = 60, Grade = $"g_{marker}",
        })).Result;
        quote.Should().BeEquivalentTo(new { Base = 50_000m, Share = 0.5m, Income = 25_000m, HoldDays = 30 });

        await Expect.ProblemAsync(
            () => Api.QuoteCommissionAsync(new CommissionQuoteRequest { BankCode = $"none_{marker}", Product = LoanProduct.Consumer, Amount = 1000m, TermMonths = 12 }),
            409, "commission_rules_missing");
        // A rule is its kind's class: a base rule has its bank and product, not nullable.
        var bases = (await Api.ListCommissionRulesAsync(kind: CommissionRuleKind.Base)).Result.Items;
        bases.Should().AllBeOfType<BaseCommissionRule>().And.Contain(r => r.Kind == CommissionRuleKind.Base);
        bases.OfType<BaseCommissionRule>().Single(r => r.BankCode == bank).Product.Should().Be(LoanProduct.Consumer);
        var shares = (await Api.ListCommissionRulesAsync(kind: CommissionRuleKind.Partner_share)).Result.Items;
        shares.OfType<PartnerShareCommissionRule>().Single(r => r.Grade == $"g_{marker}").Rate.Should().Be(0.5m);
        (await Api.ListCommissionEntriesAsync(limit: 5)).Result.Items.Should().NotBeNull();
        (await Api.ListCommissionBalancesAsync()).Result.Items.Should().NotBeNull();
    }

    [Fact]
    public async Task A_bonus_is_given_read_back_and_reversed_once()
    {
        var organization = TestActors.PartnerAlphaOrganization;
        var recorded = await Api.RecordCommissionBonusAsync(new RecordCommissionBonusRequest { OrganizationId = organization, Amount = 2_000m, Reason = "Лучший месяц" });
        recorded.StatusCode.Should().Be(201);
        recorded.Result.Should().BeEquivalentTo(new { Kind = CommissionEntryKind.Bonus, Amount = 2_000m, AvailableChange = 2_000m, OnHoldChange = 0m, Reason = "Лучший месяц" });
        recorded.Result.Rewards.Should().BeNull();
        (await Api.GetCommissionEntryAsync(recorded.Result.Id)).Result.Kind.Should().Be(CommissionEntryKind.Bonus);

        await Expect.ProblemAsync(
            () => Api.RecordCommissionBonusAsync(new RecordCommissionBonusRequest { OrganizationId = MakCrm.Domain.Organizations.Organization.HeadOfficeId, Amount = 1m, Reason = "Себе" }),
            409, "commission_bonus_not_receivable");
        var reversal = (await Api.ReverseCommissionBonusAsync(recorded.Result.Id, new ReverseCommissionBonusRequest { Reason = "По ошибке" })).Result;
        reversal.Should().BeEquivalentTo(new { Kind = CommissionEntryKind.Reversal, Amount = -2_000m, FollowsEntryId = recorded.Result.Id, AvailableAfter = 0m });
        (await Api.ReverseCommissionBonusAsync(recorded.Result.Id, new ReverseCommissionBonusRequest { Reason = "Ещё раз" })).Result.Id.Should().Be(reversal.Id);
    }
}
