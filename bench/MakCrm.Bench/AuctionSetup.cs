using System.Globalization;

namespace MakCrm.Bench;

/// <summary>A franchisee's user, signed in: one bidder of the auction benchmark.</summary>
internal sealed record BidderAccount(int Number, Guid OrganizationId, Guid UserId, string AccessToken);

/// <summary>A lot of the auction benchmark, as head office put it up.</summary>
internal sealed record BenchLot(Guid Id, Guid LeadId, decimal StartPrice, decimal MinStep);

/// <summary>What both sides of the auction benchmark start from: the same bidders, deposits and lots.</summary>
internal sealed record AuctionWorld(IReadOnlyList<BidderAccount> Bidders, IReadOnlyList<BenchLot> Lots, decimal Deposit);

/// <summary>
/// Prepares an auction through the real API, as head office and franchisees would: each bidder a franchisee that
/// registered itself and that the administrator approved, signed in with its own password; head office creates a
/// client and a lead per lot and puts the lead up; head office deposits each franchisee's money
/// (<c>POST /api/v1/ledger/deposits</c>).
/// </summary>
internal static class AuctionSetup
{
    public const decimal StartPrice = 1000m;
    public const decimal MinStep = 10m;

    /// <summary>More than any run can hold: the price of a lot rises by the step per accepted bid.</summary>
    public const decimal Deposit = 100_000_000m;

    private const string FranchiseePassword = "Bench-Franchisee-Password-2026";

    /// <summary>Registrations and sign-ins hash passwords; a few at a time keep the set-up quick without swamping the API.</summary>
    private const int SetupConcurrency = 4;

    public static async Task<AuctionWorld> PrepareAsync(Uri baseUrl, string databaseConnection, int bidders, int lots, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(120) };
        var admin = await ApiSession.SignInAdminAsync(http, cancellationToken);

        var accounts = new BidderAccount[bidders];
        await Parallel.ForEachAsync(Enumerable.Range(0, bidders), new ParallelOptions { MaxDegreeOfParallelism = SetupConcurrency, CancellationToken = cancellationToken },
            async (i, token) => accounts[i] = await FranchiseeAsync(http, admin, databaseConnection, i, token));
        foreach (var account in accounts)
        {
            await DepositAsync(http, admin, account.OrganizationId, Deposit, cancellationToken);
        }

        var created = new List<BenchLot>();
        var endsAt = DateTimeOffset.UtcNow.AddDays(1); // far beyond any run: no anti-sniping extension, no closing
        for (var i = 0; i < lots; i++)
        {
            var client = await ApiSession.CallAsync(http, admin, HttpMethod.Post, "/api/v1/clients", new
            {
                fullName = $"Лотов Лот {i + 1}",
                phone = $"+7 912 400-{i / 100:00}-{i % 100:00}",
                city = "Пермь",
                source = "partner",
            }, cancellationToken);
            var lead = await ApiSession.CallAsync(http, admin, HttpMethod.Post, "/api/v1/leads", new
            {
                clientId = client!["id"]!.GetValue<Guid>(),
                requestedAmount = 1_000_000m,
                product = "consumer",
            }, cancellationToken);
            var leadId = lead!["id"]!.GetValue<Guid>();
            var lot = await ApiSession.CallAsync(http, admin, HttpMethod.Post, "/api/v1/lots", new
            {
                leadId,
                startPrice = StartPrice,
                minStep = MinStep,
                endsAt,
            }, cancellationToken);
            created.Add(new BenchLot(lot!["id"]!.GetValue<Guid>(), leadId, StartPrice, MinStep));
        }

        return new AuctionWorld(accounts, created, Deposit);
    }

    private static async Task<BidderAccount> FranchiseeAsync(HttpClient http, string admin, string databaseConnection, int number, CancellationToken cancellationToken)
    {
        var email = $"bench-bidder-{number + 1:000}@franchise.example";
        var registration = await ApiSession.CallAsync(http, null, HttpMethod.Post, "/api/v1/registrations", new
        {
            kind = "franchisee",
            companyName = $"ИП Торгов {number + 1}",
            legalForm = "ip",
            inn = "500100732259",
            city = "Пермь",
            contactPhone = $"+7 921 500-{number / 100:00}-{number % 100:00}",
            contactEmail = email,
            fullName = $"Торгов Тимофей {number + 1}",
            password = FranchiseePassword,
        }, cancellationToken);
        var organizationId = registration!["id"]!.GetValue<Guid>();
        await ApiSession.CallAsync(http, admin, HttpMethod.Post, $"/api/v1/organizations/{organizationId}/approve", null, cancellationToken);
        var token = await ApiSession.PasswordSignInAsync(http, email, FranchiseePassword, cancellationToken);
        var userId = await ApiSession.UserIdAsync(databaseConnection, email, cancellationToken);
        return new BidderAccount(number + 1, organizationId, userId, token);
    }

    private static Task DepositAsync(HttpClient http, string admin, Guid organizationId, decimal amount, CancellationToken cancellationToken) =>
        ApiSession.CallAsync(http, admin, HttpMethod.Post, "/api/v1/ledger/deposits", new
        {
            organizationId,
            amount,
            comment = "bench deposit " + amount.ToString("0.00", CultureInfo.InvariantCulture),
        }, cancellationToken);
}
