using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Auction;

/// <summary>A lot shows its lead's contact data only unmasked (head office, the franchisee that bought it): such a lot
/// card or list page is a read of the lead; a masked one is none.</summary>
public sealed class LotPersonalDataReadTests(ApiServerFixture server) : AuctionTest(server)
{
    [Fact]
    public async Task An_unmasked_lot_is_a_read_of_its_lead_and_a_masked_one_is_not()
    {
        var lot = await NewLot();
        var (lotId, leadId) = (Id(lot), lot["leadId"]!.GetValue<string>());
        var bidder = await NewFranchisee(city: "Пермь");
        var masked = await Get(bidder.Http, $"/api/v1/lots/{lotId}");
        masked["contact"].Should().BeNull();
        await Get(bidder.Http, $"/api/v1/lots?leadId={leadId}");
        (await Reads(leadId)).Should().BeEmpty("the franchisee saw the lead masked");

        var full = await Get(Http, $"/api/v1/lots/{lotId}");
        full["contact"]!["phone"]!.GetValue<string>().Should().StartWith("+7");
        await Get(Http, $"/api/v1/lots?leadId={leadId}");

        (await Reads(leadId)).Select(r => r["access"]!.GetValue<string>()).Should().BeEquivalentTo(["card", "list"]);
    }

    private async Task<List<JsonNode>> Reads(string leadId)
    {
        var page = await Get(Http, $"/api/v1/personal-data/reads?subjectType=lead&subjectId={leadId}&limit=200");
        return [.. page["items"]!.AsArray().Select(e => e!)];
    }
}
