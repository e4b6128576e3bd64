using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Deals;

/// <summary>
/// Stage win probabilities and <c>GET /api/v1/forecast</c>. The default pipeline has four working stages, none with a
/// probability set, so by their place they count 20, 40, 60 and 80 percent (p / (4 + 1)).
/// </summary>
public sealed class ForecastTests(ApiServerFixture server) : DealTest(server)
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    [Fact]
    public async Task Stages_have_a_win_probability_fixed_for_won_and_lost_set_or_cleared_for_working_ones()
    {
        var stages = (await Pipeline())["stages"]!.AsArray().Select(s => s!.AsObject()).ToList();
        stages.Select(s => s["winProbability"]?.GetValue<int>()).Should().Equal(null, null, null, null, 100, 0);

        var added = await ExpectJson(await Post($"/api/v1/pipelines/{DefaultPipeline}/stages", new { name = "Одобрено", winProbability = 90 }), HttpStatusCode.Created);
        added["winProbability"]!.GetValue<int>().Should().Be(90);

        var set = await SetProbability(DefaultStages[1], 35);
        set["winProbability"]!.GetValue<int>().Should().Be(35);
        var cleared = await SetProbability(DefaultStages[1], null);
        cleared["winProbability"].Should().BeNull();

        var stage = await StageVersion(WonStage);
        var refused = await Patch($"/api/v1/pipelines/{DefaultPipeline}/stages/{WonStage}", new { winProbability = 50 }, stage);
        await ExpectProblem(refused, HttpStatusCode.Conflict, "system_stage_protected");
        (await Patch($"/api/v1/pipelines/{DefaultPipeline}/stages/{WonStage}", new { winProbability = 100 }, stage)).StatusCode.Should().Be(HttpStatusCode.OK);

        foreach (var bad in new[] { 101, -1 })
        {
            var problem = await ExpectProblem(
                await Post($"/api/v1/pipelines/{DefaultPipeline}/stages", new { name = "Плохо", winProbability = bad }), HttpStatusCode.BadRequest, "validation_failed");
            FieldErrors(problem, "winProbability").Should().NotBeEmpty();
            problem = await ExpectProblem(
                await Patch($"/api/v1/pipelines/{DefaultPipeline}/stages/{DefaultStages[0]}", new { winProbability = bad }, await StageVersion(DefaultStages[0])),
                HttpStatusCode.BadRequest,
                "validation_failed");
            FieldErrors(problem, "winProbability").Should().NotBeEmpty();
        }
    }

    [Fact]
    public async Task The_forecast_weighs_open_deals_by_their_stage_and_counts_win_rates_by_pipeline_and_source()
    {
        await SetProbability(DefaultStages[1], 50);
        var partnerClient = await CreateClient(source: "partner");
        var coldClient = await CreateClient(source: "cold_base");
        await CreateDeal(Id(partnerClient), stageId: DefaultStages[0], amount: 1_000_000m); // 20 % (by place): 200 000
        await CreateDeal(Id(partnerClient), stageId: DefaultStages[1], amount: 2_000_000m); // 50 % (set): 1 000 000
        await CreateDeal(Id(coldClient), stageId: DefaultStages[3], amount: 3_000_000m); // 80 % (by place): 2 400 000
        await Close(Id(partnerClient), WonStage, 500_000m);
        await Close(Id(coldClient), WonStage, 700_000m);
        await Close(Id(coldClient), LostStage, 100_000m);
        var other = await ExpectJson(await Post("/api/v1/pipelines", new { name = "Другая", stages = new[] { "Одна" } }), HttpStatusCode.Created);
        var otherStages = StageIds(other);
        await CreateDeal(Id(coldClient), stageId: otherStages[0], amount: 10_000_000m); // 50 % (1 of 1): 5 000 000
        await Close(Id(coldClient), otherStages[2], 1m);

        var forecast = await Forecast($"pipelineId={DefaultPipeline}&{ThisMonth()}");

        forecast["pipelineId"]!.GetValue<string>().Should().Be(DefaultPipeline);
        forecast["timeZone"]!.GetValue<string>().Should().Be("Europe/Moscow");
        var month = forecast["months"]!.AsArray().Should().ContainSingle().Subject!.AsObject();
        month["month"]!.GetValue<string>().Should().Be(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Moscow).ToString("yyyy-MM"));
        month["openDeals"]!.GetValue<int>().Should().Be(3);
        month["openAmount"]!.GetValue<decimal>().Should().Be(6_000_000m);
        month["expectedAmount"]!.GetValue<decimal>().Should().Be(3_600_000m);
        forecast["expectedAmount"]!.GetValue<decimal>().Should().Be(3_600_000m);
        Rates(forecast, "winRatesByPipeline", "pipelineId").Should().Equal((DefaultPipeline, 2, 1, 66.67m));
        Rates(forecast, "winRatesBySource", "source").Should().Equal(("cold_base", 1, 1, 50m), ("partner", 1, 0, 100m));

        var all = await Forecast(ThisMonth());
        all["pipelineId"].Should().BeNull();
        all["expectedAmount"]!.GetValue<decimal>().Should().Be(8_600_000m);
        all["months"]![0]!["openDeals"]!.GetValue<int>().Should().Be(4);
        Rates(all, "winRatesByPipeline", "pipelineId").Should().Equal((DefaultPipeline, 2, 1, 66.67m), (Id(other), 0, 1, 0m));
        Rates(all, "winRatesBySource", "source").Should().Equal(("cold_base", 1, 2, 33.33m), ("partner", 1, 0, 100m));
    }

    [Fact]
    public async Task Every_month_of_the_period_is_listed_and_deals_created_outside_it_are_not_counted()
    {
        var client = await CreateClient();
        await CreateDeal(Id(client), stageId: DefaultStages[0], amount: 1_000_000m);

        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Moscow);
        var start = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.FromHours(3)).AddMonths(-3);
        var forecast = await Forecast($"from={Uri.EscapeDataString(start.ToString("O"))}&to={Uri.EscapeDataString(start.AddMonths(3).ToString("O"))}");

        forecast["months"]!.AsArray().Select(m => m!["month"]!.GetValue<string>()).Should().Equal(
            Enumerable.Range(0, 3).Select(i => start.AddMonths(i).ToString("yyyy-MM")));
        forecast["months"]!.AsArray().Select(m => m!["openDeals"]!.GetValue<int>()).Should().Equal(0, 0, 0);
        forecast["expectedAmount"]!.GetValue<decimal>().Should().Be(0m);
        forecast["winRatesByPipeline"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task A_partner_forecasts_only_its_organizations_deals_and_a_guest_may_not()
    {
        var client = await CreateClient();
        await CreateDeal(Id(client), stageId: DefaultStages[0], amount: 1_000_000m);
        await Close(Id(client), WonStage, 1_000m);
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var own = await ExpectJson(await alpha.PostAsync("/api/v1/clients", Body(new { fullName = "Клиент Альфы", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created);
        await ExpectJson(
            await alpha.PostAsync("/api/v1/deals", Body(new { clientId = Id(own), title = "Ипотека", amount = 500_000m, product = "mortgage", stageId = DefaultStages[3] })),
            HttpStatusCode.Created);

        var forecast = await ExpectJson(await alpha.GetAsync($"/api/v1/forecast?{ThisMonth()}"), HttpStatusCode.OK);

        forecast["months"]![0]!["openDeals"]!.GetValue<int>().Should().Be(1);
        forecast["expectedAmount"]!.GetValue<decimal>().Should().Be(400_000m);
        forecast["winRatesByPipeline"]!.AsArray().Should().BeEmpty("head office's won deal is not Alpha's");
        (await Forecast(ThisMonth()))["expectedAmount"]!.GetValue<decimal>().Should().Be(600_000m);

        using var guest = await Server.CreateHttpClientAsync(TestActor.Guest);
        await ExpectProblem(await guest.GetAsync($"/api/v1/forecast?{ThisMonth()}"), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Close_months_project_open_deals_by_expected_close_date_weighted_by_their_own_probability_first()
    {
        var client = await CreateClient();
        var employee = await UserId(TestActor.Employee);
        await Expected(Id(client), DefaultStages[0], 1_000_000m, "2031-01-31", null); // 20 % (its stage): 200 000
        await Expected(Id(client), DefaultStages[1], 2_000_000m, "2031-01-01", 75, employee); // 75 %: 1 500 000
        await Expected(Id(client), DefaultStages[3], 500_000m, "2031-03-31", 10); // 10 %: 50 000
        await Expected(Id(client), DefaultStages[0], 9_000_000m, "2031-04-01", 90); // after the period
        var won = await Expected(Id(client), DefaultStages[0], 7_000_000m, "2031-02-10", 90);
        (await Move(Id(won), WonStage)).StatusCode.Should().Be(HttpStatusCode.OK, "a closed deal is not projected");
        await CreateDeal(Id(client), amount: 4_000_000m); // no expected close date

        var period = "from=2031-01-01T00:00:00%2B03:00&to=2031-04-01T00:00:00%2B03:00";
        var forecast = await Forecast(period);

        var months = forecast["closeMonths"]!.AsArray().Select(m => (
            m!["month"]!.GetValue<string>(), m["openDeals"]!.GetValue<int>(), m["openAmount"]!.GetValue<decimal>(),
            m["expectedAmount"]!.GetValue<decimal>())).ToList();
        months.Should().Equal(
            ("2031-01", 2, 3_000_000m, 1_700_000m), ("2031-02", 0, 0m, 0m), ("2031-03", 1, 500_000m, 50_000m));
        forecast["closeExpectedAmount"]!.GetValue<decimal>().Should().Be(1_750_000m);
        forecast["months"]!.AsArray().Sum(m => m!["openDeals"]!.GetValue<int>()).Should().Be(0,
            "the months by creation keep their meaning: these deals were created now, outside the period");

        var mine = await Forecast($"{period}&responsibleUserId={employee}");
        mine["responsibleUserId"]!.GetValue<string>().Should().Be(employee.ToString());
        mine["closeExpectedAmount"]!.GetValue<decimal>().Should().Be(1_500_000m);
        var alphas = await Forecast($"{period}&organizationId={TestActors.PartnerAlphaOrganization}");
        alphas["closeExpectedAmount"]!.GetValue<decimal>().Should().Be(0m, "head office's deals are not Alpha's");

        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var headOffice = MakCrm.Domain.Organizations.Organization.HeadOfficeId;
        var peek = await ExpectJson(
            await alpha.GetAsync($"/api/v1/forecast?{period}&organizationId={headOffice}"), HttpStatusCode.OK);
        peek["closeExpectedAmount"]!.GetValue<decimal>().Should().Be(0m, "a partner reads only its own deals");
        await ExpectProblem(
            await Http.GetAsync($"/api/v1/forecast?{period}&responsibleUserId=me"), HttpStatusCode.BadRequest,
            "validation_failed");
    }

    private async Task<JsonObject> Expected(
        string clientId, string stageId, decimal amount, string closeDate, int? probability, Guid? responsible = null)
    {
        var body = new
        {
            clientId, title = "Ипотека", amount, product = "mortgage", stageId, expectedCloseDate = closeDate,
            probability, responsibleUserId = responsible,
        };
        return await ExpectJson(await Post("/api/v1/deals", body), HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("to=2026-02-01T00:00:00Z", "from")]
    [InlineData("from=2026-02-01T00:00:00Z", "to")]
    [InlineData("from=2026-02-01T00:00:00Z&to=2026-02-01T00:00:00Z", "to")]
    [InlineData("from=2020-01-01T00:00:00Z&to=2025-01-02T00:00:00Z", "to")]
    [InlineData("from=tomorrow&to=2026-02-01T00:00:00Z", "from")]
    [InlineData("from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&pipelineId=first", "pipelineId")]
    public async Task Bad_periods_are_400s_naming_the_parameter(string query, string field)
    {
        var problem = await ExpectProblem(await Http.GetAsync($"/api/v1/forecast?{query}"), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task An_unknown_pipeline_is_a_404()
    {
        await ExpectProblem(await Http.GetAsync($"/api/v1/forecast?pipelineId={Guid.NewGuid()}&{ThisMonth()}"), HttpStatusCode.NotFound, "not_found");
    }

    /// <summary>This month in Moscow time, as <c>from</c> and <c>to</c>.</summary>
    private static string ThisMonth()
    {
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Moscow);
        var start = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.FromHours(3));
        return $"from={Uri.EscapeDataString(start.ToString("O"))}&to={Uri.EscapeDataString(start.AddMonths(1).ToString("O"))}";
    }

    private async Task<JsonObject> Forecast(string query) => await ExpectJson(await Http.GetAsync($"/api/v1/forecast?{query}"), HttpStatusCode.OK);

    private async Task Close(string clientId, string stageId, decimal amount)
    {
        var deal = await CreateDeal(clientId, amount: amount);
        (await Move(Id(deal), stageId)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private async Task<string> StageVersion(string stageId)
    {
        var stage = (await Pipeline())["stages"]!.AsArray().Single(s => Id(s!.AsObject()) == stageId)!;
        return $"\"{stage["version"]!.GetValue<int>()}\"";
    }

    private async Task<JsonObject> SetProbability(string stageId, int? percent) =>
        await ExpectJson(await Patch($"/api/v1/pipelines/{DefaultPipeline}/stages/{stageId}", new { winProbability = percent }, await StageVersion(stageId)), HttpStatusCode.OK);

    private static List<(string, int, int, decimal)> Rates(JsonObject forecast, string list, string key) =>
        forecast[list]!.AsArray()
            .Select(r => (r![key]!.GetValue<string>(), r["won"]!.GetValue<int>(), r["lost"]!.GetValue<int>(), r["winRate"]!.GetValue<decimal>()))
            .ToList();
}
