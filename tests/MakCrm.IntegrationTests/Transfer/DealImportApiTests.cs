using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Imports;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Transfer;

/// <summary>Deal imports (<c>kind=deals</c>): a franchisee's deals from another CRM, linked to its own clients, two
/// rows per batch.</summary>
public sealed class DealImportApiTests(SmallBatchImportServer server)
    : TransferTest(server), IClassFixture<SmallBatchImportServer>
{
    private static readonly string[] DealHeader =
    [
        "title", "amount", "product", "phone", "email", "pipeline", "stage", "responsibleEmail", "createdAt",
        "closedAt",
    ];

    [Theory]
    [InlineData(ImportFileFormat.Csv)]
    [InlineData(ImportFileFormat.Xlsx)]
    public async Task Deals_land_in_the_named_stage_with_their_own_dates_and_unlinkable_rows_are_rejected(
        ImportFileFormat format
    )
    {
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var byPhone = await ClientOf(franchisee, UniquePhone(), null);
        var byEmail = await ClientOf(franchisee, UniquePhone(), $"deal-{Guid.NewGuid():N}@example.ru");
        var foreignPhone = UniquePhone();
        await ClientOf(Http, foreignPhone, null);
        var pipeline = (await ExpectJson(await franchisee.GetAsync("/api/v1/pipelines"), HttpStatusCode.OK))["items"]!
            .AsArray()
            .Select(p => p!.AsObject())
            .First(p => !p["archived"]!.GetValue<bool>());
        var stages = pipeline["stages"]!.AsArray().Select(s => s!.AsObject()).ToList();
        var working = stages.First(s => s["kind"]!.GetValue<string>() == "working");
        var won = stages.First(s => s["kind"]!.GetValue<string>() == "won");
        var (pipelineName, pipelineId) = (pipeline["name"]!.GetValue<string>(), Id(pipeline));
        var phone = byPhone["phone"]!.GetValue<string>();
        var spelled = $"8 ({phone[2..5]}) {phone[5..8]}-{phone[8..10]}-{phone[10..]}";
        var responsible = TestActor.Franchisee.Email().ToUpperInvariant();

        string?[][] rows =
        [
            ["Ипотека Петровых", "1 500 000,50", "mortgage", spelled, null, pipelineName,
                working["name"]!.GetValue<string>().ToUpperInvariant(), responsible, "15.03.2024 10:30", null],
            ["Автокредит", "700000", "auto", null, byEmail["email"]!.GetValue<string>().ToUpperInvariant(), pipelineId,
                Id(won), null, "2024-01-10T09:00:00+03:00", "2024-02-01T12:00:00Z"],
            ["Нет стадии", "100000", "auto", phone, null, pipelineName, "Нет такой стадии", null, null, null],
            ["Нет клиента", "100000", "auto", "+79000000000", null, pipelineName,
                working["name"]!.GetValue<string>(), null, null, null],
            ["Чужой клиент", "100000", "auto", foreignPhone, null, pipelineName,
                working["name"]!.GetValue<string>(), null, null, null],
            ["Плохая дата", "100000", "auto", phone, null, pipelineName,
                working["name"]!.GetValue<string>(), null, "32.13.2024", null],
            ["Чужой менеджер", "100000", "auto", phone, null, pipelineName,
                working["name"]!.GetValue<string>(), TestActor.PartnerAlpha.Email(), null, null],
        ];
        var file = format == ImportFileFormat.Csv ? await Csv(DealHeader, rows) : await Xlsx(DealHeader, rows);
        var location = await Queue(franchisee, file, $"deals.{Extension(format)}", kind: "deals");
        await RunImportsAsync();

        var operation = await ExpectJson(await franchisee.GetAsync(location), HttpStatusCode.OK);
        operation["status"]!.GetValue<string>().Should().Be("succeeded", operation.ToJsonString());
        operation["kind"]!.GetValue<string>().Should().Be("deals");
        (Count(operation, "rowsRead"), Count(operation, "created"), Count(operation, "rejected"))
            .Should().Be((7L, 2L, 5L), await (await franchisee.GetAsync($"{location}/rejected-rows")).Content
                .ReadAsStringAsync());

        var deals = (await ExpectJson(await franchisee.GetAsync("/api/v1/deals?limit=100"), HttpStatusCode.OK))
            ["items"]!.AsArray().Select(d => d!.AsObject()).ToList();
        var mortgage = deals.Single(d => d["title"]!.GetValue<string>() == "Ипотека Петровых"
            && d["clientId"]!.GetValue<string>() == Id(byPhone));
        mortgage["amount"]!.GetValue<decimal>().Should().Be(1_500_000.50m);
        mortgage["stageId"]!.GetValue<string>().Should().Be(Id(working));
        mortgage["responsibleUserId"]!.GetValue<string>()
            .Should().Be((await Server.UserIdAsync(TestActor.Franchisee)).ToString());
        mortgage["createdAt"]!.GetValue<DateTimeOffset>().Should()
            .Be(new DateTimeOffset(2024, 3, 15, 10, 30, 0, default));
        mortgage["closedAt"].Should().BeNull();
        var auto = deals.Single(d => d["clientId"]!.GetValue<string>() == Id(byEmail));
        auto["stageId"]!.GetValue<string>().Should().Be(Id(won));
        auto["createdAt"]!.GetValue<DateTimeOffset>().Should().Be(new DateTimeOffset(2024, 1, 10, 6, 0, 0, default));
        auto["closedAt"]!.GetValue<DateTimeOffset>().Should().Be(new DateTimeOffset(2024, 2, 1, 12, 0, 0, default));
        deals.Should().OnlyContain(d => d["organizationId"]!.GetValue<string>()
            == TestActors.FranchiseeOrganization.ToString());

        var imported = (await ExpectJson(
            await Http.GetAsync($"/api/v1/audit-events?entityId={Id(operation)}"), HttpStatusCode.OK))["items"]!
            .AsArray().Single()!;
        imported["action"]!.GetValue<string>().Should().Be("deals.imported");

        var rejected = await ReadTable(await franchisee.GetAsync($"{location}/rejected-rows"), ImportFileFormat.Csv);
        rejected.Skip(1).Select(r => r[^2]).Should().Equal("3", "4", "5", "6", "7");
        var reasons = rejected.Skip(1).Select(r => r[^1]!).ToList();
        reasons[0].Should().StartWith("stage: There is no stage Нет такой стадии in the pipeline");
        reasons[1].Should().Be("phone: The organization has no client +79000000000.");
        reasons[2].Should().Be($"phone: The organization has no client {foreignPhone}.");
        reasons[3].Should().StartWith("createdAt: Must be a date and time");
        reasons[4].Should().StartWith("responsibleEmail: No user of the organization has the e-mail");
    }

    [Fact]
    public async Task A_deal_file_without_a_column_that_names_the_client_fails_as_invalid()
    {
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var location = await Queue(franchisee, Csv("title,amount,product,stage", "A,1,auto,B"), "d.csv", kind: "deals");
        await RunImportsAsync();
        var operation = await ExpectJson(await franchisee.GetAsync(location), HttpStatusCode.OK);
        operation["status"]!.GetValue<string>().Should().Be("failed");
        operation["failure"]!["code"]!.GetValue<string>().Should().Be("import_file_invalid");
        operation["failure"]!["detail"]!.GetValue<string>()
            .Should().Contain("clientId or externalRef or phone or email");
    }

    private static async Task<JsonObject> ClientOf(HttpClient http, string phone, string? email) =>
        await ExpectJson(
            await http.PostAsync(
                "/api/v1/clients",
                Body(new { fullName = "Импортов Иван", phone, email, source = "partner" })
            ),
            HttpStatusCode.Created
        );
}
