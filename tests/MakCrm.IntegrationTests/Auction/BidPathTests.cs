using System.Net;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Auction;
using MakCrm.Domain.Auction;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Persistence;
using MakCrm.IntegrationTests.Ledger;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.IntegrationTests.Auction;

/// <summary>
/// The bid hot path's own promises (BidBook): a bid that cannot win does not queue for the lot's row lock, one that
/// can waits for it, and the SQL that decides under the lock (the rules' source of truth) agrees with LotBidding, its
/// oracle, at the rules' edges.
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

    /// <summary>
    /// LotBidding as the oracle of the bid's SQL: bids at each rule's edge are placed through the book at a time of the
    /// test's, each is accepted exactly when <see cref="LotBidding.Decide"/> accepts it on the state it was placed on
    /// (with LotBidding's end of the lot after it), and a refused one leaves the lot as it was and is refused for
    /// LotBidding's reason.
    /// </summary>
    [Fact]
    public async Task The_bids_sql_decides_every_rules_edge_as_its_oracle_LotBidding_does()
    {
        var lotId = Guid.Parse(Id(await NewLot(startPrice: 1000m, minStep: 100m, cities: ["Пермь"], grades: ["gold"])));
        var poor = (await NewFranchisee(city: "Пермь", grade: "gold", deposit: 1000m)).OrganizationId;
        var rich = (await NewFranchisee(city: "Пермь", grade: "gold", deposit: 5000m)).OrganizationId;
        var elsewhere = (await NewFranchisee(city: "Казань", grade: "gold", deposit: 5000m)).OrganizationId;
        var silver = (await NewFranchisee(city: "Пермь", grade: "silver", deposit: 5000m)).OrganizationId;
        var partner = await Server.CreateOrganizationAsync(OrganizationKind.Partner, $"Партнёр {Guid.NewGuid():N}");
        var options = Server.Services.GetRequiredService<AuctionOptions>();
        var antiSniping = new AntiSniping(options.AntiSnipingWindow, options.AntiSnipingExtension);
        var micro = TimeSpan.FromTicks(10);

        // The lot opens 50 minutes before its end, so that a bid can come too early.
        await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>().Database
            .ExecuteSqlAsync($"UPDATE lots SET starts_at = ends_at - interval '50 minutes' WHERE id = {lotId}"));

        (string Edge, Guid Bidder, decimal Amount, Func<LotSnapshot, DateTimeOffset> At)[] bids =
        [
            ("a microsecond before the start", rich, 1000m, lot => lot.StartsAt - micro),
            ("at the start, from a city the lot does not name", elsewhere, 1000m, lot => lot.StartsAt),
            ("from a grade the lot does not name", silver, 1000m, lot => lot.StartsAt.AddMinutes(1)),
            ("from a partner", partner, 1000m, lot => lot.StartsAt.AddMinutes(1)),
            ("a kopek below the start price", poor, 999.99m, lot => lot.StartsAt.AddMinutes(2)),
            ("a kopek over the balance", poor, 1000.01m, lot => lot.StartsAt.AddMinutes(2)),
            ("exactly the start price and the balance", poor, 1000m, lot => lot.StartsAt.AddMinutes(3)),
            ("a kopek below the step", rich, 1099.99m, lot => lot.StartsAt.AddMinutes(4)),
            ("a microsecond before the anti-sniping window", rich, 1100m,
                lot => lot.EndsAt - antiSniping.Window - micro),
            ("from the outbid, over its released balance", poor, 1200m, lot => lot.EndsAt - antiSniping.Window),
            ("the leader raising its own bid at the window's start", rich, 1200m,
                lot => lot.EndsAt - antiSniping.Window),
            ("the leader over its balance and its own hold", rich, 5000.01m, lot => lot.EndsAt - micro),
            ("the leader with exactly its balance and its own hold", rich, 5000m, lot => lot.EndsAt - micro),
            ("at the end", rich, 5100m, lot => lot.EndsAt),
        ];

        var accepted = 0;
        foreach (var (edge, bidder, amount, at) in bids)
        {
            await Server.WithServicesAsync(async services =>
            {
                var before = await SnapshotAsync(services, lotId);
                var now = at(before);
                var oracle = LotBidding.Decide(before, await BidderAsync(services, bidder), amount, antiSniping, now);

                var attempt = await services.GetRequiredService<IBidBook>().PlaceAsync(
                    new BidRequest(Guid.CreateVersion7(), lotId, bidder, null, null, amount, antiSniping, now),
                    CancellationToken.None);

                if (oracle.IsSuccess)
                {
                    attempt.Accepted.Should().NotBeNull("LotBidding accepts the bid {0}", edge);
                    attempt.Accepted!.LotEndsAt.Should().Be(
                        oracle.Value.EndsAt, "the lot's end after the bid {0}", edge);
                    accepted++;
                    return 0;
                }

                attempt.Accepted.Should().BeNull("LotBidding refuses the bid {0} ({1})", edge, oracle.Error!.Code);
                var reason = LotBidding.Decide(attempt.Lot!, attempt.Bidder!, amount, antiSniping, attempt.DecidedAt);
                reason.IsSuccess.Should().BeFalse("the state the bid {0} was refused on refuses it", edge);
                reason.Error!.Code.Should().Be(
                    oracle.Error.Code, "the bid {0} is refused for LotBidding's reason", edge);
                (await SnapshotAsync(services, lotId)).Should().BeEquivalentTo(
                    before, "a refused bid {0} changes nothing", edge);
                return 0;
            });
        }

        accepted.Should().Be(4, "the edges hold four accepted bids, so both outcomes were compared");
        await RunningBalances.ShouldAddUpAsync(Server);
    }

    private static async Task<LotSnapshot> SnapshotAsync(IServiceProvider services, Guid lotId)
    {
        var lot = await services.GetRequiredService<MakCrmDbContext>().Set<Lot>().AsNoTracking()
            .SingleAsync(l => l.Id == lotId);
        return new LotSnapshot(
            lot.Id, lot.LeadId, lot.Status, lot.StartPrice, lot.MinStep, lot.StartsAt, lot.EndsAt, lot.EligibleCities,
            lot.EligibleGrades, lot.CurrentPrice, lot.LeaderOrganizationId, lot.LeaderBidId, lot.Version);
    }

    private static async Task<Bidder> BidderAsync(IServiceProvider services, Guid organizationId)
    {
        var organization = await services.GetRequiredService<MakCrmDbContext>().Set<Organization>().AsNoTracking()
            .SingleAsync(o => o.Id == organizationId);
        var balance = await services.GetRequiredService<ILedger>().BalanceAsync(organizationId, CancellationToken.None);
        return new Bidder(
            organizationId, organization.Kind == OrganizationKind.Franchisee, organization.City, organization.Grade,
            balance.Available);
    }
}
