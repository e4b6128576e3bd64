using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Organizations;
using MakCrm.IntegrationTests.Auction;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Events;

/// <summary>
/// Which events each change raises, in order, each carrying the resource as the API answered the change, with its actor
/// and organization; refused changes raise nothing; events about a franchisee's lot or ledger reach that franchisee.
/// </summary>
public sealed class EventsRaisedTests(ApiServerFixture server) : AuctionTest(server)
{
    private const string WonStage = "0192f0c1-0000-7000-8000-000000000715";

    private static readonly string HeadOffice = Organization.HeadOfficeId.ToString();

    [Fact]
    public async Task Creating_and_submitting_leads_raises_lead_created_a_new_clients_creation_and_a_duplicates_detection()
    {
        var lead = await CreateLead(Id(await CreateClient()));
        var created = (await EventsOf(Http, Id(lead), count: 1)).Single();
        ShouldCarry(created, "lead.created", lead, HeadOffice);
        created["actor"]!["userId"]!.GetValue<string>().Should().Be((await Server.UserIdAsync(TestActor.Admin)).ToString());

        var phone = UniquePhone();
        var submitted = await ExpectJson(await Post("/api/v1/lead-submissions", Submission(phone)), HttpStatusCode.Created);
        var submittedLead = submitted["lead"]!.AsObject();
        (await EventsOf(Http, submittedLead["clientId"]!.GetValue<string>(), count: 1)).Single()["type"]!.GetValue<string>().Should().Be("client.created");
        ShouldCarry((await EventsOf(Http, Id(submittedLead), count: 1)).Single(), "lead.created", submittedLead, HeadOffice);

        var again = await ExpectJson(await Post("/api/v1/lead-submissions", Submission(phone)), HttpStatusCode.Created);
        again["duplicate"].Should().NotBeNull();
        var duplicate = again["lead"]!.AsObject();
        var events = await EventsOf(Http, Id(duplicate), count: 2);
        ShouldCarry(events[0], "lead.created", duplicate, HeadOffice);
        ShouldCarry(events[1], "lead.duplicate_detected", duplicate, HeadOffice);
    }

