using System.Net;
using MakCrm.Infrastructure.Auction;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Auction;

/// <summary>
/// Being outbid: a bid that takes a lot's lead from another organization leaves a notice in its own transaction, and
/// the notifier tells that organization's users (an auction notification about the lead) once.
/// </summary>
public sealed class OutbidNotificationTests(ApiServerFixture server) : AuctionTest(server)
{
    [Fact]
    public async Task Only_a_bid_that_takes_the_lead_from_another_organization_tells_that_organization_once()
    {
        var lot = await NewLot(startPrice: 1000m, minStep: 100m);
        var leadId = lot["leadId"]!.GetValue<string>();
        var first = await NewFranchisee(deposit: 10_000m);
        var second = await NewFranchisee(deposit: 10_000m);

        await ExpectBid(first.Http, Id(lot), 1000m); // nobody led: no notice
        (await Notices()).Should().Be(0);
        await ExpectBid(second.Http, Id(lot), 1100m); // takes the lead from the first
        await ExpectBid(second.Http, Id(lot), 1200m); // raises its own lead: no notice
        (await Bid(first.Http, Id(lot), 1250m)).StatusCode.Should().Be(HttpStatusCode.Conflict, "a refused bid leaves no notice");
        (await Notices()).Should().Be(1);

        await Deliver();
        (await Notices()).Should().Be(0);
        var told = await Outbid(first.Http);
        told.Should().ContainSingle();
        told[0]["kind"]!.GetValue<string>().Should().Be("auction");
        told[0]["subjectType"]!.GetValue<string>().Should().Be("lead");
        told[0]["subjectId"]!.GetValue<string>().Should().Be(leadId);
        told[0]["body"]!.GetValue<string>().Should().Contain("1 100");
        (await Outbid(second.Http)).Should().BeEmpty();

        await ExpectBid(first.Http, Id(lot), 1300m); // takes it back
        await Deliver();
        await Deliver();
        (await Outbid(second.Http)).Should().ContainSingle();
        (await Outbid(first.Http)).Should().ContainSingle("a notice is delivered once");
    }

    [Fact]
    public async Task Several_outbids_of_one_organization_on_one_lot_in_a_batch_make_one_notification_with_the_latest_price()
    {
        var lot = await NewLot(startPrice: 1000m, minStep: 100m);
        var first = await NewFranchisee(deposit: 10_000m);
        var second = await NewFranchisee(deposit: 10_000m);
        await ExpectBid(first.Http, Id(lot), 1000m);
        await ExpectBid(second.Http, Id(lot), 1100m);
        await ExpectBid(first.Http, Id(lot), 1200m);
        await ExpectBid(second.Http, Id(lot), 1300m);

        await Deliver();
        var told = await Outbid(first.Http);
        told.Should().ContainSingle();
        told[0]["body"]!.GetValue<string>().Should().Contain("1 300");
        (await Outbid(second.Http)).Should().ContainSingle();
    }

    private Task<int> Notices() =>
        Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>().Set<OutbidNotice>().CountAsync());

    // The worker is off in tests: the notices are delivered when the test says.
    private Task<int> Deliver() =>
        Server.WithServicesAsync(services => services.GetRequiredService<OutbidNotifier>().DeliverBatchAsync(CancellationToken.None));

    private static async Task<List<System.Text.Json.Nodes.JsonNode>> Outbid(HttpClient http) =>
        (await Get(http, "/api/v1/notifications"))["items"]!.AsArray()
            .Where(n => n!["title"]!.GetValue<string>() == OutbidNotifier.Title).Select(n => n!).ToList();
}
