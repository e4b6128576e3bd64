using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Ledger;
using MakCrm.IntegrationTests.Ledger;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Auction;

public sealed class BidsApiTests(ApiServerFixture server) : AuctionTest(server)
{
    [Fact]
    public async Task A_bid_holds_its_amount_and_being_outbid_releases_it()
    {
        var lot = await NewLot(startPrice: 1000m, minStep: 100m);
        var first = await NewFranchisee(deposit: 5000m);
        var second = await NewFranchisee(deposit: 5000m);

        var bid = await ExpectBid(first.Http, Id(lot), 1000m);
        bid["amount"]!.GetValue<decimal>().Should().Be(1000m);
        bid["lotId"]!.GetValue<string>().Should().Be(Id(lot));
        (await Balance(first.OrganizationId))
            .Should()
            .Be(new MakCrm.Application.Abstractions.Persistence.LedgerBalance(first.OrganizationId, 4000m, 1000m));

        await ExpectBid(second.Http, Id(lot), 1250m);
        (await Balance(first.OrganizationId))
            .Should()
            .Be(new MakCrm.Application.Abstractions.Persistence.LedgerBalance(first.OrganizationId, 5000m, 0m));
        (await Balance(second.OrganizationId)).Available.Should().Be(3750m);

        // Raising your own lead replaces your hold.
        await ExpectBid(second.Http, Id(lot), 1400m);
        (await Balance(second.OrganizationId))
            .Should()
            .Be(new MakCrm.Application.Abstractions.Persistence.LedgerBalance(second.OrganizationId, 3600m, 1400m));
        (await Entries(second.OrganizationId, Guid.Parse(Id(lot)), LedgerEntryKind.HoldRelease)).Should().Equal(1250m);

        var state = await Get(second.Http, $"/api/v1/lots/{Id(lot)}");
        state["currentPrice"]!.GetValue<decimal>().Should().Be(1400m);
        state["minNextBid"]!.GetValue<decimal>().Should().Be(1500m);
        state["bidCount"]!.GetValue<int>().Should().Be(3);
    }

    [Theory]
    [InlineData("-createdAt")]
    [InlineData("createdAt")]
    public async Task Raising_ones_own_lead_is_listed_in_the_order_it_was_written(string sort)
    {
        var lot = await NewLot(startPrice: 1000m, minStep: 100m);
        var bidder = await NewFranchisee(deposit: 100_000m);
        for (var raise = 0; raise < 12; raise++)
        {
            await ExpectBid(bidder.Http, Id(lot), 1000m + (raise * 100m));
        }

        // Walked oldest first as listed, each entry's running sums are the previous entry's plus its own amount.
        (await Get(bidder.Http, "/api/v1/ledger/entries?limit=100"))["items"]!
            .AsArray()
            .Should()
            .HaveCount(1 + 1 + (11 * 2));
        (await StatementShouldAddUp(bidder.Http, sort)).Should().Be((100_000m - 2100m, 2100m));
    }

    [Fact]
    public async Task A_bid_below_the_start_price_or_the_step_is_refused_with_the_minimum()
    {
        var lot = await NewLot(startPrice: 1000m, minStep: 100m);
        var franchisee = await NewFranchisee(deposit: 10_000m);

        var problem = await ExpectProblem(
            await Bid(franchisee.Http, Id(lot), 999.99m),
            HttpStatusCode.Conflict,
            "bid_too_low"
        );
        problem["minimumBid"]!.GetValue<decimal>().Should().Be(1000m);

        await ExpectBid(franchisee.Http, Id(lot), 1000m);
        var other = await NewFranchisee(deposit: 10_000m);
        problem = await ExpectProblem(await Bid(other.Http, Id(lot), 1099m), HttpStatusCode.Conflict, "bid_too_low");
        problem["minimumBid"]!.GetValue<decimal>().Should().Be(1100m);
        await ExpectProblem(await Bid(other.Http, Id(lot), 1000m), HttpStatusCode.Conflict, "bid_too_low");
        (await Balance(other.OrganizationId)).Held.Should().Be(0m, "a refused bid holds nothing");
    }

