using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Deals;
using MakCrm.IntegrationTests.Documents;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Clients;

/// <summary>A client's timeline: its leads' histories and comments, its deals' stages, its tasks and documents, in
/// one list newest first, within the caller's scopes.</summary>
public sealed class ClientTimelineApiTests(ApiServerFixture server) : DealTest(server)
{
    private async Task<JsonArray> Timeline(string path, HttpClient? http = null) =>
        (await ExpectJson(await (http ?? Http).GetAsync($"{path}/timeline?limit=100"), HttpStatusCode.OK))["items"]!
            .AsArray();

    private static JsonObject[] OfKind(JsonArray items, string kind) =>
        items.Select(i => i!.AsObject()).Where(i => i["kind"]!.GetValue<string>() == kind).ToArray();

    private static string? Text(JsonObject item, string name) => item[name]?.GetValue<string>();

    private async Task<string> FileOn(string subjectType, string subjectId, string fileName)
    {
        using var form = DocumentForms.Upload(DocumentForms.Pdf, fileName, "scan", "application/pdf");
        form.Add(new StringContent(subjectType), "subjectType");
        form.Add(new StringContent(subjectId), "subjectId");
        return Id(await ExpectJson(await Http.PostAsync("/api/v1/documents", form), HttpStatusCode.Created));
    }

    [Fact]
    public async Task The_clients_timeline_holds_its_leads_deals_tasks_and_documents_newest_first()
    {
        var client = Id(await CreateClient());
        var lead = Id(await CreateLead(client));
        await ExpectJson(
            await Post($"/api/v1/leads/{lead}/comments", new { text = "Ждём справку" }),
            HttpStatusCode.Created
        );
        var task = Id(await CreateTask(client, title: "Позвонить клиенту"));
        var deal = Id(await CreateDeal(client, leadId: lead));
        (await Move(deal, DefaultStages[1])).StatusCode.Should().Be(HttpStatusCode.OK);
        var onClient = await FileOn("client", client, "Паспорт.pdf");
        var onDeal = await FileOn("deal", deal, "Договор.pdf");
        var elsewhere = Id(await CreateLead(Id(await CreateClient())));

        var items = await Timeline($"/api/v1/clients/{client}");

        var history = OfKind(items, "history");
        history.Should().NotBeEmpty().And.OnlyContain(i => Text(i, "leadId") == lead);
        history.Should().Contain(i => i["change"]!["field"]!.GetValue<string>() == "status", "the lead's creation");
        OfKind(items, "comment").Single()["text"]!.GetValue<string>().Should().Be("Ждём справку");
        var taskItem = OfKind(items, "task").Single();
        Id(taskItem).Should().Be(task);
        taskItem["leadId"].Should().BeNull("the task is on the client itself");

        var deals = OfKind(items, "deal");
        deals.Should().HaveCount(2).And.OnlyContain(i => Text(i, "dealId") == deal && Text(i, "leadId") == lead);
        deals[0]["deal"]!["stageId"]!.GetValue<string>().Should().Be(DefaultStages[1], "the move is the newest");
        deals[0]["deal"]!["fromStageId"]!.GetValue<string>().Should().Be(DefaultStages[0]);
        deals[1]["deal"]!["fromStageId"].Should().BeNull("the deal was created in its first stage");
        deals[1]["deal"]!["amount"]!.GetValue<decimal>().Should().Be(3_000_000m);
        deals[1]["text"]!.GetValue<string>().Should().Be("Ипотека");

        var documents = OfKind(items, "document");
        documents.Select(Id).Should().Equal(onDeal, onClient);
        documents[0]["dealId"]!.GetValue<string>().Should().Be(deal);
        documents[1]["text"]!.GetValue<string>().Should().Be("Паспорт.pdf");
        documents[1]["document"]!["kind"]!.GetValue<string>().Should().Be("scan");
        documents[1]["document"]!["size"]!.GetValue<long>().Should().Be(DocumentForms.Pdf.Length);

        items.Select(i => i!["leadId"]?.GetValue<string>()).Should().NotContain(elsewhere);
        var times = items.Select(i => i!["at"]!.GetValue<DateTimeOffset>()).ToList();
        times.Should().BeInDescendingOrder();

        // The lead's own timeline now shows the deal made from it and the deal's document too.
        var leadItems = await Timeline($"/api/v1/leads/{lead}");
        OfKind(leadItems, "deal").Should().HaveCount(2);
        OfKind(leadItems, "document").Select(Id).Should().Equal(onDeal);
        OfKind(leadItems, "task").Should().BeEmpty("the client's task is not the lead's");
    }

    [Fact]
    public async Task Pages_of_the_timeline_join_up_to_the_whole_and_each_read_is_logged()
    {
        var client = Id(await CreateClient());
        var lead = Id(await CreateLead(client));
        for (var i = 0; i < 3; i++)
        {
            await ExpectJson(
                await Post($"/api/v1/leads/{lead}/comments", new { text = $"Комментарий {i}" }),
                HttpStatusCode.Created
            );
        }

        var whole = (await Timeline($"/api/v1/clients/{client}")).Select(i => Id(i!.AsObject())).ToList();
        var paged = await ListAllIds($"/api/v1/clients/{client}/timeline", 2);
        paged.Should().Equal(whole);

        var reads = await ExpectJson(
            await Http.GetAsync($"/api/v1/personal-data/reads?subjectId={client}&access=card&limit=200"),
            HttpStatusCode.OK
        );
        reads["items"]!.AsArray().Count.Should().BeGreaterThanOrEqualTo(1 + (whole.Count + 1) / 2);
    }

    [Fact]
    public async Task Another_organizations_client_is_404_and_its_leads_documents_stay_out_of_reach()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        var client = Id(
            await ExpectJson(
                await alpha.PostAsync(
                    "/api/v1/clients",
                    Body(new { fullName = "Хронологиев Пётр", phone = UniquePhone(),
                        source = "partner" })
                ),
                HttpStatusCode.Created
            )
        );
        var onClient = await FileOn("client", client, "Скан.pdf");

        OfKind(await Timeline($"/api/v1/clients/{client}", alpha), "document").Select(Id).Should().Equal(onClient);
        await ExpectProblem(
            await beta.GetAsync($"/api/v1/clients/{client}/timeline"),
            HttpStatusCode.NotFound,
            "not_found"
        );
        await ExpectProblem(
            await Http.GetAsync($"/api/v1/clients/{Guid.CreateVersion7()}/timeline"),
            HttpStatusCode.NotFound,
            "not_found"
        );
    }

    [Theory]
    [InlineData("limit=0", "validation_failed")]
    [InlineData("limit=abc", "validation_failed")]
    [InlineData("cursor=not-a-cursor", "invalid_cursor")]
    public async Task Bad_paging_is_a_400_naming_what_is_wrong(string query, string code)
    {
        var client = Id(await CreateClient());
        await ExpectProblem(
            await Http.GetAsync($"/api/v1/clients/{client}/timeline?{query}"),
            HttpStatusCode.BadRequest,
            code
        );
    }
}
