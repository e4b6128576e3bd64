using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Events;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Commissions;

/// <summary>
/// The fee a bank actually paid, recorded on a deal's issued loan: under a received-fee base it accrues level 1 and
/// level 2 through the issue's accrual path, whatever the base it ends the hold, and a correction reverses and accrues
/// again. Each test has a bank (and so base rules) of its own.
/// </summary>
public sealed class LoanFeesApiTests(ApiServerFixture server) : CommissionTest(server)
{
    private async Task FeeBaseRule(string bank, DateOnly? from = null) =>
        await ExpectJson(await Rule(new { kind = "base", effectiveFrom = Day(from ?? TodayDate.AddDays(-365)), bankCode = bank, product = "consumer", baseMethod = "received_fee" }), HttpStatusCode.Created);

    private Task<HttpResponseMessage> Fee(string deal, decimal amount, DateOnly? on = null, string? reference = "п/п 1842", string? ifMatch = null, HttpClient? http = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/deals/{deal}/loan/fee")
        {
            Content = Body(new { amount, receivedOn = Day(on ?? TodayDate), reference }),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return (http ?? Http).SendAsync(request);
    }

    [Fact]
    public async Task A_received_fee_base_accrues_nothing_at_the_issue_and_level_1_and_2_from_the_fee_available_at_once_and_a_replay_pays_once()
    {
        var bank = await NewBank();
        var grade = Unique("g");
        await FeeBaseRule(bank);
        await ShareRule(grade, 0.45m);
        await EnsureLevel2();
        var (partner, referrer, deal) = await PartnerDeal(grade);
        await ExpectJson(await Issue(deal, bank, 2_000_000m, on: TodayDate.AddDays(-2)), HttpStatusCode.OK);
        (await Entries($"dealId={deal}")).Should().BeEmpty("a received-fee base waits for the fee");

        var answered = await ExpectJson(await Fee(deal, 45_678.91m), HttpStatusCode.OK);
        var fee = answered["loan"]!["fee"]!;
        Dec(fee["amount"]).Should().Be(45_678.91m);
        fee["receivedOn"]!.GetValue<string>().Should().Be(Day(TodayDate));
        fee["reference"]!.GetValue<string>().Should().Be("п/п 1842");
        await ExpectJson(await Fee(deal, 45_678.91m), HttpStatusCode.OK);

        var entries = await Entries($"dealId={deal}");
        entries.Should().HaveCount(4, "an accrual and its release per level, once");
        var level1 = entries.Single(e => e["level"]!.GetValue<int>() == 1 && e["kind"]!.GetValue<string>() == "accrual");
        level1["organizationId"]!.GetValue<string>().Should().Be(partner.ToString());
        Dec(level1["base"]).Should().Be(45_678.91m);
        Dec(level1["amount"]).Should().Be(Money(45_678.91m * 0.45m));
        level1["grade"]!.GetValue<string>().Should().Be(grade);
        var level2 = entries.Single(e => e["level"]!.GetValue<int>() == 2 && e["kind"]!.GetValue<string>() == "accrual");
        level2["organizationId"]!.GetValue<string>().Should().Be(referrer.ToString());
        Dec(level2["amount"]).Should().Be(Money(45_678.91m * Dec(level2["share"])));
        entries.Where(e => e["kind"]!.GetValue<string>() == "release").Select(e => Dec(e["amount"]))
            .Should().BeEquivalentTo([Dec(level1["amount"]), Dec(level2["amount"])]);

        var balance = await Balance(partner);
        Dec(balance!["onHold"]).Should().Be(0m);
        Dec(balance["available"]).Should().Be(Dec(level1["amount"]));

        // The hold-release worker finds nothing more to release.
        await ReleaseAsOf(DateTimeOffset.UtcNow.AddDays(400));
        (await Entries($"dealId={deal}")).Should().HaveCount(4);

        var events = await EventFeedReading.EventsOf(Http, deal, count: 5);
        events.Select(e => e["type"]!.GetValue<string>()).Should().Contain("deal.loan_fee_recorded");
        events.Count(e => e["type"]!.GetValue<string>() == "deal.loan_fee_recorded").Should().Be(1, "a replayed fee raises nothing");
    }

    [Fact]
    public async Task Under_a_rate_base_the_fee_accrues_nothing_more_and_ends_the_hold()
    {
        var bank = await NewBank();
        var grade = Unique("g");
        await BaseRule(bank, 0.02m);
        await ShareRule(grade, 0.5m);
        var (partner, _, deal) = await PartnerDeal(grade, referred: false);
        await ExpectJson(await Issue(deal, bank, 1_000_000m), HttpStatusCode.OK);
        Dec((await Balance(partner))!["onHold"]).Should().Be(10_000m);

        await ExpectJson(await Fee(deal, 19_500m), HttpStatusCode.OK);
        var entries = await Entries($"dealId={deal}");
        entries.Select(e => e["kind"]!.GetValue<string>()).Should().BeEquivalentTo(["accrual", "release"]);
        var balance = await Balance(partner);
        Dec(balance!["onHold"]).Should().Be(0m);
        Dec(balance["available"]).Should().Be(10_000m);

        // A corrected fee changes nothing under a rate base.
        await ExpectJson(await Fee(deal, 20_000m), HttpStatusCode.OK);
        (await Entries($"dealId={deal}")).Should().HaveCount(2);
    }

    [Fact]
    public async Task A_corrected_fee_reverses_what_the_earlier_fee_accrued_and_accrues_from_the_new_one()
    {
        var bank = await NewBank();
        var grade = Unique("g");
        await FeeBaseRule(bank);
        await ShareRule(grade, 0.5m);
        var (partner, _, deal) = await PartnerDeal(grade, referred: false);
        await ExpectJson(await Issue(deal, bank, 1_000_000m), HttpStatusCode.OK);
        await ExpectJson(await Fee(deal, 40_000m), HttpStatusCode.OK);
        Dec((await Balance(partner))!["available"]).Should().Be(20_000m);

        await ExpectJson(await Fee(deal, 50_000m, reference: "п/п 1900"), HttpStatusCode.OK);
        await ExpectJson(await Fee(deal, 50_000m, reference: "п/п 1900"), HttpStatusCode.OK);
        var entries = await Entries($"dealId={deal}");
        entries.Where(e => e["kind"]!.GetValue<string>() == "reversal").Select(e => Dec(e["amount"]))
            .Should().BeEquivalentTo([-20_000m, -20_000m], "the first fee's release and accrual are reversed once");
        entries.Where(e => e["kind"]!.GetValue<string>() == "accrual").Select(e => Dec(e["amount"])).Should().BeEquivalentTo([20_000m, 25_000m]);
        var balance = await Balance(partner);
        Dec(balance!["onHold"]).Should().Be(0m);
        Dec(balance["available"]).Should().Be(25_000m);

        // A cancellation then reverses what the corrected fee accrued, and nothing twice.
        await ExpectJson(await Cancel(deal), HttpStatusCode.OK);
        balance = await Balance(partner);
        Dec(balance!["onHold"]).Should().Be(0m);
        Dec(balance["available"]).Should().Be(0m);
    }

    [Fact]
    public async Task The_share_is_the_grade_in_force_on_the_issue_date_not_on_the_fee_date()
    {
        var bank = await NewBank();
        var (old, later) = (Unique("g"), Unique("g"));
        await FeeBaseRule(bank);
        await ShareRule(old, 0.4m);
        await ShareRule(later, 0.7m);
        var (partner, _, deal) = await PartnerDeal(old, referred: false);
        await ExpectJson(await Issue(deal, bank, 1_000_000m, on: TodayDate.AddDays(-5)), HttpStatusCode.OK);
        await Sql(
            "INSERT INTO grade_history (id, organization_id, grade, previous_grade, effective_from, source, reason, created_at, updated_at, version) " +
            "VALUES ($1, $2, $3, $4, $5, 'override', 'тест', now(), now(), 1)",
            Guid.CreateVersion7(), partner, later, old, TodayDate.AddDays(-1));
        await Sql("UPDATE organizations SET grade = $1 WHERE id = $2", later, partner);

        await ExpectJson(await Fee(deal, 10_000m), HttpStatusCode.OK);
        var accrual = (await Entries($"dealId={deal}&kind=accrual")).Single();
        accrual["grade"]!.GetValue<string>().Should().Be(old);
        Dec(accrual["amount"]).Should().Be(4_000m);
    }

    [Fact]
    public async Task A_fee_needs_a_live_issue_a_valid_date_and_amount_the_deals_version_and_head_office()
    {
        var bank = await NewBank();
        await FeeBaseRule(bank);
        var (_, _, deal) = await PartnerDeal(Unique("g"), referred: false);
        await ExpectProblem(await Fee(deal, 1_000m), HttpStatusCode.Conflict, "loan_not_issued");
        await ExpectProblem(await Fee(Guid.CreateVersion7().ToString(), 1_000m), HttpStatusCode.NotFound, "not_found");

        await ExpectJson(await Issue(deal, bank, 1_000_000m, on: TodayDate.AddDays(-3)), HttpStatusCode.OK);
        FieldErrors(await ExpectProblem(await Fee(deal, 1_000m, on: TodayDate.AddDays(-4)), HttpStatusCode.BadRequest, "validation_failed"), "receivedOn").Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await Fee(deal, 1_000m, on: TodayDate.AddDays(5)), HttpStatusCode.BadRequest, "validation_failed"), "receivedOn").Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await Fee(deal, 0m), HttpStatusCode.BadRequest, "validation_failed"), "amount").Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await Fee(deal, 10.001m), HttpStatusCode.BadRequest, "validation_failed"), "amount").Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await Fee(deal, 1_000m, reference: new string('x', 101)), HttpStatusCode.BadRequest, "validation_failed"), "reference").Should().NotBeEmpty();
        await ExpectProblem(await Fee(deal, 1_000m, ifMatch: "\"999\""), HttpStatusCode.PreconditionFailed, "precondition_failed");

        var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        (await Fee(deal, 1_000m, http: partner)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        await ExpectJson(await Cancel(deal), HttpStatusCode.OK);
        await ExpectProblem(await Fee(deal, 1_000m), HttpStatusCode.Conflict, "loan_not_issued");
        (await Entries($"dealId={deal}")).Should().BeEmpty();
    }
}
