using System.Net;
using MakCrm.IntegrationTests.Ledger;
using MakCrm.Testing;
using Npgsql;

namespace MakCrm.IntegrationTests.Auction;

/// <summary>
/// The bid hot path's own promises (BidBook): a bid that cannot win does not queue for the lot's row lock, one that
/// can waits for it, and the SQL that decides under the lock agrees with LotBidding at the rules' edges.
/// </summary>
public sealed class BidPathTests(ApiServerFixture server) : AuctionTest(server)
{
    [Fact]
    public async Task A_bid_below_the_committed_minimum_is_refused_without_waiting_for_the_lots_lock()
    {
        var lot = await NewLot(startPrice: 1000m, minStep: 100m);
        var leader = await NewFranchisee(deposit: 10_000m);
        var other = await NewFranchisee(deposit: 10_000m);
        await ExpectBid(leader.Http, Id(lot), 1000m);

        // Another transaction holds the lot's row lock (as a bid being placed does).
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("SELECT 1 FROM lots WHERE id = @id FOR UPDATE", connection, transaction))
        {
            command.Parameters.AddWithValue("id", Guid.Parse(Id(lot)));
            await command.ExecuteScalarAsync();
        }

        var hopeless = Bid(other.Http, Id(lot), 1050m);
        (await Task.WhenAny(hopeless, Task.Delay(TimeSpan.FromSeconds(20)))).Should().BeSameAs(hopeless, "a bid that cannot win does not queue for the lock");
        var problem = await ExpectProblem(await hopeless, HttpStatusCode.Conflict, "bid_too_low");
        problem["minimumBid"]!.GetValue<decimal>().Should().Be(1100m);

        var contender = Bid(other.Http, Id(lot), 1100m);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        contender.IsCompleted.Should().BeFalse("a bid that can win is decided under the lot's lock");
        await transaction.RollbackAsync();
        await ExpectJson(await contender, HttpStatusCode.Created);
        (await Balance(leader.OrganizationId)).Held.Should().Be(0m);
        (await Balance(other.OrganizationId)).Held.Should().Be(1100m);
    }

    [Fact]
    public async Task A_leader_raising_its_own_bid_may_use_its_current_hold_and_exactly_its_balance()
    {
        var lot = await NewLot(startPrice: 1000m, minStep: 100m);
        var franchisee = await NewFranchisee(deposit: 1500m);
        await ExpectBid(franchisee.Http, Id(lot), 1000m);

        // Available 500 + its own hold 1000 covers 1500 exactly; 1600 is 100 too much.
        var problem = await ExpectProblem(await Bid(franchisee.Http, Id(lot), 1600m), HttpStatusCode.Conflict, "insufficient_balance");
        problem["availableBalance"]!.GetValue<decimal>().Should().Be(1500m);
        await ExpectBid(franchisee.Http, Id(lot), 1500m);
        (await Balance(franchisee.OrganizationId)).Should().Be(
            new MakCrm.Application.Abstractions.Persistence.LedgerBalance(franchisee.OrganizationId, 0m, 1500m));

        // Exactly the minimum is enough; a kopek less is not.
        var other = await NewFranchisee(deposit: 10_000m);
        problem = await ExpectProblem(await Bid(other.Http, Id(lot), 1599.99m), HttpStatusCode.Conflict, "bid_too_low");
        problem["minimumBid"]!.GetValue<decimal>().Should().Be(1600m);
        await ExpectBid(other.Http, Id(lot), 1600m);
        await RunningBalances.ShouldAddUpAsync(Server);
    }

    [Fact]
    public async Task Eligibility_under_the_lock_ignores_case_and_spacing_as_the_domain_does()
    {
        var lot = await NewLot(cities: ["Нижний Новгород"], grades: ["gold"]);
        var spaced = await NewFranchisee(city: "нижний   новгород", grade: "GOLD", deposit: 10_000m);
        var elsewhere = await NewFranchisee(city: "Нижний", grade: "gold", deposit: 10_000m);

        await ExpectProblem(await Bid(elsewhere.Http, Id(lot), 1000m), HttpStatusCode.Conflict, "lot_not_eligible");
        await ExpectBid(spaced.Http, Id(lot), 1000m);
    }
}
