using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Commissions;

/// <summary>
/// Partner money read back: the `commissions` dataset of the report builder (each partner its own rows, head office
/// all), partner income on the partner dashboard, and what a partner earned through its referrals.
/// </summary>
public sealed class CommissionReportsTests(ApiServerFixture server) : CommissionTest(server)
{
    /// <summary>
    /// A deal on the lead of a partner Partner Alpha recruited, issued with a bank and rules of its own: the loan
    /// accrues level 2 to Alpha (the level-1 partner's own grade and share are the test's, Alpha's are not touched).
    /// </summary>
    private async Task<string> AlphaIssuedDeal()
    {
        var bank = await NewBank();
        var grade = Unique("g");
        await BaseRule(bank, 0.02m);
        await ShareRule(grade, 0.5m);
        await EnsureLevel2();
        var (partner, _, deal) = await PartnerDeal(grade, referred: false);
        await Sql("UPDATE organizations SET referrer_organization_id = $1 WHERE id = $2", TestActors.PartnerAlphaOrganization, partner);
        await ExpectJson(await Issue(deal, bank, 1_000_000m), HttpStatusCode.OK);
        return deal;
    }

    private static object Query(string dimension, object? filter = null) => new
    {
        dataset = "commissions",
        dimensions = new[] { new { field = dimension } },
        measures = new object[]
        {
            new { op = "sum", field = "amount", @as = "amount" },
            new { op = "sum", field = "onHoldChange", @as = "onHold" },
            new { op = "sum", field = "availableChange", @as = "available" },
        },
        filter,
    };

    [Fact]
    public async Task The_commissions_dataset_sums_the_ledger_and_a_partner_sees_only_its_own_rows()
    {
        var deal = await AlphaIssuedDeal();
        var accrual = (await Entries($"dealId={deal}&level=2")).Single();
        accrual["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());

        var byKind = await ExpectJson(
            await Http.PostAsync("/api/v1/reports/query", Body(Query("kind", new
            {
                and = new object[] { new { field = "dealId", @operator = "eq", values = new[] { deal } }, new { field = "level", @operator = "eq", values = new[] { "2" } } },
            }))),
            HttpStatusCode.OK);
        var row = byKind["rows"]!.AsArray().Single()!.AsObject();
        row["kind"]!.GetValue<string>().Should().Be("accrual");
        Dec(row["amount"]).Should().Be(Dec(accrual["amount"]));
        Dec(row["onHold"]).Should().Be(Dec(accrual["amount"]));

        var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var own = await ExpectJson(await alpha.PostAsync("/api/v1/reports/query", Body(Query("organizationId"))), HttpStatusCode.OK);
        own["rows"]!.AsArray().Select(r => r!["organizationId"]!.GetValue<string>()).Should().Equal(TestActors.PartnerAlphaOrganization.ToString());

        var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        var other = await ExpectJson(
            await beta.PostAsync("/api/v1/reports/query", Body(Query("organizationId", new { field = "dealId", @operator = "eq", values = new[] { deal } }))), HttpStatusCode.OK);
        other["rows"]!.AsArray().Should().BeEmpty("Alpha's entries are not Beta's");

        var fields = await ExpectJson(await alpha.GetAsync("/api/v1/reports/fields"), HttpStatusCode.OK);
        fields.ToJsonString().Should().Contain("\"commissions\"");
        var guest = await Server.CreateHttpClientAsync(TestActor.Guest);
        (await guest.PostAsync("/api/v1/reports/query", Body(Query("kind")))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_partner_dashboard_shows_its_income_as_the_commission_ledger_has_it()
    {
        var deal = await AlphaIssuedDeal();
        var accrual = (await Entries($"dealId={deal}&level=2")).Single();
        var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);

        // Other tests may write Alpha's ledger meanwhile: compare with the balance read before and after.
        for (var attempt = 0; ; attempt++)
        {
            var before = await ExpectJson(await alpha.GetAsync("/api/v1/commission-balances"), HttpStatusCode.OK);
            var dashboard = await ExpectJson(await alpha.GetAsync($"/api/v1/dashboards/partner?from=2025-03-{1 + attempt:00}&to=2025-03-28"), HttpStatusCode.OK);
            var after = await ExpectJson(await alpha.GetAsync("/api/v1/commission-balances"), HttpStatusCode.OK);
            if (before.ToJsonString() != after.ToJsonString() && attempt < 5)
            {
                continue;
            }

            var balance = after["items"]!.AsArray().Single()!;
            var panels = dashboard["panels"]!.AsArray();
            var income = panels.Single(p => p!["key"]!.GetValue<string>() == "income")!["result"]!["totals"]!;
            Dec(income["onHold"]).Should().Be(Dec(balance["onHold"]));
            Dec(income["available"]).Should().Be(Dec(balance["available"]));
            var month = panels.Single(p => p!["key"]!.GetValue<string>() == "accruedThisMonth")!["result"]!["totals"]!;
            Dec(month["accrued"]).Should().BeGreaterThanOrEqualTo(Dec(accrual["amount"]));
            break;
        }
    }

    [Fact]
    public async Task A_partner_sees_what_it_earned_through_each_referral_from_its_level_2_entries()
    {
        var bank = await NewBank();
        var grade = Unique("g");
        await BaseRule(bank, 0.02m);
        await ShareRule(grade, 0.5m);
        await EnsureLevel2();
        var (partner, referrer, deal) = await PartnerDeal(grade);
        await ExpectJson(await Issue(deal, bank, 1_000_000m), HttpStatusCode.OK);
        var level2 = (await Entries($"dealId={deal}&level=2")).Single();
        var amount = Dec(level2["amount"]);

        var page = await ExpectJson(await Http.GetAsync($"/api/v1/organizations/{referrer}/referrals?level=1"), HttpStatusCode.OK);
        var referral = page["items"]!.AsArray().Single(r => r!["organizationId"]!.GetValue<string>() == partner.ToString())!;
        Dec(referral["earned"]!["onHold"]).Should().Be(amount);
        Dec(referral["earned"]!["available"]).Should().Be(0m);
        Dec(referral["earned"]!["paid"]).Should().Be(0m);

        // The fee the bank paid ends the hold: the money is available, and the program's total says so too.
        await ExpectJson(await Send(HttpMethod.Put, $"/api/v1/deals/{deal}/loan/fee", Json(new { amount = 20_000m, receivedOn = Day(TodayDate) })), HttpStatusCode.OK);
        var program = await ExpectJson(await Http.GetAsync($"/api/v1/organizations/{referrer}/referral"), HttpStatusCode.OK);
        Dec(program["earned"]!["onHold"]).Should().Be(0m);
        Dec(program["earned"]!["available"]).Should().Be(amount);

        // The partner's own referrals (it recruited nobody) bring nothing; its level-1 money is not referral money.
        var own = await ExpectJson(await Http.GetAsync($"/api/v1/organizations/{partner}/referral"), HttpStatusCode.OK);
        Dec(own["earned"]!["onHold"]).Should().Be(0m);
        Dec(own["earned"]!["available"]).Should().Be(0m);
    }
}
