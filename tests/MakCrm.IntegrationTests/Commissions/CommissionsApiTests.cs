using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Commissions;
using MakCrm.IntegrationTests.Deals;
using MakCrm.IntegrationTests.Events;
using MakCrm.IntegrationTests.Webhooks;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.IntegrationTests.Commissions;

/// <summary>
/// Commission rules, the profit calculator and the commission ledger over HTTP and PostgreSQL. Rules are global, so
/// each test works with a bank and grade codes of its own; the level-2 share is one rule for everyone, so expectations
/// come from the calculator (which must equal the accruals anyway).
/// </summary>
public sealed class CommissionsApiTests(ApiServerFixture server) : CommissionTest(server)
{
    [Fact]
    public async Task An_issue_accrues_level_1_and_level_2_on_hold_equal_to_the_calculator_and_a_replay_pays_once()
    {
        var bank = await NewBank();
        var grade = Unique("g");
        await BaseRule(bank, 0.0315m);
        await ShareRule(grade, 0.45m);
        await EnsureLevel2();
        var (partner, referrer, deal) = await PartnerDeal(grade);
        var quote = await Quote(bank, 1_234_567.89m, grade);

        await ExpectJson(await Issue(deal, bank, 1_234_567.89m), HttpStatusCode.OK);
        await ExpectJson(await Issue(deal, bank, 1_234_567.89m), HttpStatusCode.OK);

        var entries = await Entries($"dealId={deal}");
        var level1 = entries.Single(e => e["level"]!.GetValue<int>() == 1);
        level1["kind"]!.GetValue<string>().Should().Be("accrual");
        level1["organizationId"]!.GetValue<string>().Should().Be(partner.ToString());
        Dec(level1["amount"]).Should().Be(Dec(quote["income"]));
        Dec(level1["base"]).Should().Be(Dec(quote["base"]));
        Dec(level1["base"]).Should().Be(Money(1_234_567.89m * 0.0315m));
        Dec(level1["amount"]).Should().Be(Money(1_234_567.89m * 0.0315m * 0.45m));
        level1["grade"]!.GetValue<string>().Should().Be(grade);
        level1["holdUntil"]!.GetValue<string>().Should().Be(Day(TodayDate.AddDays(quote["holdDays"]!.GetValue<int>())));
        Dec(level1["onHoldAfter"]).Should().Be(Dec(level1["amount"]));
        Dec(level1["availableAfter"]).Should().Be(0m);

        var level2 = entries.Single(e => e["level"]!.GetValue<int>() == 2);
        level2["organizationId"]!.GetValue<string>().Should().Be(referrer.ToString());
        level2["sourceOrganizationId"]!.GetValue<string>().Should().Be(partner.ToString());
        Dec(level2["amount"]).Should().Be(Dec(quote["level2Income"]));
        entries.Should().HaveCount(2, "a replayed issue accrues nothing more");

        var balance = await Balance(partner);
        Dec(balance!["onHold"]).Should().Be(Dec(level1["amount"]));
        Dec(balance["available"]).Should().Be(0m);

        var events = await EventFeedReading.EventsOf(Http, level1["id"]!.GetValue<string>(), count: 1);
        events.Single()["type"]!.GetValue<string>().Should().Be("commission.entry_recorded");
    }

