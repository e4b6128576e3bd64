using System.Text.Json;
using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>The role dashboards through the SDK, against the real API.</summary>
public sealed class DashboardSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task Head_office_dashboard_panels_are_report_queries_the_builder_answers_alike()
    {
        var client = (await Api.CreateClientAsync(TestData.NewClient("Дашбордов Денис"))).Result;
        await Api.CreateLeadAsync(new CreateLeadRequest { ClientId = client.Id, RequestedAmount = 1_000_000m, Product = LoanProduct.Mortgage });

        var dashboard = (await Api.GetDashboardAsync("head-office", timeZone: "Europe/Moscow")).Result;

        dashboard.Name.Should().Be("head-office");
        dashboard.Panels.Select(p => p.Key).Should().Contain(["funnel", "revenue", "partnerRanking", "auction", "returns"]);
        var funnel = dashboard.Panels.Single(p => p.Key == "funnel");
        funnel.Query.Dataset.Should().Be("leads");
        ((JsonElement)funnel.Result.Totals).GetProperty("leads").GetInt64().Should().Be(1, "the one lead made today is in the last 30 days");
        var same = (await Api.RunReportQueryAsync(funnel.Query)).Result;
        ((JsonElement)same.Totals).GetProperty("leads").GetInt64().Should().Be(1);

        await Expect.ProblemAsync(() => Api.GetDashboardAsync("partner"), 403, "dashboard_forbidden");
        await Expect.ProblemAsync(() => Api.GetDashboardAsync("nobody"), 404, "not_found");
    }

    [Fact]
    public async Task A_dashboard_prints_as_a_PDF_to_save()
    {
        var (from, to) = (new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31));
        using var pdf = await Api.ExportDashboardPdfAsync("head-office", from, to);
        pdf.StatusCode.Should().Be(200);
        pdf.Headers["Content-Type"].Single().Should().Be("application/pdf");
        using var bytes = new MemoryStream();
        await pdf.Stream.CopyToAsync(bytes);
        bytes.ToArray().Take(5).Should().Equal("%PDF-"u8.ToArray());

        await Expect.ProblemAsync(() => Api.ExportDashboardPdfAsync("partner"), 403, "dashboard_forbidden");
    }
}
