using MakCrm.Domain.Access;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.Client.Tests;

/// <summary>The auction's operations through the SDK: head office puts a lead up, a franchisee bids and watches.</summary>
public sealed class AuctionSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task Head_office_puts_a_lead_up_and_a_franchisee_bids_watches_and_reads_the_history()
    {
        var lot = await PutUpAsync();
        lot.Status.Should().Be(LotPhase.Live);
        lot.Lead.Name.Should().Be("Иван С.");
        lot.Contact!.Phone.Should().StartWith("+7");

        var franchisee = await FranchiseeAsync(deposit: 5000m);
        var seen = await franchisee.GetLotAsync(lot.Id);
        seen.Result.Contact.Should().BeNull();
        seen.Result.ReservePrice.Should().BeNull();
        (await franchisee.ListLotsAsync(LotStatus.Open)).Result.Items.Select(l => l.Id).Should().Contain(lot.Id);

        var key = Guid.NewGuid().ToString();
        var bid = await franchisee.PlaceBidAsync(lot.Id, new PlaceBidRequest { Amount = 1000m }, key);
        bid.StatusCode.Should().Be(201);
        bid.Result.Amount.Should().Be(1000m);
        var replay = await franchisee.PlaceBidAsync(lot.Id, new PlaceBidRequest { Amount = 1000m }, key);
        replay.Result.Id.Should().Be(bid.Result.Id);
        replay.GetHeader("Idempotent-Replayed").Should().Be("true");

        var live = await franchisee.GetLotLiveStateAsync(lot.Id);
        live.Result.Position.Should().Be(BidPosition.Leading);
        live.Result.MinNextBid.Should().Be(1100m);
        // Nothing changed: an answer, not an exception, with no result; the state held is current.
        var unchanged = await franchisee.GetLotLiveStateAsync(lot.Id, live.ETag);
        unchanged.IsNotModified.Should().BeTrue();
        unchanged.StatusCode.Should().Be(304);
        unchanged.ETag.Should().Be(live.ETag);

        var history = await franchisee.ListLotBidsAsync(lot.Id);
        history.Result.Items.Should().ContainSingle().Which.IsYours.Should().BeTrue();
    }

    [Fact]
    public async Task A_bid_below_the_minimum_is_a_problem_with_the_minimum_bid()
    {
        var lot = await PutUpAsync();
        var franchisee = await FranchiseeAsync(deposit: 5000m);

        var problem = await Expect.ProblemAsync(() => franchisee.PlaceBidAsync(lot.Id, new PlaceBidRequest { Amount = 999m }), 409, "bid_too_low");
        problem.MinimumBid.Should().Be(1000m);
        await Expect.ProblemAsync(() => franchisee.PlaceBidAsync(lot.Id, new PlaceBidRequest { Amount = 9000m }), 409, "insufficient_balance");
        await Expect.ProblemAsync(() => Api.GetLotAsync(Guid.NewGuid()), 404, "not_found");
        await Expect.ProblemAsync(() => Api.GetLotLiveStateAsync(Guid.NewGuid()), 404, "not_found");
        await Expect.ProblemAsync(() => Api.ListLotBidsAsync(lot.Id, limit: 0), 400, "validation_failed");
        await Expect.ProblemAsync(
            () => Api.CreateLotAsync(new CreateLotRequest { LeadId = lot.LeadId, StartPrice = 1000m, MinStep = 100m, EndsAt = DateTimeOffset.UtcNow.AddHours(1) }),
            409, "lot_already_open");
    }

    private async Task<Lot> PutUpAsync()
    {
        var client = await Api.CreateClientAsync(new CreateClientRequest { FullName = "Сидоров Иван", Phone = TestData.NextPhone(), Source = "partner" });
        var lead = await Api.CreateLeadAsync(new CreateLeadRequest { ClientId = client.Result.Id, RequestedAmount = 900_000m, Product = LoanProduct.Auto });
        var lot = await Api.CreateLotAsync(new CreateLotRequest
        {
            LeadId = lead.Result.Id,
            StartPrice = 1000m,
            MinStep = 100m,
            ReservePrice = 1500m,
            EndsAt = DateTimeOffset.UtcNow.AddHours(1),
        });
        lot.StatusCode.Should().Be(201);
        return lot.Result;
    }

    /// <summary>A new franchisee organization with a user and a deposit head office recorded, signed in.</summary>
    private async Task<IMakCrmApiClient> FranchiseeAsync(decimal deposit)
    {
        var organizationId = Guid.CreateVersion7();
        var email = $"sdk-franchisee-{organizationId:N}@test.mak";
        await Server.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<MakCrmDbContext>();
            db.Set<MakCrm.Domain.Organizations.Organization>()
                .Add(MakCrm.Domain.Organizations.Organization.CreateActive(
                organizationId, MakCrm.Domain.Organizations.OrganizationKind.Franchisee, email, DateTimeOffset.UtcNow));
            return await db.SaveChangesAsync();
        });
        (await Api.RecordDepositAsync(new RecordLedgerEntryRequest { OrganizationId = organizationId, Amount = deposit, Comment = "SDK" })).StatusCode.Should().Be(201);
        await Server.CreateUserAsync(email, Roles.Franchisee, organizationId);
        var token = (await Server.PasswordGrantAsync(email, TestActors.Password)).GetProperty("access_token").GetString()!;
        var http = Server.CreateHttpClient(token);
        _clients.Add(http);
        return new MakCrmApiClient(http);
    }

    private readonly List<HttpClient> _clients = [];

    public override Task DisposeAsync()
    {
        _clients.ForEach(c => c.Dispose());
        return base.DisposeAsync();
    }
}
