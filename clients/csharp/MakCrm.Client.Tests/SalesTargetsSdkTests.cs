using System.Globalization;
using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Monthly sales targets and their attainment through the SDK, against the real API on a loopback
/// port.</summary>
public sealed class SalesTargetsSdkTests(ApiServerFixture server) : SdkTest(server)
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    [Fact]
    public async Task A_target_answers_the_deals_won_in_its_month_and_shows_in_the_forecast()
    {
        var organization = (await Api.GetMeAsync()).Result.Organization.Id;
        var client = (await Api.CreateClientAsync(TestData.NewClient("Планова Полина"))).Result;
        var pipeline = (await Api.ListPipelinesAsync()).Result.Items.First();
        var won = pipeline.Stages.Single(s => s.Kind == StageKind.Won);
        var deal = (
            await Api.CreateDealAsync(
                new CreateDealRequest
                {
                    ClientId = client.Id,
                    Title = "Ипотека",
                    Amount = 750_000m,
                    Product = LoanProduct.Mortgage,
                }
            )
        ).Result;
        await Api.MoveDealAsync(deal.Id, new MoveDealRequest { StageId = won.Id });
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Moscow);
        var month = now.ToString("yyyy-MM", CultureInfo.InvariantCulture);

        var created = await Api.CreateSalesTargetAsync(
            new CreateSalesTargetRequest
            {
                OrganizationId = organization,
                Month = month,
                Amount = 1_000_000m,
                Deals = 2,
            },
            Guid.NewGuid().ToString()
        );
        created.StatusCode.Should().Be(201);
        created.Result.Attainment.WonAmount.Should().Be(750_000m);
        created.Result.Attainment.AmountShare.Should().Be(0.75m);
        created.Result.Attainment.DealsShare.Should().Be(0.5m);
        await Expect.ProblemAsync(
            () =>
                Api.CreateSalesTargetAsync(
                    new CreateSalesTargetRequest
                    {
                        OrganizationId = organization,
                        Month = month,
                        Amount = 5m,
                    }
                ),
            409,
            "sales_target_exists"
        );

        var changed = await Api.UpdateSalesTargetAsync(
            created.Result.Id,
            created.ETag!,
            new UpdateSalesTargetRequest { Amount = 500_000m }
        );
        changed.Result.Attainment.AmountShare.Should().Be(1.5m);
        await Expect.ProblemAsync(
            () =>
                Api.UpdateSalesTargetAsync(
                    created.Result.Id,
                    created.ETag!,
                    new UpdateSalesTargetRequest { Amount = 1m }
                ),
            412,
            "precondition_failed"
        );

        var listed = await Api.ListSalesTargetsAsync(organizationId: organization, monthFrom: month, monthTo: month);
        listed.Result.Items.Select(t => t.Id).Should().Equal(created.Result.Id);
        var start = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.FromHours(3));
        var forecast = (
            await Api.GetForecastAsync(organizationId: organization, from: start, to: start.AddMonths(1))
        ).Result;
        forecast.Targets.Should().ContainSingle().Which.Attainment.WonDeals.Should().Be(1);

        (await Api.DeleteSalesTargetAsync(created.Result.Id, changed.ETag)).StatusCode.Should().Be(204);
        await Expect.ProblemAsync(() => Api.GetSalesTargetAsync(created.Result.Id), 404, "not_found");
    }
}
