using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Access;
using MakCrm.Domain.Ledger;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Auction;
using MakCrm.Infrastructure.Persistence;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Auction;

/// <summary>
/// Helpers for the auction's tests: franchisees of their own (organization, user, signed-in client), deposits recorded by
/// head office through the API, leads put up by head office, and the end of a lot brought forward in the database (the
/// closing worker is off in tests; they close lots with <see cref="LotCloser"/>).
/// </summary>
public abstract class AuctionTest(ApiServerFixture server) : ApiTest(server)
{
    private readonly List<HttpClient> _clients = [];

    public override async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await base.DisposeAsync();
    }

    protected sealed record Franchisee(Guid OrganizationId, HttpClient Http);

    /// <summary>A new active franchisee organization with one user, signed in; with a deposit when <paramref name="deposit"/> is set.</summary>
    protected async Task<Franchisee> NewFranchisee(string? city = null, string? grade = null, decimal deposit = 0m)
    {
        var organizationId = Guid.CreateVersion7();
        await Server.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<MakCrmDbContext>();
            var organization = Organization.CreateActive(organizationId, OrganizationKind.Franchisee, $"Франчайзи {organizationId:N}", DateTimeOffset.UtcNow, city);
            if (grade is not null)
            {
                organization.SetGrade(grade, DateTimeOffset.UtcNow);
            }

            db.Set<MakCrm.Domain.Organizations.Organization>().Add(organization);
            return await db.SaveChangesAsync();
        });
        var email = $"franchisee-{organizationId:N}@test.mak";
        await Server.CreateUserAsync(email, Roles.Franchisee, organizationId);
        var token = (await Server.PasswordGrantAsync(email, TestActors.Password)).GetProperty("access_token").GetString()!;
        var http = Server.CreateHttpClient(token);
        _clients.Add(http);
        if (deposit > 0)
        {
            await Deposit(organizationId, deposit);
        }

        return new Franchisee(organizationId, http);
    }

    /// <summary>Head office records a deposit through the API, as an employee would.</summary>
    protected async Task Deposit(Guid organizationId, decimal amount) =>
        await ExpectJson(await Post("/api/v1/ledger/deposits", new { organizationId, amount, comment = "Тестовый депозит" }), HttpStatusCode.Created);

    protected Task<LedgerBalance> Balance(Guid organizationId) =>
        Server.WithServicesAsync(services => services.GetRequiredService<ILedger>().BalanceAsync(organizationId, CancellationToken.None));

    /// <summary>The organization's ledger entries of a kind for a lot.</summary>
    protected Task<List<decimal>> Entries(Guid organizationId, Guid lotId, LedgerEntryKind kind) =>
        Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>()
            .Set<MakCrm.Domain.Ledger.LedgerEntry>()
            .Where(e => e.OrganizationId == organizationId && e.LotId == lotId && e.Kind == kind)
            .Select(e => e.Amount).ToListAsync());

    /// <summary>A head-office lead (client with phone and e-mail) in status <c>new</c>.</summary>
    protected async Task<JsonObject> NewLead(string fullName = "Иванов Иван Иванович", string? city = "Пермь")
    {
        var client = await CreateClient(fullName, email: $"client-{Guid.NewGuid():N}@example.ru", city: city);
        return await CreateLead(Id(client), amount: 2_500_000m, product: "mortgage");
    }

    protected async Task<JsonObject> PutUp(
        string leadId, decimal startPrice = 1000m, decimal minStep = 100m, decimal? reservePrice = null, DateTimeOffset? endsAt = null,
        string[]? cities = null, string[]? grades = null)
    {
        var response = await Post("/api/v1/lots", new
        {
            leadId,
            startPrice,
            minStep,
            reservePrice,
            endsAt = endsAt ?? DateTimeOffset.UtcNow.AddHours(1),
            eligibleCities = cities,
            eligibleGrades = grades,
        });
        return await ExpectJson(response, HttpStatusCode.Created);
    }

    /// <summary>A new lead put up in a new lot.</summary>
    protected async Task<JsonObject> NewLot(decimal startPrice = 1000m, decimal minStep = 100m, decimal? reservePrice = null, string[]? cities = null, string[]? grades = null, DateTimeOffset? endsAt = null) =>
        await PutUp(Id(await NewLead()), startPrice, minStep, reservePrice, endsAt, cities, grades);

    protected static Task<HttpResponseMessage> Bid(HttpClient http, string lotId, decimal amount, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/lots/{lotId}/bids")
        {
            Content = new StringContent(Json(new { amount }), Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return http.SendAsync(request);
    }

    protected static async Task<JsonObject> ExpectBid(HttpClient http, string lotId, decimal amount) =>
        await ExpectJson(await Bid(http, lotId, amount), HttpStatusCode.Created);

    /// <summary>Moves the lot's end (and, to keep it after the start, its start) into the past: the clock has run out.</summary>
    protected Task EndNow(string lotId) =>
        Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>().Database.ExecuteSqlAsync(
            $"UPDATE lots SET starts_at = LEAST(starts_at, now() - interval '1 hour'), ends_at = now() - interval '1 second' WHERE id = {Guid.Parse(lotId)}"));

    /// <summary>Runs one closer until no lot is due; returns how many it closed.</summary>
    protected Task<int> CloseDueLots() =>
        Server.WithServicesAsync(async services =>
        {
            var closed = 0;
            while (await services.GetRequiredService<LotCloser>().CloseNextAsync(CancellationToken.None))
            {
                closed++;
            }

            return closed;
        });

    protected static async Task<JsonObject> Get(HttpClient http, string url) => await ExpectJson(await http.GetAsync(url), HttpStatusCode.OK);

    /// <summary>
    /// Walks the caller's statement in the order it is listed (oldest first, whichever way it is sorted) and checks
    /// that each entry's running sums are the previous entry's plus its own amount; returns the last sums.
    /// </summary>
    protected static async Task<(decimal Balance, decimal Held)> StatementShouldAddUp(HttpClient http, string sort)
    {
        var statement = await Get(http, $"/api/v1/ledger/entries?sort={sort}&limit=100");
        var entries = statement["items"]!.AsArray().Select(e => e!.AsObject()).ToList();
        if (sort.StartsWith('-'))
        {
            entries.Reverse();
        }

        var (balance, held) = (0m, 0m);
        foreach (var entry in entries)
        {
            var amount = entry["amount"]!.GetValue<decimal>();
            balance += amount;
            held -= entry["kind"]!.GetValue<string>() is "hold" or "hold_release" ? amount : 0m;
            entry["balanceAfter"]!.GetValue<decimal>().Should().Be(balance, "entry {0} follows the one listed before it", entry.ToJsonString());
            entry["heldAfter"]!.GetValue<decimal>().Should().Be(held, "entry {0} follows the one listed before it", entry.ToJsonString());
        }

        return (balance, held);
    }
}
