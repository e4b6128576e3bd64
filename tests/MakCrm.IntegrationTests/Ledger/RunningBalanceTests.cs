using System.Collections.Concurrent;
using System.Net;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Ledger;
using MakCrm.Infrastructure.Persistence;
using MakCrm.IntegrationTests.Auction;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.IntegrationTests.Ledger;

/// <summary>ADR 0011: every ledger entry carries its organization's running balance, written under that organization's ledger lock.</summary>
public sealed class RunningBalanceTests(ApiServerFixture server) : AuctionTest(server)
{
    [Fact]
    public async Task An_entry_without_its_organizations_ledger_lock_is_refused_in_code_and_by_the_database()
    {
        var franchisee = await NewFranchisee(deposit: 1000m);

        var unlocked = () => Server.WithServicesAsync(async services =>
        {
            await using var transaction = await services.GetRequiredService<MakCrmDbContext>().Database.BeginTransactionAsync();
            services.GetRequiredService<ILedger>().Add(
                LedgerEntry.Deposit(Guid.CreateVersion7(), franchisee.OrganizationId, 10m, "Без блокировки", null, DateTimeOffset.UtcNow));
            return 0;
        });
        await unlocked.Should().ThrowAsync<InvalidOperationException>();

        // A writer that bypassed the lock would number its entry as the one before it did: the unique position refuses it.
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        var taken = async () => await Insert(connection, franchisee.OrganizationId, ", entry_no, balance_after, held_after", ", 1, 10, 0");
        (await taken.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.UniqueViolation);
        // One that leaves the positions out has no default to fall back on.
        var unnumbered = async () => await Insert(connection, franchisee.OrganizationId, "", "");
        (await unnumbered.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.NotNullViolation);

        (await Balance(franchisee.OrganizationId)).Should().Be(new LedgerBalance(franchisee.OrganizationId, 1000m, 0m));
        await RunningBalances.ShouldAddUpAsync(Server);
    }

