using System.Text;

namespace MakCrm.Client.Tests;

/// <summary>Report exports through the SDK, against the real API: a query and a saved report as files.</summary>
public sealed class ReportExportSdkTests(MakCrm.Testing.ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task A_report_query_and_a_saved_report_are_exported_as_files()
    {
        var client = (await Api.CreateClientAsync(TestData.NewClient("Выгрузкин Сергей"))).Result;
        await Api.CreateLeadAsync(new CreateLeadRequest { ClientId = client.Id, RequestedAmount = 300_000m, Product = LoanProduct.Auto });
        await Api.CreateLeadAsync(new CreateLeadRequest { ClientId = client.Id, RequestedAmount = 200_000m, Product = LoanProduct.Auto });
        var query = new ReportQuery
        {
            Dataset = "leads",
            Dimensions = [new ReportQueryDimension { Field = "product" }],
            Measures = [new ReportQueryMeasure { Op = ReportMeasureOp.Count, As = "leads" }, new ReportQueryMeasure { Op = ReportMeasureOp.Sum, Field = "requestedAmount", As = "amount" }],
            Filter = new ReportFilter { Field = "clientName", Operator = ReportOperator.Eq, Values = ["Выгрузкин Сергей"] },
        };

        using var csv = await Api.ExportReportQueryAsync(query, ExportFormat.Csv);
        csv.StatusCode.Should().Be(200);
        var lines = (await new StreamReader(csv.Stream, Encoding.UTF8).ReadToEndAsync()).TrimEnd().Split("\r\n");
        lines[0].Should().Contain("Продукт");
        lines.Skip(1).Should().Equal("auto,2,500000.00");

        var saved = (await Api.CreateSavedReportAsync(new CreateSavedReportRequest { Name = "Выгрузка по продуктам", Query = query }, idempotency_Key: Guid.NewGuid().ToString())).Result;
        using var xlsx = await Api.ExportSavedReportAsync(saved.Id, ExportFormat.Xlsx);
        xlsx.Headers["Content-Type"].Single().Should().Be(MakCrmImports.XlsxContentType);
        using var bytes = new MemoryStream();
        await xlsx.Stream.CopyToAsync(bytes);
        bytes.ToArray().Take(2).Should().Equal((byte)'P', (byte)'K');

        await Expect.ProblemAsync(() => Api.ExportSavedReportAsync(Guid.CreateVersion7()), 404, "not_found");
    }
}
