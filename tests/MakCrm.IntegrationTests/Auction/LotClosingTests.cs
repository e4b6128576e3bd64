using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Ledger;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Auction;
using MakCrm.Infrastructure.Persistence;
using MakCrm.IntegrationTests.Ledger;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Auction;

public sealed class LotClosingTests(ApiServerFixture server) : AuctionTest(server)
{
    [Fact]
    public async Task Closing_charges_the_winner_once_releases_the_losers_and_notifies_everybody()
    {
        var lot = await NewLot(startPrice: 1000m, minStep: 100m);
        var lotId = Guid.Parse(Id(lot));
        var winner = await NewFranchisee(deposit: 5000m);
        var loser = await NewFranchisee(deposit: 5000m);
        await ExpectBid(loser.Http, Id(lot), 1000m);
        await ExpectBid(winner.Http, Id(lot), 1300m);
        (await CloseDueLots()).Should().Be(0, "the lot has not ended");

        await EndNow(Id(lot));
        (await CloseDueLots()).Should().Be(1);
        (await CloseDueLots()).Should().Be(0);

        (await Balance(winner.OrganizationId)).Should().Be(new MakCrm.Application.Abstractions.Persistence.LedgerBalance(winner.OrganizationId, 3700m, 0m));
        (await Balance(loser.OrganizationId)).Should().Be(new MakCrm.Application.Abstractions.Persistence.LedgerBalance(loser.OrganizationId, 5000m, 0m));
        (await Entries(winner.OrganizationId, lotId, LedgerEntryKind.Charge)).Should().Equal(-1300m);

        var inbox = await Get(winner.Http, "/api/v1/notifications");
        inbox["items"]!.AsArray().Select(n => n!["kind"]!.GetValue<string>()).Should().Contain("auction");
        (await Get(loser.Http, "/api/v1/notifications"))["items"]!.AsArray().Select(n => n!["title"]!.GetValue<string>()).Should().Contain("Лот закрыт");
        (await Get(Http, "/api/v1/notifications"))["items"]!.AsArray().Select(n => n!["title"]!.GetValue<string>()).Should().Contain("Лот продан");

        var leadId = lot["leadId"]!.GetValue<string>();
        var changes = await Changes(leadId);
        changes.Should().Contain(["auctionResult=sold", "auctionPrice=1300.00", $"organizationId={winner.OrganizationId}", "status=in_progress"]);
        var audit = await Get(Http, $"/api/v1/audit-events?entityType=lot&entityId={Id(lot)}");
        audit["items"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).Should().Contain("lot.updated");
        await ExpectProblem(await Bid(loser.Http, Id(lot), 5000m), HttpStatusCode.Conflict, "lot_ended");
    }

    [Fact]
    public async Task The_release_and_the_charge_of_a_sold_lot_are_listed_in_the_order_they_were_written()
    {
        var winner = await NewFranchisee(deposit: 100_000m);
        var lots = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var lot = Id(await NewLot(startPrice: 1000m));
            await ExpectBid(winner.Http, lot, 1000m);
            await EndNow(lot);
            lots.Add(lot);
        }

        (await CloseDueLots()).Should().Be(8);

