using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Organizations;
using MakCrm.IntegrationTests.Events;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Commissions;

/// <summary>
/// Head office's bonuses in money over HTTP and PostgreSQL: a bonus entry of the organization's commission ledger,
/// available at once, raised and audited, seen by the organization; who may receive one; what it rewards (a
/// leaderboard place); replays; and its reversal while no act holds it.
/// </summary>
public sealed class CommissionBonusesApiTests(ApiServerFixture server) : CommissionTest(server)
{
    private static readonly Guid Alpha = TestActors.PartnerAlphaOrganization;

    private Task<HttpResponseMessage> Bonus(object body, string? key = null, HttpClient? http = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/commission-bonuses") { Content = Body(body) };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        return (http ?? Http).SendAsync(request);
    }

    private Task<HttpResponseMessage> Reverse(string bonusId, object body, HttpClient? http = null) =>
        (http ?? Http).PutAsync($"/api/v1/commission-bonuses/{bonusId}/reversal", Body(body));

    private static string Str(JsonNode? node) => node!.GetValue<string>();

    /// <summary>Points of a user dated on the first day of the month before this one (Moscow), as the awarder writes them.</summary>
    private Task PointsLastMonth(Guid user, int points) => Sql(
        "INSERT INTO points_entries (id, user_id, entry_no, kind, rule, source, points, balance_after, event_id, occurred_at, awarded_on, recorded_at) "
        + "VALUES ($1, $2, 1, 'award', 'lead_submitted', $3, $4, $4, $1, now(), $5, now())",
        Guid.CreateVersion7(), user, Guid.NewGuid().ToString(), points, LastMonth);