    [Fact]
    public async Task A_bid_above_the_available_balance_is_refused()
    {
        var lot = await NewLot(startPrice: 1000m, minStep: 100m);
        var franchisee = await NewFranchisee(deposit: 1500m);
        var problem = await ExpectProblem(
            await Bid(franchisee.Http, Id(lot), 1600m),
            HttpStatusCode.Conflict,
            "insufficient_balance"
        );
        problem["availableBalance"]!.GetValue<decimal>().Should().Be(1500m);

        var poor = await NewFranchisee();
        await ExpectProblem(await Bid(poor.Http, Id(lot), 1000m), HttpStatusCode.Conflict, "insufficient_balance");

        // Money held on another lot is not available.
        await ExpectBid(franchisee.Http, Id(await NewLot(startPrice: 1000m)), 1000m);
        await ExpectProblem(
            await Bid(franchisee.Http, Id(lot), 1000m),
            HttpStatusCode.Conflict,
            "insufficient_balance"
        );
    }

    [Fact]
    public async Task A_bid_after_the_end_or_before_the_start_is_refused()
    {
        var franchisee = await NewFranchisee(deposit: 10_000m);
        var ended = await NewLot();
        await EndNow(Id(ended));
        await ExpectProblem(await Bid(franchisee.Http, Id(ended), 1000m), HttpStatusCode.Conflict, "lot_ended");

        var lead = await NewLead();
        var scheduled = await ExpectJson(
            await Post(
                "/api/v1/lots",
                new
                {
                    leadId = Id(lead),
                    startPrice = 1000m,
                    minStep = 100m,
                    startsAt = DateTimeOffset.UtcNow.AddHours(1),
                    endsAt = DateTimeOffset.UtcNow.AddHours(2),
                }
            ),
            HttpStatusCode.Created
        );
        scheduled["status"]!.GetValue<string>().Should().Be("scheduled");
        await ExpectProblem(
            await Bid(franchisee.Http, Id(scheduled), 1000m),
            HttpStatusCode.Conflict,
            "lot_not_started"
        );
    }

    [Fact]
    public async Task Only_eligible_franchisees_bid()
    {
        var lot = await NewLot(cities: ["Пермь"], grades: ["Gold"]);
        var wrongCity = await NewFranchisee(city: "Казань", grade: "gold", deposit: 10_000m);
        var wrongGrade = await NewFranchisee(city: "Пермь", grade: "silver", deposit: 10_000m);
        var noGrade = await NewFranchisee(city: "Пермь", deposit: 10_000m);
        var eligible = await NewFranchisee(city: "пермь", grade: "gold", deposit: 10_000m);

        await ExpectProblem(await Bid(wrongCity.Http, Id(lot), 1000m), HttpStatusCode.Conflict, "lot_not_eligible");
        await ExpectProblem(await Bid(wrongGrade.Http, Id(lot), 1000m), HttpStatusCode.Conflict, "lot_not_eligible");
        await ExpectProblem(await Bid(noGrade.Http, Id(lot), 1000m), HttpStatusCode.Conflict, "lot_not_eligible");
        await ExpectBid(eligible.Http, Id(lot), 1000m);

        // Head office has every permission, but only franchisees bid.
        await ExpectProblem(await Bid(Http, Id(lot), 2000m), HttpStatusCode.Conflict, "lot_not_eligible");
    }