        (await StatementShouldAddUp(winner.Http, "-createdAt")).Should().Be((100_000m - 8000m, 0m));
        (await StatementShouldAddUp(winner.Http, "createdAt")).Should().Be((100_000m - 8000m, 0m));
    }

    [Fact]
    public async Task A_lot_below_its_reserve_is_not_sold_and_the_leader_gets_its_hold_back()
    {
        var lot = await NewLot(startPrice: 1000m, minStep: 100m, reservePrice: 5000m);
        var bidder = await NewFranchisee(deposit: 5000m);
        await ExpectBid(bidder.Http, Id(lot), 1200m);
        await EndNow(Id(lot));
        await CloseDueLots();

        var closed = await Get(Http, $"/api/v1/lots/{Id(lot)}");
        closed["status"]!.GetValue<string>().Should().Be("not_sold");
        closed["outcome"]!.GetValue<string>().Should().Be("below_reserve");
        (await Balance(bidder.OrganizationId)).Should().Be(new MakCrm.Application.Abstractions.Persistence.LedgerBalance(bidder.OrganizationId, 5000m, 0m));
        (await Entries(bidder.OrganizationId, Guid.Parse(Id(lot)), LedgerEntryKind.Charge)).Should().BeEmpty();
        (await Changes(lot["leadId"]!.GetValue<string>())).Should().Contain(["auctionResult=below_reserve", "status=not_sold"]);
    }

    [Fact]
    public async Task An_unsold_lead_is_relisted_cheaper_up_to_the_limit_then_assigned_by_rotation()
    {
        var city = $"Ротация-{Guid.NewGuid():N}"[..20];
        var first = await NewFranchisee(city: city);
        var second = await NewFranchisee(city: city);
        var lot = await NewLot(startPrice: 1000m, minStep: 100m, reservePrice: 2000m, cities: [city]);
        var leadId = lot["leadId"]!.GetValue<string>();

        // No bids: relisted at 0.8 of the price, twice (the default policy).
        await EndNow(Id(lot));
        await CloseDueLots();
        var closed = await Get(Http, $"/api/v1/lots/{Id(lot)}");
        closed["outcome"]!.GetValue<string>().Should().Be("no_bids");
        closed["redistribution"]!.GetValue<string>().Should().Be("relisted");
        var secondRound = await Get(Http, $"/api/v1/lots/{closed["relistedAsLotId"]!.GetValue<string>()}");
        secondRound["round"]!.GetValue<int>().Should().Be(2);
        secondRound["startPrice"]!.GetValue<decimal>().Should().Be(800m);
        secondRound["reservePrice"]!.GetValue<decimal>().Should().Be(1600m);
        secondRound["previousLotId"]!.GetValue<string>().Should().Be(Id(lot));
        secondRound["eligibleCities"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal(city);
        secondRound["status"]!.GetValue<string>().Should().Be("live");
        (await Get(Http, $"/api/v1/leads/{leadId}"))["status"]!.GetValue<string>().Should().Be("auction");

        await EndNow(Id(secondRound));
        await CloseDueLots();
        var third = await Get(Http, $"/api/v1/lots/{(await Get(Http, $"/api/v1/lots/{Id(secondRound)}"))["relistedAsLotId"]!.GetValue<string>()}");
        third["round"]!.GetValue<int>().Should().Be(3);
        third["startPrice"]!.GetValue<decimal>().Should().Be(640m);

        // After the last relisting: rotation among the eligible franchisees, the one never assigned first.
        await EndNow(Id(third));
        await CloseDueLots();
        var rotated = await Get(Http, $"/api/v1/lots/{Id(third)}");
        rotated["redistribution"]!.GetValue<string>().Should().Be("rotated");
        var assignee = Guid.Parse(rotated["assignedOrganizationId"]!.GetValue<string>());
        assignee.Should().Be(first.OrganizationId < second.OrganizationId ? first.OrganizationId : second.OrganizationId);
        var assigneeHttp = assignee == first.OrganizationId ? first.Http : second.Http;
        var lead = await Get(assigneeHttp, $"/api/v1/leads/{leadId}");
        lead["status"]!.GetValue<string>().Should().Be("in_progress");
        (await Get(assigneeHttp, $"/api/v1/lots/{Id(third)}"))["contact"].Should().NotBeNull();
        (await Balance(assignee)).Total.Should().Be(0m, "rotation charges nothing");

        var changes = await Changes(leadId);
        changes.Count(c => c == "redistribution=relisted").Should().Be(2);
        changes.Should().Contain(["redistribution=rotated", "auctionResult=no_bids", $"organizationId={assignee}"]);
        changes.Count(c => c.StartsWith("auctionLot=", StringComparison.Ordinal)).Should().Be(3);

        // The next lead that rotation assigns goes to the other franchisee.
        var next = await NewLot(cities: [city]);
        for (var round = 0; round < 3; round++)
        {
            var open = (await Get(Http, $"/api/v1/lots?leadId={next["leadId"]!.GetValue<string>()}&status=open"))["items"]!.AsArray().Single()!;
            await EndNow(open["id"]!.GetValue<string>());
            await CloseDueLots();
        }

        var last = (await Get(Http, $"/api/v1/lots?leadId={next["leadId"]!.GetValue<string>()}&sort=-createdAt&limit=1"))["items"]!.AsArray().Single()!;
        Guid.Parse(last["assignedOrganizationId"]!.GetValue<string>()).Should().NotBe(assignee);
    }

    [Fact]
    public async Task Without_an_eligible_franchisee_the_unsold_lead_goes_back_to_head_office()
    {
        var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var client = await ExpectJson(await partner.PostAsync("/api/v1/clients", Body(new { fullName = "Партнёров Пётр", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created);
        var lead = await ExpectJson(await partner.PostAsync("/api/v1/leads", Body(new { clientId = Id(client), requestedAmount = 700000, product = "auto" })), HttpStatusCode.Created);
        var lot = await PutUp(Id(lead), cities: [$"Нигде-{Guid.NewGuid():N}"]);
        for (var round = 0; round < 3; round++)
        {
            var open = (await Get(Http, $"/api/v1/lots?leadId={Id(lead)}&status=open"))["items"]!.AsArray().Single()!;
            await EndNow(open["id"]!.GetValue<string>());
            await CloseDueLots();
        }

        var last = (await Get(Http, $"/api/v1/lots?leadId={Id(lead)}&limit=1"))["items"]!.AsArray().Single()!;
        last["redistribution"]!.GetValue<string>().Should().Be("head_office");
        var back = await Get(Http, $"/api/v1/leads/{Id(lead)}");
        back["organizationId"]!.GetValue<string>().Should().Be(Organization.HeadOfficeId.ToString());
        back["status"]!.GetValue<string>().Should().Be("not_sold");
        (await Changes(Id(lead))).Should().Contain("redistribution=head_office");
        (await partner.GetAsync($"/api/v1/leads/{Id(lead)}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        lot["round"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public async Task Two_closers_at_once_close_every_lot_once_without_double_charges()
    {
        var bidders = new List<Franchisee>();
        for (var i = 0; i < 3; i++)
        {
            bidders.Add(await NewFranchisee(deposit: 100_000m));
        }

        var lots = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var lot = await NewLot(startPrice: 1000m + i);
            await ExpectBid(bidders[i % bidders.Count].Http, Id(lot), 1000m + i);
            lots.Add(Id(lot));
        }

        foreach (var lot in lots)
        {
            await EndNow(lot);
        }

        var closed = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(CloseDueLots)));
        closed.Sum().Should().Be(lots.Count, "each lot was closed by exactly one of the closers");

        var charges = await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>()
            .Set<MakCrm.Domain.Ledger.LedgerEntry>()
            .Where(e => e.Kind == LedgerEntryKind.Charge && e.LotId != null)
            .GroupBy(e => e.LotId!.Value).Select(g => new { Lot = g.Key, Count = g.Count(), Amount = g.Sum(e => e.Amount) }).ToListAsync());
        charges.Select(c => c.Lot.ToString()).Should().BeEquivalentTo(lots);
        charges.Should().OnlyContain(c => c.Count == 1);
        for (var i = 0; i < bidders.Count; i++)
        {
            var spent = Enumerable.Range(0, lots.Count).Where(l => l % bidders.Count == i).Sum(l => 1000m + l);
            (await Balance(bidders[i].OrganizationId)).Should().Be(new MakCrm.Application.Abstractions.Persistence.LedgerBalance(bidders[i].OrganizationId, 100_000m - spent, 0m));
        }

        await RunningBalances.ShouldAddUpAsync(Server);
    }

    [Fact]
    public async Task A_lead_won_at_auction_is_returned_and_head_office_refunds_the_price_through_the_ledger()
    {
        var lot = await NewLot(startPrice: 1000m, minStep: 100m);
        var leadId = lot["leadId"]!.GetValue<string>();
        var headOfficeClient = (await Get(Http, $"/api/v1/leads/{leadId}"))["clientId"]!.GetValue<string>();
        var winner = await NewFranchisee(deposit: 5000m);
        await ExpectBid(winner.Http, Id(lot), 1400m);
        await EndNow(Id(lot));
        await CloseDueLots();

        var bought = await Get(winner.Http, $"/api/v1/leads/{leadId}");
        bought["clientId"]!.GetValue<string>().Should().NotBe(headOfficeClient, "the winner works with its own copy of the client");
        (await Balance(winner.OrganizationId)).Available.Should().Be(3600m);

        var requested = await ExpectJson(await winner.Http.PostAsync($"/api/v1/leads/{leadId}/returns", Body(new { reason = "unreachable" })), HttpStatusCode.Created);
        requested["amount"]!.GetValue<decimal>().Should().Be(1400m);
        requested["lotId"]!.GetValue<string>().Should().Be(Id(lot));
        await ExpectJson(await Http.PostAsync($"/api/v1/lead-returns/{Id(requested)}/accept", null), HttpStatusCode.OK);

        (await Balance(winner.OrganizationId)).Should().Be(new MakCrm.Application.Abstractions.Persistence.LedgerBalance(winner.OrganizationId, 5000m, 0m));
        (await Entries(winner.OrganizationId, Guid.Parse(Id(lot)), LedgerEntryKind.Refund)).Should().Equal(1400m);
        var returned = await Get(Http, $"/api/v1/leads/{leadId}");
        (returned["organizationId"]!.GetValue<string>(), returned["status"]!.GetValue<string>(), returned["clientId"]!.GetValue<string>())
            .Should().Be((Organization.HeadOfficeId.ToString(), "returned", headOfficeClient), "the lead goes back to head office's pool with head office's client");
        (await winner.Http.GetAsync($"/api/v1/leads/{leadId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Changes(leadId)).Should().Contain(["returnRequested=unreachable", "returnAccepted=1400.00", $"organizationId={Organization.HeadOfficeId}", "status=returned"]);
    }

    /// <summary>The lead's history as <c>field=to</c>, newest first.</summary>
    private async Task<List<string>> Changes(string leadId)
    {
        var timeline = await Get(Http, $"/api/v1/leads/{leadId}/timeline?limit=200");
        return timeline["items"]!.AsArray()
            .Where(i => i!["kind"]!.GetValue<string>() == "history")
            .Select(i => i!["change"]!["field"]!.GetValue<string>() + "=" + i["change"]!["to"]?.GetValue<string>())
            .ToList();
    }
}
