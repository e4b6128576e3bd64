using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Infrastructure.Persistence.RawSql;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.IntegrationTests.Points;

/// <summary>A server whose points worker is off: the tests run the awarder themselves.</summary>
public sealed class ManualPointsFixture() : ApiServerFixture(new Dictionary<string, string> { ["Mak:Points:Enabled"] = "false" });

/// <summary>Points over HTTP and the real database: awards from the event feed, replays, reversals, caps, reads and access.</summary>
public sealed class PointsApiTests(ManualPointsFixture server) : AuthTest(server), IClassFixture<ManualPointsFixture>
{
    private static readonly Guid Franchisee = TestActors.FranchiseeOrganization;

    private Task<int> AwardOnceAsync() => Server.WithServicesAsync(services => services.GetRequiredService<PointsAwarder>().AwardBatchAsync(CancellationToken.None));

    /// <summary>Runs the awarder until the ledger has the entries (events are numbered shortly after their commit).</summary>
    private async Task AwardUntilAsync(int entries)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        while (await CountAsync("SELECT count(*) FROM points_entries") < entries && DateTime.UtcNow < until)
        {
            await AwardOnceAsync();
            await Task.Delay(50);
        }

        (await CountAsync("SELECT count(*) FROM points_entries")).Should().Be(entries);
    }

    /// <summary>Waits until every event raised so far is numbered, then reads the whole feed once more (a replay).</summary>
    private async Task DrainAsync()
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (await CountAsync("SELECT count(*) FROM events WHERE sequence IS NULL") > 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        while (await AwardOnceAsync() > 0)
        {
        }
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private async Task SqlAsync(string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync();
    }

    private async Task<string> PartnerLeadAsync(HttpClient partner)
    {
        var client = await ExpectJson(await partner.PostAsync("/api/v1/clients", Body(new { fullName = "Петров Пётр", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created);
        var lead = await ExpectJson(await partner.PostAsync("/api/v1/leads", Body(new { clientId = Id(client), requestedAmount = 1_000_000m, product = "mortgage" })), HttpStatusCode.Created);
        return Id(lead);
    }

    private static async Task<List<JsonObject>> EntriesAsync(HttpClient http, string url = "/api/v1/me/points/entries") =>
        (await ExpectJson(await http.GetAsync(url + "?limit=200"), HttpStatusCode.OK))["items"]!.AsArray().Select(e => e!.AsObject()).ToList();

    private async Task<string> ReplaceRulesAsync(int leadPoints, int? leadCap)
    {
        var current = await Http.GetAsync("/api/v1/points/rules");
        var etag = ETagOf(current);
        var rules = new object[]
        {
            new { kind = "lead_submitted", points = leadPoints, dailyCap = leadCap },
            new { kind = "loan_issued", points = 50, dailyCap = (int?)null },
            new { kind = "lesson_completed", points = 5, dailyCap = (int?)null },
            new { kind = "homework_accepted", points = 10, dailyCap = (int?)null },
            new { kind = "event_attended", points = 10, dailyCap = (int?)null },
            new { kind = "referral_activated", points = 100, dailyCap = (int?)null },
        };
        var response = await Send(HttpMethod.Put, "/api/v1/points/rules", Json(new { rules }), ifMatch: etag);
        await ExpectJson(response, HttpStatusCode.OK);
        return ETagOf(response);
    }

    [Fact]
    public async Task A_partners_lead_is_awarded_once_even_when_the_feed_is_read_again()
    {
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var lead = await PartnerLeadAsync(partner);

        await AwardUntilAsync(1);
        await SqlAsync("UPDATE points_cursor SET last_sequence = 0");
        await DrainAsync();

        var entries = await EntriesAsync(partner);
        entries.Should().ContainSingle();
        entries[0]["kind"]!.GetValue<string>().Should().Be("award");
        entries[0]["source"]!.GetValue<string>().Should().Be("lead_submitted");
        entries[0]["sourceId"]!.GetValue<string>().Should().Be(lead);
        entries[0]["points"]!.GetValue<int>().Should().Be(10);
        entries[0]["reason"].Should().BeNull();
        var summary = await ExpectJson(await partner.GetAsync("/api/v1/me/points"), HttpStatusCode.OK);
        summary["balance"]!.GetValue<long>().Should().Be(10);
        summary["level"]!["number"]!.GetValue<int>().Should().Be(1);
        summary["nextLevel"]!["threshold"]!.GetValue<long>().Should().Be(100);
        summary["badges"]!.AsArray().Select(b => b!["code"]!.GetValue<string>()).Should().Equal("first_lead");
    }

    [Fact]
    public async Task A_completed_lesson_awards_the_learner_once_and_earns_the_first_lesson_badge()
    {
        var course = Id(await ExpectJson(await Post("/api/v1/courses", new { title = $"Курс {Guid.NewGuid():N}", description = "Основы", audienceKinds = new[] { "partner" } }), HttpStatusCode.Created));
        var lesson = Id(await ExpectJson(
            await Post($"/api/v1/courses/{course}/lessons", new { title = "Видео", kind = "video", videoUrl = "https://video.example/points", position = 1 }), HttpStatusCode.Created));
        await ExpectJson(await Patch($"/api/v1/courses/{course}", new { status = "published" }, "\"1\""), HttpStatusCode.OK);

        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await ExpectJson(await partner.PutAsync($"/api/v1/courses/{course}/lessons/{lesson}/completion", null), HttpStatusCode.OK);
        await ExpectJson(await partner.PutAsync($"/api/v1/courses/{course}/lessons/{lesson}/completion", null), HttpStatusCode.OK);
        await AwardUntilAsync(1);
        await DrainAsync();

        var entries = await EntriesAsync(partner);
        entries.Should().ContainSingle("completing the lesson again raises no second event");
        entries[0]["source"]!.GetValue<string>().Should().Be("lesson_completed");
        entries[0]["points"]!.GetValue<int>().Should().Be(5);
        var summary = await ExpectJson(await partner.GetAsync("/api/v1/me/points"), HttpStatusCode.OK);
        summary["balance"]!.GetValue<long>().Should().Be(5);
        summary["badges"]!.AsArray().Select(b => b!["code"]!.GetValue<string>()).Should().Equal("first_lesson");
    }

    [Fact]
    public async Task Accepted_homework_and_an_attended_event_award_the_learner_once_each_under_a_replayed_feed()
    {
        var course = Id(await ExpectJson(await Post("/api/v1/courses", new { title = $"Курс {Guid.NewGuid():N}", status = "published" }), HttpStatusCode.Created));
        var lesson = Id(await ExpectJson(
            await Post($"/api/v1/courses/{course}/lessons", new { title = "Видео", kind = "video", videoUrl = "https://video.example/points", position = 1 }), HttpStatusCode.Created));
        var assignment = Id(await ExpectJson(
            await Post($"/api/v1/courses/{course}/assignments", new { title = "Задание", instructions = "Сделайте", dueDays = 7, maxPoints = 20 }), HttpStatusCode.Created));
        var trainingEvent = Id(await ExpectJson(await Post("/api/v1/training-events", new
        {
            title = "Вебинар", startsAt = DateTimeOffset.UtcNow.AddMinutes(-30), endsAt = DateTimeOffset.UtcNow.AddHours(1), format = "online",
            url = "https://meet.example/points", capacity = 10,
        }), HttpStatusCode.Created));

        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var alpha = await Server.UserIdAsync(TestActor.PartnerAlpha);
        await ExpectJson(await partner.PutAsync($"/api/v1/courses/{course}/lessons/{lesson}/completion", null), HttpStatusCode.OK);
        await ExpectJson(await partner.PutAsync($"/api/v1/courses/{course}/lessons/{lesson}/completion", null), HttpStatusCode.OK);
        var submission = Id(await ExpectJson(
            await partner.PostAsync($"/api/v1/courses/{course}/assignments/{assignment}/submissions", Body(new { text = "Ответ" })), HttpStatusCode.Created));
        await ExpectJson(await Post($"/api/v1/homework-submissions/{submission}/decision", new { decision = "accepted", points = 8 }), HttpStatusCode.OK);
        await ExpectJson(await partner.PostAsync($"/api/v1/training-events/{trainingEvent}/registration", null), HttpStatusCode.OK);
        await ExpectJson(await Http.PutAsync($"/api/v1/training-events/{trainingEvent}/attendances/{alpha}", null), HttpStatusCode.OK);
        await ExpectJson(await Http.PutAsync($"/api/v1/training-events/{trainingEvent}/attendances/{alpha}", null), HttpStatusCode.OK);

        await AwardUntilAsync(3);
        await SqlAsync("UPDATE points_cursor SET last_sequence = 0");
        await DrainAsync();

        var entries = await EntriesAsync(partner);
        entries.Select(e => (e["source"]!.GetValue<string>(), e["sourceId"]!.GetValue<string>(), e["points"]!.GetValue<int>())).Should().BeEquivalentTo(
            [
                ("lesson_completed", await RowIdAsync("SELECT id FROM training_lesson_completions WHERE lesson_id = $1 AND user_id = $2", Guid.Parse(lesson), alpha), 5),
                ("homework_accepted", submission, 8),
                ("event_attended", await RowIdAsync("SELECT id FROM training_event_registrations WHERE event_id = $1 AND user_id = $2", Guid.Parse(trainingEvent), alpha), 10),
            ],
            "each source is awarded once, the homework with the reviewer's points rather than the rule's 10");
        entries.Should().OnlyContain(e => e["kind"]!.GetValue<string>() == "award");
        var summary = await ExpectJson(await partner.GetAsync("/api/v1/me/points"), HttpStatusCode.OK);
        summary["balance"]!.GetValue<long>().Should().Be(23);
    }

    [Fact]
    public async Task An_approved_referral_awards_its_referrers_owner_once_under_a_replayed_feed_and_an_unreferred_one_nobody()
    {
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var code = (await ExpectJson(await partner.GetAsync($"/api/v1/organizations/{TestActors.PartnerAlphaOrganization}/referral"), HttpStatusCode.OK))["code"]!.GetValue<string>();
        var referred = await RegisterAndApproveAsync(code);
        var unreferred = await RegisterAndApproveAsync(null);

        await AwardUntilAsync(1);
        await SqlAsync("UPDATE points_cursor SET last_sequence = 0");
        await DrainAsync();

        var entries = await EntriesAsync(partner);
        entries.Should().ContainSingle("the referral is awarded once, and the organization nobody referred earns nobody anything");
        entries[0]["source"]!.GetValue<string>().Should().Be("referral_activated");
        entries[0]["sourceId"]!.GetValue<string>().Should().Be(referred);
        entries[0]["points"]!.GetValue<int>().Should().Be(100);
        (await CountAsync($"SELECT count(*) FROM points_entries WHERE source = '{unreferred}'")).Should().Be(0);
    }

    /// <summary>An organization registered (through a referral code when given) and approved by head office; its id.</summary>
    private async Task<string> RegisterAndApproveAsync(string? referralCode)
    {
        var body = RegistrationBody($"points-{Guid.NewGuid():N}@partner.example");
        body["contactPhone"] = UniquePhone();
        body["referralCode"] = referralCode;
        var registered = await ExpectJson(await Anonymous.PostAsync("/api/v1/registrations", Body(body)), HttpStatusCode.Created);
        await ExpectJson(await Http.PostAsync($"/api/v1/organizations/{Id(registered)}/approve", null), HttpStatusCode.OK);
        return Id(registered);
    }

    /// <summary>The id of the one row a query finds, as text (the training events' resources, which are awards' sources).</summary>
    private async Task<string> RowIdAsync(string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return ((Guid)(await command.ExecuteScalarAsync())!).ToString();
    }

    [Fact]
    public async Task A_loan_issue_awards_the_deals_responsible_and_its_cancellation_reverses_it_once()
    {
        var bank = $"pb{Guid.NewGuid():N}"[..12];
        await ExpectJson(await Post("/api/v1/banks", new { code = bank, name = "Банк " + bank }), HttpStatusCode.Created);
        var client = await CreateClient();
        var deal = await ExpectJson(await Post("/api/v1/deals", new { clientId = Id(client), title = "Кредит", amount = 500_000m, bank = "Банк", product = "consumer" }), HttpStatusCode.Created);
        var day = DateTime.UtcNow.ToString("yyyy-MM-dd");
        await ExpectJson(await Send(HttpMethod.Put, $"/api/v1/deals/{Id(deal)}/loan", Json(new { issuedOn = day, amount = 500_000m, bankCode = bank, product = "consumer", termMonths = 36 })), HttpStatusCode.OK);
        await AwardUntilAsync(1);
        await ExpectJson(await Send(HttpMethod.Put, $"/api/v1/deals/{Id(deal)}/loan/cancellation", Json(new { cancelledOn = day, reason = "early_return" })), HttpStatusCode.OK);
        await AwardUntilAsync(2);
        await SqlAsync("UPDATE points_cursor SET last_sequence = 0");
        await DrainAsync();

        var entries = await EntriesAsync(Http);
        entries.Select(e => (e["kind"]!.GetValue<string>(), e["points"]!.GetValue<int>())).Should().BeEquivalentTo([("reversal", -50), ("award", 50)]);
        entries.Should().OnlyContain(e => e["sourceId"]!.GetValue<string>() == $"{Id(deal)}:1" && e["source"]!.GetValue<string>() == "loan_issued");
        (await ExpectJson(await Http.GetAsync("/api/v1/me/points"), HttpStatusCode.OK))["balance"]!.GetValue<long>().Should().Be(0);
    }

    [Fact]
    public async Task An_accepted_lead_return_reverses_the_leads_award_and_a_reversal_of_nothing_writes_nothing()
    {
        await ExpectJson(await Post("/api/v1/ledger/deposits", new { organizationId = Franchisee, amount = 10_000m, comment = "Пополнение" }), HttpStatusCode.Created);
        var lead = await CreateLead(Id(await CreateClient()), status: "auction");
        await AwardUntilAsync(1);
        await Purchases.BuyAsync(Server, Guid.Parse(Id(lead)), Franchisee, 1_500m);
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var requested = await ExpectJson(await franchisee.PostAsync($"/api/v1/leads/{Id(lead)}/returns", Body(new { reason = "unreachable", comment = "Не отвечает" })), HttpStatusCode.Created);
        await ExpectJson(await Http.PostAsync($"/api/v1/lead-returns/{Id(requested)}/accept", null), HttpStatusCode.OK);

        await AwardUntilAsync(2);
        await SqlAsync("UPDATE points_cursor SET last_sequence = 0");
        await DrainAsync();

        var entries = await EntriesAsync(Http);
        entries.Select(e => (e["kind"]!.GetValue<string>(), e["points"]!.GetValue<int>())).Should().BeEquivalentTo([("reversal", -10), ("award", 10)]);
        var summary = await ExpectJson(await Http.GetAsync("/api/v1/me/points"), HttpStatusCode.OK);
        summary["balance"]!.GetValue<long>().Should().Be(0);
        summary["badges"]!.AsArray().Should().BeEmpty("a reversed award earns no badge");
    }

    [Fact]
    public async Task The_daily_cap_holds_while_two_awarders_run_at_once()
    {
        await ReplaceRulesAsync(10, 25);
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        for (var i = 0; i < 5; i++)
        {
            await PartnerLeadAsync(partner);
        }

        var until = DateTime.UtcNow.AddSeconds(15);
        while (await CountAsync("SELECT count(*) FROM points_entries") < 5 && DateTime.UtcNow < until)
        {
            await Together(2, _ => AwardOnceAsync());
        }

        var entries = await EntriesAsync(partner);
        entries.Should().HaveCount(5);
        entries.Sum(e => e["points"]!.GetValue<int>()).Should().Be(25);
        entries.Count(e => e["reason"]?.GetValue<string>() == "daily_cap").Should().Be(3, "10 + 10 + 5 reach the cap; the fourth and fifth get 0");
        entries.Select(e => e["balanceAfter"]!.GetValue<long>()).Should().BeInDescendingOrder();
        (await ExpectJson(await partner.GetAsync("/api/v1/me/points"), HttpStatusCode.OK))["balance"]!.GetValue<long>().Should().Be(25);
    }

    [Fact]
    public async Task Rules_are_replaced_under_if_match_and_refuse_negative_points_and_missing_kinds()
    {
        var read = await Http.GetAsync("/api/v1/points/rules");
        var rules = await ExpectJson(read, HttpStatusCode.OK);
        rules["rules"]!.AsArray().Should().HaveCount(6);
        var etag = ETagOf(read);

        var all = rules["rules"]!.AsArray().Select(r => new { kind = r!["kind"]!.GetValue<string>(), points = r["points"]!.GetValue<int>(), dailyCap = (int?)null }).ToList();
        await ExpectProblem(await Send(HttpMethod.Put, "/api/v1/points/rules", Json(new { rules = all })), HttpStatusCode.PreconditionRequired, "precondition_required");
        var negative = all.Select(r => r.kind == "loan_issued" ? r with { points = -1 } : r).ToList();
        var problem = await ExpectProblem(await Send(HttpMethod.Put, "/api/v1/points/rules", Json(new { rules = negative }), ifMatch: etag), HttpStatusCode.BadRequest, "validation_failed");
        problem["errors"]!.AsObject().Should().NotBeEmpty();
        await ExpectProblem(await Send(HttpMethod.Put, "/api/v1/points/rules", Json(new { rules = all.Skip(1) }), ifMatch: etag), HttpStatusCode.BadRequest, "validation_failed");

        var changed = all.Select(r => r.kind == "lead_submitted" ? r with { points = 7, dailyCap = 70 } : r).ToList();
        var replaced = await Send(HttpMethod.Put, "/api/v1/points/rules", Json(new { rules = changed }), ifMatch: etag);
        var body = await ExpectJson(replaced, HttpStatusCode.OK);
        ETagOf(replaced).Should().NotBe(etag);
        body["rules"]!.AsArray().Should().Contain(r => r!["kind"]!.GetValue<string>() == "lead_submitted" && r["points"]!.GetValue<int>() == 7 && r["dailyCap"]!.GetValue<int>() == 70);
        await ExpectProblem(await Send(HttpMethod.Put, "/api/v1/points/rules", Json(new { rules = changed }), ifMatch: etag), HttpStatusCode.PreconditionFailed, "precondition_failed");

        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        (await partner.GetAsync("/api/v1/points/rules")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_partner_reads_only_its_own_points_and_head_office_reads_anyones()
    {
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await PartnerLeadAsync(partner);
        await AwardUntilAsync(1);
        var alpha = await Server.UserIdAsync(TestActor.PartnerAlpha);
        var beta = await Server.UserIdAsync(TestActor.PartnerBeta);

        (await partner.GetAsync($"/api/v1/users/{beta}/points")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await partner.GetAsync($"/api/v1/users/{beta}/points/entries")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var betaClient = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        (await EntriesAsync(betaClient)).Should().BeEmpty();

        (await ExpectJson(await Http.GetAsync($"/api/v1/users/{alpha}/points"), HttpStatusCode.OK))["balance"]!.GetValue<long>().Should().Be(10);
        (await EntriesAsync(Http, $"/api/v1/users/{alpha}/points/entries")).Should().ContainSingle();
        await ExpectProblem(await Http.GetAsync($"/api/v1/users/{Guid.CreateVersion7()}/points"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Http.GetAsync("/api/v1/me/points/entries?cursor=nonsense"), HttpStatusCode.BadRequest, "invalid_cursor");
    }

    [Fact]
    public async Task The_leaderboard_shows_the_callers_rank_with_neighbours_names_and_points_and_head_office_the_top()
    {
        var month = DateTime.UtcNow.AddHours(3).ToString("yyyy-MM");
        var alpha = await Server.UserIdAsync(TestActor.PartnerAlpha);
        var beta = await Server.UserIdAsync(TestActor.PartnerBeta);
        var others = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            others.Add((await Server.CreateUserAsync($"points-{Guid.NewGuid():N}@test.mak", "partner", TestActors.PartnerBetaOrganization)).Id);
        }

        // Ranked: others[0] 500, others[1] 400, alpha 300, beta 200, others[2] 100, others[3] 50; the franchisee is another role.
        var points = new (Guid User, int Points)[] { (others[0], 500), (others[1], 400), (alpha, 300), (beta, 200), (others[2], 100), (others[3], 50), (await Server.UserIdAsync(TestActor.Franchisee), 1000) };
        foreach (var (user, p) in points)
        {
            await SqlAsync(
                "INSERT INTO points_entries (id, user_id, entry_no, kind, rule, source, points, balance_after, event_id, occurred_at, awarded_on, recorded_at) "
                + "VALUES ($1, $2, 1, 'award', 'lead_submitted', $3, $4, $4, $1, now(), (now() AT TIME ZONE 'Europe/Moscow')::date, now())",
                Guid.CreateVersion7(), user, Guid.NewGuid().ToString(), p);
        }

        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var board = await ExpectJson(await partner.GetAsync($"/api/v1/points/leaderboard?month={month}&neighbours=1"), HttpStatusCode.OK);
        board["role"]!.GetValue<string>().Should().Be("partner");
        board["participants"]!.GetValue<int>().Should().Be(6);
        board["me"]!["rank"]!.GetValue<int>().Should().Be(3);
        board["me"]!["points"]!.GetValue<long>().Should().Be(300);
        board["above"]!.AsArray().Select(r => r!["points"]!.GetValue<long>()).Should().Equal(400);
        board["below"]!.AsArray().Select(r => r!["points"]!.GetValue<long>()).Should().Equal(200);
        board["top"].Should().BeNull();
        board.ToJsonString().Should().NotContain("userId").And.NotContain("amount");

        await ExpectProblem(await partner.GetAsync("/api/v1/points/leaderboard?role=franchisee"), HttpStatusCode.BadRequest, "validation_failed");
        await ExpectProblem(await partner.GetAsync("/api/v1/points/leaderboard?month=2026-13"), HttpStatusCode.BadRequest, "validation_failed");
        var headOffice = await ExpectJson(await Http.GetAsync($"/api/v1/points/leaderboard?month={month}&role=partner"), HttpStatusCode.OK);
        headOffice["top"]!.AsArray().Select(r => r!["points"]!.GetValue<long>()).Should().Equal(500, 400, 300, 200, 100, 50);
        headOffice["me"].Should().BeNull();
        var earlier = await ExpectJson(await partner.GetAsync("/api/v1/points/leaderboard?month=2020-01"), HttpStatusCode.OK);
        earlier["participants"]!.GetValue<int>().Should().Be(0);
    }
}