    [Fact]
    public async Task Bids_are_validated_per_field_and_an_unknown_lot_is_404()
    {
        var franchisee = await NewFranchisee(deposit: 10_000m);
        var lot = await NewLot();
        var problem = await ExpectProblem(
            await Bid(franchisee.Http, Id(lot), 0m),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(problem, "amount").Should().NotBeEmpty();
        problem = await ExpectProblem(
            await Bid(franchisee.Http, Id(lot), 1000.001m),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(problem, "amount").Should().NotBeEmpty();
        problem = await ExpectProblem(
            await franchisee.Http.PostAsync(
                $"/api/v1/lots/{Id(lot)}/bids",
                new StringContent("""{"amount":"lots"}""", System.Text.Encoding.UTF8, "application/json")
            ),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(problem, "amount").Should().NotBeEmpty();
        await ExpectProblem(
            await Bid(franchisee.Http, Id(lot), 1000m, new string('k', 256)),
            HttpStatusCode.BadRequest,
            "idempotency_key_invalid"
        );
        await ExpectProblem(
            await Bid(franchisee.Http, Guid.CreateVersion7().ToString(), 1000m),
            HttpStatusCode.NotFound,
            "not_found"
        );
    }

    [Fact]
    public async Task A_refused_bid_retried_with_its_key_gets_the_first_refusal_though_the_lot_moved_on()
    {
        var lot = await NewLot(startPrice: 1000m);
        var leader = await NewFranchisee(deposit: 10_000m);
        var late = await NewFranchisee(deposit: 10_000m);
        await ExpectJson(await Bid(leader.Http, Id(lot), 1000m), HttpStatusCode.Created);

        // Refused as too low: the refusal (its minimum, its trace id) is stored with the key in the bid's own batch.
        var key = Guid.NewGuid().ToString();
        var first = await Bid(late.Http, Id(lot), 1000m, key);
        var refusal = await ExpectProblem(first, HttpStatusCode.Conflict, "bid_too_low");
        first.Headers.Contains("Idempotent-Replayed").Should().BeFalse();

        // The lot moves on; the retry is answered as the first attempt was, and places nothing.
        await ExpectJson(await Bid(leader.Http, Id(lot), 3000m), HttpStatusCode.Created);
        var retry = await Bid(late.Http, Id(lot), 1000m, key);
        (await ExpectProblem(retry, HttpStatusCode.Conflict, "bid_too_low"))
            .ToJsonString()
            .Should()
            .Be(refusal.ToJsonString());
        retry.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        var bids = await Get(late.Http, $"/api/v1/lots/{Id(lot)}/bids");
        bids["items"]!.AsArray().Select(b => b!["amount"]!.GetValue<decimal>()).Should().Equal(3000m, 1000m);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_is_accepted_once()
    {
        var lot = await NewLot(startPrice: 1000m);
        var franchisee = await NewFranchisee(deposit: 10_000m);
        var key = Guid.NewGuid().ToString();

        var first = await Bid(franchisee.Http, Id(lot), 1000m, key);
        var firstBody = await ExpectJson(first, HttpStatusCode.Created);
        first.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
        var retry = await Bid(franchisee.Http, Id(lot), 1000m, key);
        var retryBody = await ExpectJson(retry, HttpStatusCode.Created);
        retry.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        retryBody.ToJsonString().Should().Be(firstBody.ToJsonString());

        // Retries racing each other still make one bid: the others are told the first is running, or get its answer.
        var racingKey = Guid.NewGuid().ToString();
        var racing = await Task.WhenAll(
            Enumerable.Range(0, 6).Select(_ => Bid(franchisee.Http, Id(lot), 1500m, racingKey))
        );
        racing
            .Select(r => r.StatusCode)
            .Should()
            .OnlyContain(s => s == HttpStatusCode.Created || s == HttpStatusCode.Conflict);
        racing
            .Count(r => r.StatusCode == HttpStatusCode.Created && !r.Headers.Contains("Idempotent-Replayed"))
            .Should()
            .Be(1);

        var bids = await Get(franchisee.Http, $"/api/v1/lots/{Id(lot)}/bids");
        bids["items"]!.AsArray().Select(b => b!["amount"]!.GetValue<decimal>()).Should().Equal(1500m, 1000m);
        (await Balance(franchisee.OrganizationId))
            .Should()
            .Be(new MakCrm.Application.Abstractions.Persistence.LedgerBalance(franchisee.OrganizationId, 8500m, 1500m));

        // The same key for another bid is refused, and changes nothing.
        await ExpectProblem(
            await Bid(franchisee.Http, Id(lot), 2000m, key),
            HttpStatusCode.UnprocessableEntity,
            "idempotency_key_reused"
        );
        await ExpectProblem(
            await Bid(franchisee.Http, Id(await NewLot()), 1000m, key),
            HttpStatusCode.UnprocessableEntity,
            "idempotency_key_reused"
        );

        // Keys belong to their caller: another franchisee's same key is a new bid.
        var other = await NewFranchisee(deposit: 10_000m);
        var otherBid = await ExpectJson(await Bid(other.Http, Id(lot), 1600m, key), HttpStatusCode.Created);
        Id(otherBid).Should().NotBe(Id(firstBody));
    }

    [Fact]
    public async Task A_bid_in_the_last_minutes_extends_the_end()
    {
        var franchisee = await NewFranchisee(deposit: 10_000m);
        var calm = await NewLot(endsAt: DateTimeOffset.UtcNow.AddHours(1));
        var calmBid = await ExpectBid(franchisee.Http, Id(calm), 1000m);
        calmBid["lotEndsAt"]!
            .GetValue<DateTimeOffset>()
            .Should()
            .Be(calm["endsAt"]!.GetValue<DateTimeOffset>(), "a bid far from the end moves nothing");

        var closing = await NewLot(endsAt: DateTimeOffset.UtcNow.AddSeconds(30));
        var before = DateTimeOffset.UtcNow;
        var snipe = await ExpectBid(franchisee.Http, Id(closing), 1000m);
        var extended = snipe["lotEndsAt"]!.GetValue<DateTimeOffset>();
        extended.Should().BeAfter(closing["endsAt"]!.GetValue<DateTimeOffset>());
        extended
            .Should()
            .BeCloseTo(
                before.AddMinutes(2),
                TimeSpan.FromSeconds(15),
                "the default extension is two minutes from the bid"
            );
        (await Get(franchisee.Http, $"/api/v1/lots/{Id(closing)}"))["endsAt"]!
            .GetValue<DateTimeOffset>()
            .Should()
            .Be(extended);
    }

    [Fact]
    public async Task Concurrent_bids_on_one_lot_lose_nothing_and_the_price_is_the_highest_accepted_bid()
    {
        var lot = await NewLot(startPrice: 1000m, minStep: 10m);
        var bidders = new List<Franchisee>();
        for (var i = 0; i < 8; i++)
        {
            bidders.Add(await NewFranchisee(deposit: 1_000_000m));
        }

        var accepted = new ConcurrentBag<(Guid Organization, string BidId, decimal Amount)>();
        var unexpected = new ConcurrentBag<string>();
        await Task.WhenAll(
            bidders.Select(async bidder =>
            {
                for (var round = 0; round < 12; round++)
                {
                    // Everybody reads the state and bids the minimum (or a little more) at once: many bids race for
                    // each price.
                    var live = await Get(bidder.Http, $"/api/v1/lots/{Id(lot)}/live");
                    var amount = live["minNextBid"]!.GetValue<decimal>() + (Random.Shared.Next(3) * 10m);
                    var response = await Bid(bidder.Http, Id(lot), amount);
                    var text = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        accepted.Add((bidder.OrganizationId, JsonNode.Parse(text)!["id"]!.GetValue<string>(), amount));
                    }
                    else if (
                        response.StatusCode != HttpStatusCode.Conflict
                        || !text.Contains("bid_too_low", StringComparison.Ordinal)
                    )
                    {
                        unexpected.Add($"{(int)response.StatusCode} {text}");
                    }
                }
            })
        );

        unexpected.Should().BeEmpty();
        accepted.Should().NotBeEmpty();
        accepted.Select(a => a.Amount).Should().OnlyHaveUniqueItems("no two bids are accepted at the same price");
        var highest = accepted.MaxBy(a => a.Amount);

        var final = await Get(Http, $"/api/v1/lots/{Id(lot)}");
        final["currentPrice"]!.GetValue<decimal>().Should().Be(highest.Amount);
        final["bidCount"]!.GetValue<int>().Should().Be(accepted.Count);
        var history = await ListAllBids(Id(lot));
        history
            .Select(b => b["id"]!.GetValue<string>())
            .Should()
            .BeEquivalentTo(accepted.Select(a => a.BidId), "no accepted bid is lost");
        var ordered = history.Select(b => b["amount"]!.GetValue<decimal>()).Reverse().ToList();
        ordered.Should().BeInAscendingOrder("each accepted bid beat the one before it");

        foreach (var bidder in bidders)
        {
            var balance = await Balance(bidder.OrganizationId);
            balance.Held.Should().Be(bidder.OrganizationId == highest.Organization ? highest.Amount : 0m);
            balance.Total.Should().Be(1_000_000m);
        }

        await RunningBalances.ShouldAddUpAsync(Server);
    }

    [Fact]
    public async Task The_live_state_gives_the_position_and_answers_304_while_nothing_changed()
    {
        var lot = await NewLot(startPrice: 1000m, minStep: 100m);
        var leader = await NewFranchisee(deposit: 10_000m);
        var outbid = await NewFranchisee(deposit: 10_000m);
        var watcher = await NewFranchisee();

        var none = await watcher.Http.GetAsync($"/api/v1/lots/{Id(lot)}/live");
        var state = await ExpectJson(none, HttpStatusCode.OK);
        state["position"]!.GetValue<string>().Should().Be("none");
        state["status"]!.GetValue<string>().Should().Be("live");
        state["currentPrice"].Should().BeNull();
        state["minNextBid"]!.GetValue<decimal>().Should().Be(1000m);
        var tag = ETagOf(none);

        var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/lots/{Id(lot)}/live");
        again.Headers.TryAddWithoutValidation("If-None-Match", tag);
        (await watcher.Http.SendAsync(again)).StatusCode.Should().Be(HttpStatusCode.NotModified);

        await ExpectBid(outbid.Http, Id(lot), 1000m);
        await ExpectBid(leader.Http, Id(lot), 1100m);
        var changed = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/lots/{Id(lot)}/live");
        changed.Headers.TryAddWithoutValidation("If-None-Match", tag);
        var fresh = await ExpectJson(await watcher.Http.SendAsync(changed), HttpStatusCode.OK);
        fresh["currentPrice"]!.GetValue<decimal>().Should().Be(1100m);
        fresh["minNextBid"]!.GetValue<decimal>().Should().Be(1200m);
        fresh["bidCount"]!.GetValue<int>().Should().Be(2);
        (await Get(leader.Http, $"/api/v1/lots/{Id(lot)}/live"))["position"]!.GetValue<string>().Should().Be("leading");
        (await Get(outbid.Http, $"/api/v1/lots/{Id(lot)}/live"))["position"]!.GetValue<string>().Should().Be("outbid");
        await ExpectProblem(
            await watcher.Http.GetAsync($"/api/v1/lots/{Guid.CreateVersion7()}/live"),
            HttpStatusCode.NotFound,
            "not_found"
        );
    }

    [Fact]
    public async Task The_bid_history_names_only_your_own_bids_to_a_franchisee_and_every_bidder_to_head_office()
    {
        var lot = await NewLot(startPrice: 1000m, minStep: 100m);
        var first = await NewFranchisee(deposit: 10_000m);
        var second = await NewFranchisee(deposit: 10_000m);
        await ExpectBid(first.Http, Id(lot), 1000m);
        await ExpectBid(second.Http, Id(lot), 1100m);
        await ExpectBid(first.Http, Id(lot), 1200m);

        var seenByFirst = (await Get(first.Http, $"/api/v1/lots/{Id(lot)}/bids"))["items"]!.AsArray();
        seenByFirst.Select(b => b!["amount"]!.GetValue<decimal>()).Should().Equal(1200m, 1100m, 1000m);
        seenByFirst.Select(b => b!["bidderNumber"]!.GetValue<int>()).Should().Equal(1, 2, 1);
        seenByFirst.Select(b => b!["isYours"]!.GetValue<bool>()).Should().Equal(true, false, true);
        seenByFirst[1]!["organizationId"].Should().BeNull("another bidder stays anonymous");
        seenByFirst[0]!["organizationId"]!.GetValue<string>().Should().Be(first.OrganizationId.ToString());

        var seenByHeadOffice = (await Get(Http, $"/api/v1/lots/{Id(lot)}/bids?limit=2"));
        seenByHeadOffice["items"]!
            .AsArray()
            .Select(b => b!["organizationId"]!.GetValue<string>())
            .Should()
            .Equal(first.OrganizationId.ToString(), second.OrganizationId.ToString());
        (await ListAllBids(Id(lot), limit: 1)).Should().HaveCount(3);
        await ExpectProblem(
            await first.Http.GetAsync($"/api/v1/lots/{Guid.CreateVersion7()}/bids"),
            HttpStatusCode.NotFound,
            "not_found"
        );
    }

    private async Task<List<JsonNode>> ListAllBids(string lotId, int limit = 200)
    {
        var all = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var page = await Get(
                Http,
                $"/api/v1/lots/{lotId}/bids?limit={limit}"
                    + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")
            );
            all.AddRange(page["items"]!.AsArray().Select(i => i!));
            cursor = page["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);
        return all;
    }
}