    private static DateOnly LastMonth
    {
        get
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(3));
            return new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        }
    }

    [Fact]
    public async Task A_bonus_is_available_at_once_raised_audited_and_seen_by_its_organization_only()
    {
        var recorded = await Bonus(new { organizationId = Alpha, amount = 5_000m, reason = "  За   лучший  месяц " });
        var bonus = await ExpectJson(recorded, HttpStatusCode.Created);
        var id = Str(bonus["id"]);
        recorded.Headers.Location!.ToString().Should().Be($"/api/v1/commission-entries/{id}");
        Str(bonus["kind"]).Should().Be("bonus");
        Dec(bonus["amount"]).Should().Be(5_000m);
        Dec(bonus["onHoldChange"]).Should().Be(0m);
        Dec(bonus["availableChange"]).Should().Be(5_000m);
        Dec(bonus["availableAfter"]).Should().Be(5_000m);
        Str(bonus["reason"]).Should().Be("За лучший месяц");
        bonus["rewards"].Should().BeNull();
        bonus["dealId"].Should().BeNull();
        bonus["level"].Should().BeNull();

        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        (await Entries("kind=bonus", alpha)).Select(e => Str(e["id"])).Should().Equal(id);
        Str((await ExpectJson(await alpha.GetAsync($"/api/v1/commission-entries/{id}"), HttpStatusCode.OK))["reason"]).Should().Be("За лучший месяц");
        var own = (await ExpectJson(await alpha.GetAsync("/api/v1/commission-balances"), HttpStatusCode.OK))["items"]!.AsArray().Single()!;
        Dec(own["available"]).Should().Be(5_000m);
        Dec(own["onHold"]).Should().Be(0m);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        await ExpectProblem(await beta.GetAsync($"/api/v1/commission-entries/{id}"), HttpStatusCode.NotFound, "not_found");
        (await Entries("kind=bonus", beta)).Should().BeEmpty();

        var raised = await EventFeedReading.EventsOf(Http, id, count: 1);
        Str(raised.Single()["type"]).Should().Be("commission.entry_recorded");
        Str(raised.Single()["data"]!["kind"]).Should().Be("bonus");
        (await EventFeedReading.EventsOf(alpha, id, count: 1)).Should().ContainSingle("the organization sees its own ledger's events");
        var audit = await ExpectJson(await Http.GetAsync($"/api/v1/audit-events?entityId={id}"), HttpStatusCode.OK);
        audit["items"]!.AsArray().Should().NotBeEmpty("every commission entry is audited");

        // A franchisee receives one too; the ledger numbers its entries.
        var franchisee = await ExpectJson(await Bonus(new { organizationId = TestActors.FranchiseeOrganization, amount = 0.01m, reason = "Копейка" }), HttpStatusCode.Created);
        Dec(franchisee["availableAfter"]).Should().Be(0.01m);
    }

    [Fact]
    public async Task Only_head_office_gives_bonuses_to_active_partners_and_franchisees_and_bad_ones_are_refused()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await ExpectProblem(await Bonus(new { organizationId = Alpha, amount = 100m, reason = "Себе" }, http: alpha), HttpStatusCode.Forbidden, "forbidden");
        using var employee = await Server.CreateHttpClientAsync(TestActor.Employee);
        await ExpectProblem(await Bonus(new { organizationId = Alpha, amount = 100m, reason = "Без права" }, http: employee), HttpStatusCode.Forbidden, "forbidden");

        await ExpectProblem(await Bonus(new { organizationId = Guid.CreateVersion7(), amount = 100m, reason = "Никому" }), HttpStatusCode.NotFound, "not_found");
        foreach (var amount in new[] { 0m, -5m, 10.001m, 2_000_000_000m })
        {
            FieldErrors(await ExpectProblem(await Bonus(new { organizationId = Alpha, amount, reason = "Сумма" }), HttpStatusCode.BadRequest, "validation_failed"), "amount")
                .Should().NotBeEmpty("{0} is not an amount of money", amount);
        }

        FieldErrors(await ExpectProblem(await Bonus(new { organizationId = Alpha, amount = 100m, reason = " " }), HttpStatusCode.BadRequest, "validation_failed"), "reason")
            .Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await Bonus(new { organizationId = Alpha, amount = 100m, reason = new string('я', 501) }), HttpStatusCode.BadRequest, "validation_failed"), "reason")
            .Should().NotBeEmpty();
        await ExpectProblem(await Post("/api/v1/commission-bonuses", """{"organizationId":"not-a-uuid","amount":1,"reason":"x"}"""), HttpStatusCode.BadRequest, "validation_failed");

        var headOffice = await ExpectProblem(await Bonus(new { organizationId = Organization.HeadOfficeId, amount = 100m, reason = "Себе" }), HttpStatusCode.Conflict, "commission_bonus_not_receivable");
        Str(headOffice["organizationKind"]).Should().Be("head_office");
        var blocked = await Server.CreateOrganizationAsync(OrganizationKind.Partner, "Заблокированный партнёр");
        await Sql("UPDATE organizations SET status = 'blocked' WHERE id = $1", blocked);
        var refused = await ExpectProblem(await Bonus(new { organizationId = blocked, amount = 100m, reason = "Нельзя" }), HttpStatusCode.Conflict, "commission_bonus_not_receivable");
        Str(refused["organizationStatus"]).Should().Be("blocked");

        (await Entries("kind=bonus")).Should().BeEmpty("nothing refused was written");
    }

    [Fact]
    public async Task A_replayed_key_answers_the_first_bonus_and_writes_it_once()
    {
        var key = Guid.NewGuid().ToString();
        var first = await Bonus(new { organizationId = Alpha, amount = 700m, reason = "Повтор" }, key);
        var body = await first.Content.ReadAsStringAsync();
        first.StatusCode.Should().Be(HttpStatusCode.Created, body);
        var retry = await Bonus(new { organizationId = Alpha, amount = 700m, reason = "Повтор" }, key);
        retry.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await retry.Content.ReadAsStringAsync()).Should().Be(body);
        await ExpectProblem(await Bonus(new { organizationId = Alpha, amount = 701m, reason = "Повтор" }, key), HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");

        (await Entries($"organizationId={Alpha}&kind=bonus")).Should().ContainSingle();
        Dec((await Balance(Alpha))!["available"]).Should().Be(700m);
    }

    [Fact]
    public async Task A_bonus_names_the_leaderboard_place_it_rewards_from_a_month_that_has_ended()
    {
        var alphaUser = await Server.UserIdAsync(TestActor.PartnerAlpha);
        var betaUser = await Server.UserIdAsync(TestActor.PartnerBeta);
        await PointsLastMonth(betaUser, 300);
        await PointsLastMonth(alphaUser, 200);
        var month = LastMonth.ToString("yyyy-MM");

        var bonus = await ExpectJson(await Bonus(new { organizationId = Alpha, amount = 3_000m, reason = "Второе место", rewards = new { userId = alphaUser, month } }), HttpStatusCode.Created);
        Str(bonus["rewards"]!["userId"]).Should().Be(alphaUser.ToString());
        Str(bonus["rewards"]!["month"]).Should().Be(month);
        bonus["rewards"]!["rank"]!.GetValue<int>().Should().Be(2, "Beta's user had more points that month");
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        (await Entries("kind=bonus", alpha)).Single()["rewards"]!["rank"]!.GetValue<int>().Should().Be(2);

        FieldErrors(await ExpectProblem(await Bonus(new { organizationId = Alpha, amount = 1m, reason = "Чужой", rewards = new { userId = betaUser, month } }),
            HttpStatusCode.BadRequest, "validation_failed"), "rewards.userId").Should().NotBeEmpty("the user is not the organization's");
        var current = DateTime.UtcNow.AddHours(3).ToString("yyyy-MM");
        FieldErrors(await ExpectProblem(await Bonus(new { organizationId = Alpha, amount = 1m, reason = "Рано", rewards = new { userId = alphaUser, month = current } }),
            HttpStatusCode.BadRequest, "validation_failed"), "rewards.month").Should().NotBeEmpty("the month has not ended");
        FieldErrors(await ExpectProblem(await Bonus(new { organizationId = Alpha, amount = 1m, reason = "Давно", rewards = new { userId = alphaUser, month = "2020-01" } }),
            HttpStatusCode.BadRequest, "validation_failed"), "rewards.userId").Should().NotBeEmpty("the user had no place that month");
        FieldErrors(await ExpectProblem(await Bonus(new { organizationId = Alpha, amount = 1m, reason = "Месяц", rewards = new { userId = alphaUser, month = "2026-13" } }),
            HttpStatusCode.BadRequest, "validation_failed"), "rewards.month").Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_bonus_is_reversed_once_while_no_act_holds_it_and_then_stays_out_of_acts()
    {
        var id = Str((await ExpectJson(await Bonus(new { organizationId = Alpha, amount = 2_500m, reason = "Ошибочный" }), HttpStatusCode.Created))["id"]);

        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await ExpectProblem(await Reverse(id, new { reason = "Сам" }, alpha), HttpStatusCode.Forbidden, "forbidden");
        FieldErrors(await ExpectProblem(await Reverse(id, new { reason = "" }), HttpStatusCode.BadRequest, "validation_failed"), "reason").Should().NotBeEmpty();
        await ExpectProblem(await Reverse(Guid.CreateVersion7().ToString(), new { reason = "Нет такого" }), HttpStatusCode.NotFound, "not_found");

        var reversal = await ExpectJson(await Reverse(id, new { reason = "Начислен не той организации" }), HttpStatusCode.OK);
        Str(reversal["kind"]).Should().Be("reversal");
        Dec(reversal["amount"]).Should().Be(-2_500m);
        Dec(reversal["availableAfter"]).Should().Be(0m);
        Str(reversal["followsEntryId"]).Should().Be(id);
        Str(reversal["reason"]).Should().Be("Начислен не той организации");
        var again = await ExpectJson(await Reverse(id, new { reason = "Ещё раз" }), HttpStatusCode.OK);
        Str(again["id"]).Should().Be(Str(reversal["id"]), "a bonus is reversed once");
        (await Entries($"organizationId={Alpha}")).Should().HaveCount(2);
        await ExpectProblem(await Reverse(Str(reversal["id"]), new { reason = "Не бонус" }), HttpStatusCode.NotFound, "not_found");

        // The bonus and its reversal cancel out: no act settles either.
        await ExpectProblem(await Post("/api/v1/settlements", new { organizationId = Alpha, periodFrom = "2026-01-01", periodTo = Day(TodayDate) }),
            HttpStatusCode.Conflict, "settlement_nothing_to_pay");
    }

    [Fact]
    public async Task A_bonus_a_draft_holds_is_reversed_only_after_the_draft_is_discarded()
    {
        var id = Str((await ExpectJson(await Bonus(new { organizationId = Alpha, amount = 1_200m, reason = "В акт" }), HttpStatusCode.Created))["id"]);
        var drafted = await Post("/api/v1/settlements", new { organizationId = Alpha, periodFrom = "2026-01-01", periodTo = Day(TodayDate) });
        var etag = ETagOf(drafted);
        var draft = await ExpectJson(drafted, HttpStatusCode.Created);

        var held = await ExpectProblem(await Reverse(id, new { reason = "Поздно" }), HttpStatusCode.Conflict, "commission_bonus_settled");
        Str(held["settlementActId"]).Should().Be(Str(draft["id"]));
        Str((await ExpectJson(await Http.GetAsync($"/api/v1/commission-entries/{id}"), HttpStatusCode.OK))["settlementActId"]).Should().Be(Str(draft["id"]));

        var discard = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/settlements/{Str(draft["id"])}");
        discard.Headers.TryAddWithoutValidation("If-Match", etag);
        (await Http.SendAsync(discard)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectJson(await Reverse(id, new { reason = "После черновика" }), HttpStatusCode.OK);
        Dec((await Balance(Alpha))!["available"]).Should().Be(0m);
    }
}
