using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Stage win probabilities, the forecast, and the deal and lead list filters through the SDK, against the real API.</summary>
public sealed class ForecastSdkTests(ApiServerFixture server) : SdkTest(server)
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    [Fact]
    public async Task The_forecast_weighs_open_deals_by_their_stage_and_counts_win_rates()
    {
        var pipeline = (await Api.CreatePipelineAsync(new CreatePipelineRequest { Name = "Прогноз", Stages = ["Первый", "Второй", "Третий"] })).Result;
        pipeline.Stages.Select(s => s.WinProbability).Should().Equal(null, null, null, 100, 0);
        var stages = pipeline.Stages.ToList();
        var (first, third, won, lost) = (stages[0], stages[2], stages[3], stages[4]);
        var set = await Api.UpdatePipelineStageAsync(pipeline.Id, first.Id, new UpdatePipelineStageRequest { WinProbability = 10 }, $"\"{first.Version}\"");
        set.Result.WinProbability.Should().Be(10);
        var cleared = await Api.UpdatePipelineStageAsync(pipeline.Id, first.Id, new UpdatePipelineStageRequest { ClearWinProbability = true }, $"\"{set.Result.Version}\"");
        cleared.Result.WinProbability.Should().BeNull("an explicit null unsets it");
        set = await Api.UpdatePipelineStageAsync(pipeline.Id, first.Id, new UpdatePipelineStageRequest { WinProbability = 10 }, $"\"{cleared.Result.Version}\"");
        set.Result.WinProbability.Should().Be(10);

        var client = (await Api.CreateClientAsync(TestData.NewClient("Прогнозов Павел"))).Result;
        await Deal(client.Id, 1_000_000m, first.Id); // 10 %: 100 000
        await Deal(client.Id, 2_000_000m, third.Id); // unset, the 3rd of 3: 75 %: 1 500 000
        await Api.MoveDealAsync((await Deal(client.Id, 400_000m, first.Id)).Id, new MoveDealRequest { StageId = won.Id });
        await Api.MoveDealAsync((await Deal(client.Id, 300_000m, first.Id)).Id, new MoveDealRequest { StageId = lost.Id });
        await Api.MoveDealAsync((await Deal(client.Id, 200_000m, first.Id)).Id, new MoveDealRequest { StageId = lost.Id });

        var (from, to) = ThisMonth();
        var forecast = (await Api.GetForecastAsync(pipelineId: pipeline.Id, from: from, to: to)).Result;

        forecast.Months.Should().ContainSingle();
        forecast.Months.Single().OpenDeals.Should().Be(2);
        forecast.Months.Single().OpenAmount.Should().Be(3_000_000m);
        forecast.ExpectedAmount.Should().Be(1_600_000m);
        forecast.WinRatesByPipeline.Should().ContainSingle().Which.WinRate.Should().Be(33.33m);
        forecast.WinRatesBySource.Single().Should().BeEquivalentTo(new { Source = "partner", Won = 1, Lost = 2, WinRate = 33.33m });

        (await Api.ListDealsAsync(pipelineId: pipeline.Id, state: DealState.Closed)).Result.Items.Should().HaveCount(3);
        (await Api.ListDealsAsync(pipelineId: pipeline.Id, state: DealState.Open, amountMax: 1_000_000m)).Result.Items.Single().Amount.Should().Be(1_000_000m);
        (await Api.ListDealsAsync(q: "прогнозов", closedFrom: from, closedTo: to)).Result.Items.Should().HaveCount(3);
    }

    [Fact]
    public async Task Leads_filter_by_organization_source_and_city()
    {
        var request = TestData.NewClient("Городской Глеб");
        request.City = "Тверь";
        request.Source = "cold_base";
        var client = (await Api.CreateClientAsync(request)).Result;
        var lead = (await Api.CreateLeadAsync(new CreateLeadRequest { ClientId = client.Id, RequestedAmount = 800_000m, Product = LoanProduct.Consumer })).Result;
        await Api.CreateLeadAsync(new CreateLeadRequest { ClientId = (await Api.CreateClientAsync(TestData.NewClient())).Result.Id, RequestedAmount = 1m, Product = LoanProduct.Consumer });

        var listed = await Api.ListLeadsAsync(organizationId: lead.OrganizationId, source: ["cold_base"], city: "тверь");

        listed.Result.Items.Select(l => l.Id).Should().Equal(lead.Id);
        (await Api.ListLeadsAsync(organizationId: TestActors.PartnerBetaOrganization)).Result.Items.Should().BeEmpty();
    }

    [Fact]
    public async Task A_missing_period_is_a_400_naming_it()
    {
        var problem = await Expect.ProblemAsync(() => Api.GetForecastAsync(to: DateTimeOffset.UtcNow), 400, "validation_failed");
        problem.Errors.Should().ContainKey("from");
    }

    private async Task<Deal> Deal(Guid clientId, decimal amount, Guid stageId) =>
        (await Api.CreateDealAsync(new CreateDealRequest { ClientId = clientId, Title = "Прогнозная сделка", Amount = amount, Product = LoanProduct.Mortgage, StageId = stageId })).Result;

    private static (DateTimeOffset From, DateTimeOffset To) ThisMonth()
    {
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Moscow);
        var start = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.FromHours(3));
        return (start, start.AddMonths(1));
    }
}