    [Fact]
    public async Task Holds_are_released_when_they_end_and_a_cancellation_after_release_reverses_both_leaving_available_negative()
    {
        var bank = await NewBank();
        var grade = Unique("g");
        await BaseRule(bank, 0.02m);
        await ShareRule(grade, 0.5m);
        var (partner, _, deal) = await PartnerDeal(grade, referred: false);
        await ExpectJson(await Issue(deal, bank, 1_000_000m), HttpStatusCode.OK);
        var accrual = (await Entries($"dealId={deal}")).Single();
        Dec(accrual["amount"]).Should().Be(10_000m);
        var holdUntil = DateOnly.Parse(accrual["holdUntil"]!.GetValue<string>());

        // The day before the hold ends nothing is released; on that day it is, once.
        await ReleaseAsOf(new DateTimeOffset(holdUntil.AddDays(-1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddHours(12));
        (await Entries($"dealId={deal}")).Should().ContainSingle();
        await ReleaseAsOf(new DateTimeOffset(holdUntil.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddHours(1));
        await ReleaseAsOf(new DateTimeOffset(holdUntil.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddHours(2));
        var released = (await Entries($"dealId={deal}&kind=release")).Single();
        Dec(released["amount"]).Should().Be(10_000m);
        Dec(released["onHoldAfter"]).Should().Be(0m);
        Dec(released["availableAfter"]).Should().Be(10_000m);

        // A partner sees its available money in the settlement seam's terms.
        var balance = await Balance(partner);
        Dec(balance!["available"]).Should().Be(10_000m);

        await ExpectJson(await Cancel(deal), HttpStatusCode.OK);
        await ExpectJson(await Cancel(deal), HttpStatusCode.OK);
        var reversals = await Entries($"dealId={deal}&kind=reversal");
        reversals.Should().HaveCount(2, "the release and the accrual are each reversed once");
        reversals.Select(r => Dec(r["amount"])).Should().AllSatisfy(a => a.Should().Be(-10_000m));
        balance = await Balance(partner);
        Dec(balance!["onHold"]).Should().Be(0m);
        Dec(balance["available"]).Should().Be(0m);

        // Re-issued after the cancellation: a new accrual, keyed by the next issue number.
        await ExpectJson(await Issue(deal, bank, 500_000m), HttpStatusCode.OK);
        (await Entries($"dealId={deal}&kind=accrual")).Select(e => e["issueNo"]!.GetValue<int>()).Should().BeEquivalentTo([1, 2]);
    }

    [Fact]
    public async Task A_cancellation_before_release_reverses_the_accrual_and_the_hold_is_never_released()
    {
        var bank = await NewBank();
        var grade = Unique("g");
        await BaseRule(bank, 0.01m);
        await ShareRule(grade, 0.4m);
        var (partner, _, deal) = await PartnerDeal(grade, referred: false);
        await ExpectJson(await Issue(deal, bank, 2_000_000m), HttpStatusCode.OK);
        await ExpectJson(await Cancel(deal), HttpStatusCode.OK);
        await ReleaseAsOf(DateTimeOffset.UtcNow.AddDays(400));

        var entries = await Entries($"dealId={deal}");
        entries.Select(e => e["kind"]!.GetValue<string>()).Should().BeEquivalentTo(["accrual", "reversal"]);
        var balance = await Balance(partner);
        Dec(balance!["onHold"]).Should().Be(0m);
        Dec(balance["available"]).Should().Be(0m);
    }

    [Fact]
    public async Task Parallel_recordings_of_one_issue_accrue_once()
    {
        var bank = await NewBank();
        var grade = Unique("g");
        await BaseRule(bank, 0.025m);
        await ShareRule(grade, 0.5m);
        await EnsureLevel2();
        var (_, _, deal) = await PartnerDeal(grade);

        var answers = await Together(6, _ => Issue(deal, bank, 800_000m));
        foreach (var answer in answers)
        {
            answer.StatusCode.Should().Be(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        }

        (await Entries($"dealId={deal}&kind=accrual")).Select(e => e["level"]!.GetValue<int>()).Should().BeEquivalentTo([1, 2]);
    }

    [Fact]
    public async Task A_rule_change_supersedes_from_its_date_and_never_rewrites_past_accruals()
    {
        var bank = await NewBank();
        var grade = Unique("g");
        var longAgo = TodayDate.AddDays(-100);
        await BaseRule(bank, 0.02m, from: longAgo);
        await ShareRule(grade, 0.5m, from: longAgo);
        var (_, _, first) = await PartnerDeal(grade, referred: false);
        await ExpectJson(await Issue(first, bank, 1_000_000m, on: TodayDate.AddDays(-10)), HttpStatusCode.OK);

        // A rule reaching the accrued issue is refused; one after it is taken and leaves the accrual as it was.
        var refused = await ExpectProblem(
            await Rule(new { kind = "base", effectiveFrom = Day(TodayDate.AddDays(-20)), bankCode = bank, product = "consumer", baseMethod = "rate", rate = 0.05m }),
            HttpStatusCode.Conflict, "commission_rule_reaches_accruals");
        refused["latestAccruedIssueDate"]!.GetValue<string>().Should().Be(Day(TodayDate.AddDays(-10)));
        await ExpectProblem(
            await Rule(new { kind = "base", effectiveFrom = Day(longAgo.AddDays(1)), bankCode = bank, product = "consumer", baseMethod = "rate", rate = 0.05m }),
            HttpStatusCode.Conflict, "commission_rule_reaches_accruals");
        await BaseRule(bank, 0.03m, from: TodayDate.AddDays(-5));
        await ExpectProblem(
            await Rule(new { kind = "base", effectiveFrom = Day(TodayDate.AddDays(-5)), bankCode = bank, product = "consumer", baseMethod = "rate", rate = 0.04m }),
            HttpStatusCode.Conflict, "commission_rule_exists");

        Dec((await Entries($"dealId={first}")).Single()["base"]).Should().Be(20_000m);

        // A loan issued before the new rule's date still takes the old rule; one issued after it the new one.
        var (_, _, older) = await PartnerDeal(grade, referred: false);
        await ExpectJson(await Issue(older, bank, 1_000_000m, on: TodayDate.AddDays(-7)), HttpStatusCode.OK);
        Dec((await Entries($"dealId={older}")).Single()["base"]).Should().Be(20_000m);
        var (_, _, newer) = await PartnerDeal(grade, referred: false);
        await ExpectJson(await Issue(newer, bank, 1_000_000m), HttpStatusCode.OK);
        Dec((await Entries($"dealId={newer}")).Single()["base"]).Should().Be(30_000m);

        // The rules in force on a day.
        var inForce = (await ExpectJson(await Http.GetAsync($"/api/v1/commission-rules?on={Day(TodayDate.AddDays(-8))}&kind=base"), HttpStatusCode.OK))["items"]!.AsArray()
            .Single(r => r!["bankCode"]?.GetValue<string>() == bank)!;
        Dec(inForce["rate"]).Should().Be(0.02m);
    }

    [Fact]
    public async Task The_share_is_the_grade_in_force_on_the_issue_date_and_the_default_share_covers_a_grade_without_one()
    {
        var bank = await NewBank();
        var grade = Unique("g");
        await BaseRule(bank, 0.02m);
        await ShareRule(grade, 0.6m);
        var (partner, _, deal) = await PartnerDeal(grade, referred: false);
        await ExpectJson(await Issue(deal, bank, 1_000_000m, on: TodayDate.AddDays(-3)), HttpStatusCode.OK);
        var accrual = (await Entries($"dealId={deal}")).Single();
        accrual["grade"]!.GetValue<string>().Should().Be(grade);
        Dec(accrual["share"]).Should().Be(0.6m);

        // A later grade change does not touch the accrual.
        await Sql("UPDATE organizations SET grade = $1 WHERE id = $2", Unique("g"), partner);
        Dec((await Entries($"dealId={deal}")).Single()["amount"]).Should().Be(12_000m);
    }

    public static TheoryData<decimal, decimal, decimal> QuoteCases() => new()
    {
        { 1_000_000m, 0.0300m, 0.4000m },
        { 333_333.33m, 0.0125m, 0.3333m },
        { 0.01m, 0.5000m, 0.5000m },
        { 999_999_999.99m, 0.0001m, 0.7000m },
        { 1_500_000m, 0.0275m, 0.4500m },
        { 100.05m, 0.0333m, 0.1500m },
    };

    [Theory]
    [MemberData(nameof(QuoteCases))]
    public async Task The_calculator_equals_the_accrual(decimal amount, decimal rate, decimal share)
    {
        var bank = await NewBank();
        var grade = Unique("g");
        await BaseRule(bank, rate);
        await ShareRule(grade, share);
        await EnsureLevel2();
        var (_, referrer, deal) = await PartnerDeal(grade);
        var quote = await Quote(bank, amount, grade);
        Dec(quote["share"]).Should().Be(share);

        await ExpectJson(await Issue(deal, bank, amount), HttpStatusCode.OK);
        var entries = await Entries($"dealId={deal}");
        var level1 = entries.SingleOrDefault(e => e["level"]!.GetValue<int>() == 1);
        if (quote["income"]!.GetValue<decimal>() == 0m)
        {
            level1.Should().BeNull("a zero commission is not accrued");
        }
        else
        {
            Dec(level1!["amount"]).Should().Be(Dec(quote["income"]));
            Dec(level1["base"]).Should().Be(Dec(quote["base"]));
        }

        var level2 = entries.SingleOrDefault(e => e["level"]!.GetValue<int>() == 2);
        if (Dec(quote["level2Income"]) > 0m)
        {
            Dec(level2!["amount"]).Should().Be(Dec(quote["level2Income"]));
            level2["organizationId"]!.GetValue<string>().Should().Be(referrer.ToString());
        }
    }

    [Fact]
    public async Task The_calculator_shows_the_next_grade_and_refuses_a_bank_without_a_rule()
    {
        var bank = await NewBank();
        var (low, high) = (Unique("g"), Unique("g"));
        await BaseRule(bank, 0.03m);
        await ShareRule(low, 0.4m);
        await ShareRule(high, 0.55m);
        var quote = await Quote(bank, 1_000_000m, low);
        Dec(quote["base"]).Should().Be(30_000m);
        Dec(quote["income"]).Should().Be(12_000m);
        quote["nextGrade"]!["share"]!.GetValue<decimal>().Should().BeGreaterThan(0.4m).And.BeLessThanOrEqualTo(0.55m);
        quote["holdDays"]!.GetValue<int>().Should().Be(30);

        await ExpectProblem(await Post("/api/v1/commission-quotes", new { bankCode = await NewBank(), product = "consumer", amount = 1000m, termMonths = 12 }),
            HttpStatusCode.Conflict, "commission_rules_missing");
    }

    [Theory]
    [InlineData("""{"kind":"base","effectiveFrom":"2026-01-01","product":"consumer","baseMethod":"rate","rate":0.03}""", "bankCode")]
    [InlineData("""{"kind":"base","effectiveFrom":"2026-01-01","bankCode":"sberbank","product":"consumer","baseMethod":"rate","rate":1.5}""", "rate")]
    [InlineData("""{"kind":"base","effectiveFrom":"2026-01-01","bankCode":"sberbank","product":"consumer","baseMethod":"received_fee","rate":0.1}""", "rate")]
    [InlineData("""{"kind":"partner_share","effectiveFrom":"2026-01-01","rate":0.5}""", "grade")]
    [InlineData("""{"kind":"partner_share","effectiveFrom":"2026-01-01","grade":"gold","rate":0.12345}""", "rate")]
    [InlineData("""{"kind":"hold_period","effectiveFrom":"2026-01-01","product":"consumer","holdDays":-1}""", "holdDays")]
    [InlineData("""{"kind":"base","effectiveFrom":"2026-01-01","bankCode":"no_such_bank","product":"consumer","baseMethod":"rate","rate":0.03}""", "bankCode")]
    public async Task Invalid_rules_are_field_errors(string body, string field)
    {
        var problem = await ExpectProblem(await Post("/api/v1/commission-rules", body), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_partner_reads_only_its_own_entries_and_the_shares_of_its_grade_and_may_not_add_rules()
    {
        var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        (await alpha.PostAsync("/api/v1/commission-rules", Body(new { kind = "level2_share", effectiveFrom = "2030-01-01", rate = 0.1m }))).StatusCode
            .Should().Be(HttpStatusCode.Forbidden);
        var own = await Entries("", alpha);
        own.Should().NotContain(e => e["organizationId"]!.GetValue<string>() != TestActors.PartnerAlphaOrganization.ToString());
        var balances = (await ExpectJson(await alpha.GetAsync("/api/v1/commission-balances"), HttpStatusCode.OK))["items"]!.AsArray();
        balances.Should().ContainSingle().Which!["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());

        var other = Unique("g");
        await ShareRule(other, 0.3m);
        var rules = (await ExpectJson(await alpha.GetAsync("/api/v1/commission-rules?kind=partner_share"), HttpStatusCode.OK))["items"]!.AsArray();
        rules.Should().NotContain(r => r!["grade"]!.GetValue<string>() == other);

        var guest = await Server.CreateHttpClientAsync(TestActor.Guest);
        (await guest.GetAsync("/api/v1/commission-entries")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        await ExpectProblem(await Http.GetAsync("/api/v1/commission-entries?level=3"), HttpStatusCode.BadRequest, "validation_failed");
        await ExpectProblem(await Http.GetAsync("/api/v1/commission-entries?kind=prize"), HttpStatusCode.BadRequest, "validation_failed");
    }
}
