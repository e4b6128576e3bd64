using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Deals;

/// <summary>A deal shows its client's name and phone: a deal card or list page that showed them is a read of the
/// client, and one that did not show them is none.</summary>
public sealed class DealPersonalDataReadTests(ApiServerFixture server) : DealTest(server)
{
    [Fact]
    public async Task A_deal_card_and_a_deal_list_page_are_reads_of_the_client_they_showed()
    {
        var client = Id(await CreateClient(fullName: "Сделкин Пётр"));
        var deal = Id(await CreateDeal(client));
        await CreateDeal(client);

        var card = await ExpectJson(await Http.GetAsync($"/api/v1/deals/{deal}"), HttpStatusCode.OK);
        card["client"]!["name"]!.GetValue<string>().Should().Be("Сделкин Пётр");
        var reads = await Reads(client);
        reads.Should().ContainSingle().Which["access"]!.GetValue<string>().Should().Be("card");

        var page = await ExpectJson(await Http.GetAsync($"/api/v1/deals?clientId={client}"), HttpStatusCode.OK);
        page["items"]!.AsArray().Should().HaveCount(2);
        reads = await Reads(client);
        reads.Select(r => r["access"]!.GetValue<string>()).Should().BeEquivalentTo(["card", "list"],
            "two deals of one client on a page are one read of that client");
    }

    [Fact]
    public async Task A_deal_page_that_showed_no_client_is_no_read()
    {
        var client = Id(await CreateClient(fullName: "Пустов Олег"));
        await ExpectJson(await Http.GetAsync($"/api/v1/deals?clientId={client}"), HttpStatusCode.OK);
        var missing = await Http.GetAsync($"/api/v1/deals/{Guid.CreateVersion7()}");
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);

        (await Reads(client)).Should().BeEmpty();
    }

    private async Task<List<JsonNode>> Reads(string clientId)
    {
        var page = await ExpectJson(
            await Http.GetAsync($"/api/v1/personal-data/reads?subjectType=client&subjectId={clientId}&limit=200"),
            HttpStatusCode.OK
        );
        return [.. page["items"]!.AsArray().Select(e => e!)];
    }
}