    [Fact]
    public async Task Two_franchisees_outbidding_each_other_on_two_lots_while_deposits_arrive_never_deadlock_and_keep_the_running_balances()
    {
        // Each accepted bid takes the bidder's and the outbid leader's ledger locks; here the two franchisees are each
        // other's leaders on both lots at once, and head office deposits to both meanwhile.
        string[] lots = [Id(await NewLot(startPrice: 1000m, minStep: 10m)), Id(await NewLot(startPrice: 1000m, minStep: 10m))];
        Franchisee[] bidders = [await NewFranchisee(deposit: 1_000_000m), await NewFranchisee(deposit: 1_000_000m)];
        var unexpected = new ConcurrentBag<string>();
        var accepted = 0;

        var bidding = bidders.SelectMany(bidder => lots.Select(lot => Task.Run(async () =>
        {
            for (var round = 0; round < 15; round++)
            {
                var live = await Get(bidder.Http, $"/api/v1/lots/{lot}/live");
                using var response = await Bid(bidder.Http, lot, live["minNextBid"]!.GetValue<decimal>());
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref accepted);
                }
                else if (response.StatusCode != HttpStatusCode.Conflict || !text.Contains("bid_too_low", StringComparison.Ordinal))
                {
                    unexpected.Add($"{(int)response.StatusCode} {text}");
                }
            }
        })));
        var deposits = bidders.Select(bidder => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await Deposit(bidder.OrganizationId, 100m);
            }
        }));
        await Task.WhenAll(bidding.Concat(deposits));

        unexpected.Should().BeEmpty("a deadlock or a broken running balance would have failed a bid");
        accepted.Should().BeGreaterThan(2);
        var prices = 0m;
        foreach (var lot in lots)
        {
            prices += (await Get(Http, $"/api/v1/lots/{lot}"))["currentPrice"]!.GetValue<decimal>();
        }

        var balances = await Task.WhenAll(bidders.Select(b => Balance(b.OrganizationId)));
        balances.Should().OnlyContain(b => b.Total == 1_001_000m, "bids only move money between available and held");
        balances.Sum(b => b.Held).Should().Be(prices, "each lot's price is held by its leader, one of the two");
        var fromEntries = await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>()
            .Set<MakCrm.Domain.Ledger.LedgerEntry>()
            .Where(e => e.OrganizationId == bidders[0].OrganizationId || e.OrganizationId == bidders[1].OrganizationId)
            .GroupBy(e => e.OrganizationId).Select(g => new { Organization = g.Key, Sum = g.Sum(e => e.Amount) }).ToListAsync());
        fromEntries.Select(e => e.Sum).Should().BeEquivalentTo(balances.Select(b => b.Available), "the balance read from the last entry is the ledger's sum");
        await RunningBalances.ShouldAddUpAsync(Server);
    }

    [Fact]
    public async Task An_accepted_bid_takes_the_bidders_and_the_leaders_ledger_locks_lowest_key_first()
    {
        var lot = Id(await NewLot(startPrice: 1000m, minStep: 10m));
        Franchisee[] pair = [await NewFranchisee(deposit: 100_000m), await NewFranchisee(deposit: 100_000m)];
        await using var observer = new NpgsqlConnection(Server.ConnectionString);
        await observer.OpenAsync();
        var keys = new Dictionary<Guid, long>();
        foreach (var franchisee in pair)
        {
            await using var key = new NpgsqlCommand($"SELECT hashtextextended('ledger:{franchisee.OrganizationId}', 0)", observer);
            keys[franchisee.OrganizationId] = (long)(await key.ExecuteScalarAsync())!;
        }

        // The bidder is the one with the higher key, so that taking its own lock first would be the wrong order.
        var (leader, bidder) = keys[pair[0].OrganizationId] < keys[pair[1].OrganizationId] ? (pair[0], pair[1]) : (pair[1], pair[0]);
        await ExpectBid(leader.Http, lot, 1000m);

        await using var holder = new NpgsqlConnection(Server.ConnectionString);
        await holder.OpenAsync();
        await using var held = await holder.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({keys[bidder.OrganizationId]})", holder, held))
        {
            await take.ExecuteNonQueryAsync();
        }

        var bid = Bid(bidder.Http, lot, 1010m);
        var order = await WaitForLocksAsync(observer, keys[leader.OrganizationId], keys[bidder.OrganizationId]);
        await held.CommitAsync();
        await ExpectJson(await bid, HttpStatusCode.Created);
        order.Should().Be("holds the lower key, waits for the higher", "the bid takes the leader's ledger lock (the lower key) before its own");
        await RunningBalances.ShouldAddUpAsync(Server);
    }

    /// <summary>What the bid's session holds and waits for among the two advisory keys, once it waits for the higher one.</summary>
    private static async Task<string> WaitForLocksAsync(NpgsqlConnection observer, long lower, long higher)
    {
        const string Locks = """
            SELECT COALESCE(bool_or(granted AND key = @lower), false), COALESCE(bool_or(NOT granted AND key = @higher), false)
            FROM (SELECT granted, (classid::bigint << 32) | objid::bigint AS key FROM pg_locks
                  WHERE locktype = 'advisory' AND objsubid = 1 AND pid <> pg_backend_pid()) AS advisory
            """;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            await using var command = new NpgsqlCommand(Locks, observer);
            command.Parameters.AddWithValue("lower", lower);
            command.Parameters.AddWithValue("higher", higher);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            if (reader.GetBoolean(1))
            {
                return reader.GetBoolean(0) ? "holds the lower key, waits for the higher" : "waits for the higher key without the lower";
            }

            await Task.Delay(100);
        }

        return "never waited for the higher key";
    }

    private static async Task Insert(NpgsqlConnection connection, Guid organizationId, string columns, string values)
    {
        await using var command = new NpgsqlCommand(
            $"INSERT INTO ledger_entries (id, organization_id, kind, amount, comment, created_at{columns}) "
            + $"VALUES ('{Guid.CreateVersion7()}', '{organizationId}', 'deposit', 10, 'В обход', now(){values})", connection);
        await command.ExecuteNonQueryAsync();
    }
}