    [Fact]
    public async Task A_clients_update_and_deletion_raise_their_events_and_refused_changes_raise_none()
    {
        var client = await CreateClient();
        var updated = await ExpectJson(await Patch($"/api/v1/clients/{Id(client)}", new { city = "Казань" }, "\"1\""), HttpStatusCode.OK);
        await ExpectProblem(await Patch($"/api/v1/clients/{Id(client)}", new { city = "Омск" }, "\"1\""), HttpStatusCode.PreconditionFailed, "precondition_failed");
        (await Http.DeleteAsync($"/api/v1/clients/{Id(client)}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var events = await EventsOf(Http, Id(client), count: 3);

        events.Select(Type).Should().Equal("client.created", "client.updated", "client.deleted");
        ShouldCarry(events[0], "client.created", client, HeadOffice);
        ShouldCarry(events[1], "client.updated", updated, HeadOffice);
        events[2]["data"]!.ToJsonString().Should().Be($$"""{"id":"{{Id(client)}}","version":3}""");

        // A client with a lead cannot be deleted (409): nothing is raised for it. A later change's event being visible
        // means every earlier commit's events are too.
        var withLead = await CreateClient();
        var lead = await CreateLead(Id(withLead));
        await ExpectProblem(await Http.DeleteAsync($"/api/v1/clients/{Id(withLead)}"), HttpStatusCode.Conflict, "client_has_leads");
        var later = await CreateClient();
        await EventsOf(Http, Id(later), count: 1);
        (await EventsOf(Http, Id(withLead), count: 1)).Select(Type).Should().Equal("client.created");
        (await EventsOf(Http, Id(lead), count: 1)).Select(Type).Should().Equal("lead.created");
    }

    [Fact]
    public async Task A_deal_raises_created_then_updated_stage_changed_and_won_on_its_move_into_the_won_stage_then_deleted()
    {
        var client = await CreateClient();
        var deal = await ExpectJson(
            await Post("/api/v1/deals", new { clientId = Id(client), title = "Ипотека", amount = 3_000_000m, bank = "Сбербанк", product = "mortgage" }), HttpStatusCode.Created);
        var renamed = await ExpectJson(await Patch($"/api/v1/deals/{Id(deal)}", new { title = "Ипотека на квартиру" }, "\"1\""), HttpStatusCode.OK);
        var won = await ExpectJson(await Post($"/api/v1/deals/{Id(deal)}/moves", new { stageId = WonStage }), HttpStatusCode.OK);
        (await Http.DeleteAsync($"/api/v1/deals/{Id(deal)}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var events = await EventsOf(Http, Id(deal), count: 6);

        events.Select(Type).Should().Equal("deal.created", "deal.updated", "deal.updated", "deal.stage_changed", "deal.won", "deal.deleted");
        ShouldCarry(events[0], "deal.created", deal, HeadOffice);
        ShouldCarry(events[1], "deal.updated", renamed, HeadOffice);
        foreach (var moved in events.Skip(2).Take(3))
        {
            ShouldCarry(moved, Type(moved), won, HeadOffice);
        }
    }

    [Fact]
    public async Task A_task_raises_created_and_assigned_then_completed()
    {
        var client = await CreateClient();
        var task = await ExpectJson(
            await Post("/api/v1/tasks", new { subjectType = "client", subjectId = Id(client), title = "Перезвонить", dueAt = DateTimeOffset.UtcNow.AddDays(1) }),
            HttpStatusCode.Created);
        var done = await ExpectJson(await Post($"/api/v1/tasks/{Id(task)}/completion", new { }), HttpStatusCode.OK);

        var events = await EventsOf(Http, Id(task), count: 3);

        events.Select(Type).Should().Equal("task.created", "task.assigned", "task.completed");
        ShouldCarry(events[0], "task.created", task, HeadOffice);
        ShouldCarry(events[1], "task.assigned", task, HeadOffice);
        ShouldCarry(events[2], "task.completed", done, HeadOffice);
    }

    [Fact]
    public async Task A_ledger_entry_is_seen_by_the_franchisee_whose_ledger_it_is_and_by_no_other()
    {
        var franchisee = await NewFranchisee();
        var other = await NewFranchisee();
        var deposit = await ExpectJson(
            await Post("/api/v1/ledger/deposits", new { organizationId = franchisee.OrganizationId, amount = 5000m, comment = "Депозит" }), HttpStatusCode.Created);

        var recorded = (await EventsOf(franchisee.Http, Id(deposit), count: 1)).Single();

        ShouldCarry(recorded, "ledger.entry_recorded", deposit, franchisee.OrganizationId.ToString());
        (await Get(Http, $"/api/v1/ledger/entries/{Id(deposit)}")).ToJsonString().Should().Be(deposit.ToJsonString(), "the amount reads back as it was answered (5000.00)");
        (await EventFeedReading.ReadAll(other.Http)).Should().NotContain(e => e["resourceId"]!.GetValue<string>() == Id(deposit));
    }

    [Fact]
    public async Task A_bids_hold_and_the_release_of_the_leaders_hold_are_recorded_entries_each_announced_to_its_own_franchisee()
    {
        var first = await NewFranchisee(deposit: 10_000m);
        var second = await NewFranchisee(deposit: 10_000m);
        var lot = await NewLot();
        await ExpectBid(first.Http, Id(lot), 1000m);
        await ExpectBid(second.Http, Id(lot), 1100m);

        var firstEntries = (await Get(first.Http, $"/api/v1/ledger/entries?lotId={Id(lot)}"))["items"]!.AsArray().Select(e => e!.AsObject()).ToList();
        firstEntries.Select(e => e["kind"]!.GetValue<string>()).Should().BeEquivalentTo(["hold", "hold_release"]);
        foreach (var entry in firstEntries)
        {
            var answered = await Get(first.Http, $"/api/v1/ledger/entries/{Id(entry)}");
            var recorded = (await EventsOf(first.Http, Id(entry), count: 1)).Single();
            ShouldCarry(recorded, "ledger.entry_recorded", answered, first.OrganizationId.ToString());
        }

        // The release was written by the second franchisee's bid: it is the actor, named like any other.
        var release = firstEntries.Single(e => e["kind"]!.GetValue<string>() == "hold_release");
        var releasedBy = (await EventsOf(first.Http, Id(release), count: 1)).Single()["actor"]!;
        releasedBy["displayName"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        var secondHold = (await Get(second.Http, $"/api/v1/ledger/entries?lotId={Id(lot)}"))["items"]!.AsArray().Single()!.AsObject();
        ShouldCarry((await EventsOf(second.Http, Id(secondHold), count: 1)).Single(), "ledger.entry_recorded",
            await Get(second.Http, $"/api/v1/ledger/entries/{Id(secondHold)}"), second.OrganizationId.ToString());
        (await EventFeedReading.ReadAll(second.Http)).Should().NotContain(e => e["resourceId"]!.GetValue<string>() == Id(release));
    }

    [Fact]
    public async Task A_lot_is_opened_and_closed_for_every_bidder_and_won_for_the_winner_only()
    {
        var winner = await NewFranchisee(deposit: 10_000m);
        var loser = await NewFranchisee(deposit: 10_000m);
        var lot = await NewLot();
        var opened = await Get(loser.Http, $"/api/v1/lots/{Id(lot)}");
        await ExpectBid(loser.Http, Id(lot), 1000m);
        await ExpectBid(winner.Http, Id(lot), 1100m);
        await EndNow(Id(lot));
        (await CloseDueLots()).Should().BeGreaterThan(0);
        var sold = await Get(winner.Http, $"/api/v1/lots/{Id(lot)}");

        var seenByWinner = await EventsOf(winner.Http, Id(lot), count: 3);
        seenByWinner.Select(Type).Should().Equal("lot.opened", "lot.closed", "lot.won");
        // The lot as any bidder sees it, its prices in kopecks as a read answers them.
        var openedData = seenByWinner[0]["data"]!.AsObject();
        foreach (var field in new[] { "status", "startPrice", "minStep", "minimumNextBid", "reservePrice", "contact", "lead", "assignedOrganizationId" })
        {
            openedData[field]?.ToJsonString().Should().Be(opened[field]?.ToJsonString(), field);
        }

        seenByWinner[0]["organizationId"]!.GetValue<string>().Should().Be(HeadOffice);
        ShouldCarry(seenByWinner[2], "lot.won", sold, winner.OrganizationId.ToString());
        seenByWinner[1]["data"]!["contact"].Should().BeNull("every bidder sees the closing, so it carries the lot as any bidder sees it");

        (await EventsOf(loser.Http, Id(lot), count: 2)).Select(Type).Should().Equal("lot.opened", "lot.closed");
        (await EventsOf(Http, Id(lot), count: 3)).Select(Type).Should().Equal("lot.opened", "lot.closed", "lot.won");

        // The lead moved to the winner with a copy of its client: a new client of the winner's, announced to it.
        var lead = await Get(winner.Http, $"/api/v1/leads/{sold["leadId"]!.GetValue<string>()}");
        var copy = await Get(winner.Http, $"/api/v1/clients/{lead["clientId"]!.GetValue<string>()}");
        ShouldCarry((await EventsOf(winner.Http, Id(copy), count: 1)).Single(), "client.created", copy, winner.OrganizationId.ToString());
    }

    [Fact]
    public async Task Every_new_version_of_a_lead_is_announced_also_one_that_only_grew_its_history()
    {
        var buyer = await NewFranchisee(deposit: 10_000m);
        var lot = await NewLot();
        var leadId = lot["leadId"]!.GetValue<string>();
        await ExpectBid(buyer.Http, Id(lot), 1000m);
        await EndNow(Id(lot));
        (await CloseDueLots()).Should().BeGreaterThan(0);
        var bought = await Get(buyer.Http, $"/api/v1/leads/{leadId}");
        var announced = (await EventsOf(buyer.Http, leadId, count: 2)).Select(Type).ToList();

        // A return's request and rejection only add to the lead's history, yet move its version.
        var requested = await ExpectJson(await buyer.Http.PostAsync($"/api/v1/leads/{leadId}/returns", Body(new { reason = "unreachable" })), HttpStatusCode.Created);
        var afterRequest = await Get(buyer.Http, $"/api/v1/leads/{leadId}");
        afterRequest["version"]!.GetValue<int>().Should().BeGreaterThan(bought["version"]!.GetValue<int>());
        var requestEvents = await EventsOf(buyer.Http, leadId, count: announced.Count + 1);
        ShouldCarry(requestEvents[^1], "lead.updated", afterRequest, buyer.OrganizationId.ToString());

        await ExpectJson(await Post($"/api/v1/lead-returns/{Id(requested)}/reject", new { reason = "Клиент ответил" }), HttpStatusCode.OK);
        var afterRejection = await Get(buyer.Http, $"/api/v1/leads/{leadId}");
        afterRejection["version"]!.GetValue<int>().Should().BeGreaterThan(afterRequest["version"]!.GetValue<int>());
        ShouldCarry((await EventsOf(buyer.Http, leadId, count: announced.Count + 2))[^1], "lead.updated", afterRejection, buyer.OrganizationId.ToString());
    }

    private static object Submission(string phone) =>
        new { fullName = "Сидоров Сидор Сидорович", phone, city = "Пермь", source = "external", requestedAmount = 1_500_000, product = "auto" };

    private static string Type(JsonObject e) => e["type"]!.GetValue<string>();

    private static void ShouldCarry(JsonObject e, string type, JsonObject answered, string organizationId)
    {
        Type(e).Should().Be(type);
        e["data"]!.ToJsonString().Should().Be(answered.ToJsonString(), "an event carries the resource as the API answered it");
        e["resourceId"]!.GetValue<string>().Should().Be(Id(answered));
        e["organizationId"]!.GetValue<string>().Should().Be(organizationId);
    }

    private static Task<List<JsonObject>> EventsOf(HttpClient http, string resourceId, int count) => EventFeedReading.EventsOf(http, resourceId, count);
}
