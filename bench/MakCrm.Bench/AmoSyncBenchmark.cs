using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MakCrm.AmoCrmSimulator;

namespace MakCrm.Bench;

/// <summary>
/// The live amoCRM sync both ways: 1,000 leads changed by managers in amoCRM (their price, each with its webhook
/// delivered to MaK) and 1,000 other leads changed in MaK through the API (their requested amount), all while the sync
/// is paused, so that the changes wait as the sync left them: the deliveries in the inbox, MaK's changes marked due.
/// The clock runs from the resume until both sides hold every change. amoCRM's rate limit is the floor no sync can go
/// below: reading 1,000 leads takes at least 4 requests (250 a read) and writing 1,000 at least 20 (50 a write), so
/// the baseline is those 24 requests at the account's rate; the sync is judged by that time divided by the time it
/// took (the target: within the floor plus 10%). The requests it made and amoCRM's 429s are reported too.
/// </summary>
internal static class AmoSyncBenchmark
{
    public const double MinRatio = 1 / 1.1;
    private const int Changes = 1_000;
    private const string Database = "mak_bench_amo_sync";

    public static async Task<bool> RunAsync(BenchOptions options, Report report, CancellationToken cancellationToken)
    {
        report.Heading(
            $"amoCRM sync — API: {Changes:N0} changes in amoCRM and {Changes:N0} in MaK settled both ways at "
                + $"{options.AmoRate} requests/s; baseline: the fewest requests that carry them at that rate"
        );
        await using var amo = await new FakeAmoCrm(
            new AmoSimulatorOptions
            {
                Leads = 2 * Changes + Changes / 2,
                Seed = options.Seed,
                RatePerSecond = options.AmoRate,
            }
        ).StartAsync();

        // The workers look for work every 200 ms instead of every second or five, so that the measured time is the
        // sync's and not its workers' sleep.
        await Databases.DropAsync(options.ServerConnection, Database, cancellationToken);
        var connection = Databases.For(options.ServerConnection, Database);
        await using var api = await ApiProcess.StartAsync(
            options,
            Database,
            cancellationToken,
            new Dictionary<string, string>
            {
                ["Mak__AmoCrm__RequestsPerSecond"] = options.AmoRate.ToString(CultureInfo.InvariantCulture),
                ["Mak__AmoCrm__ImportPollInterval"] = "00:00:00.200",
                ["Mak__AmoCrm__InboxPollInterval"] = "00:00:00.200",
                ["Mak__AmoCrm__OutboxPollInterval"] = "00:00:00.200",
                ["Mak__AmoCrm__OutboxMinRoundInterval"] = "00:00:00.200",
            }
        );
        using var http = new HttpClient { BaseAddress = api.BaseUrl, Timeout = TimeSpan.FromMinutes(5) };
        var admin = await AmoImportBenchmark.ConnectedAsync(http, amo, connection, cancellationToken);
        report.Progress("API: importing the account");
        var import = await ApiSession.CallAsync(
            http,
            admin,
            HttpMethod.Post,
            "/api/v1/integrations/amocrm/imports",
            new { },
            cancellationToken
        );
        await AmoImportBenchmark.WaitAsync(http, import!["id"]!.GetValue<Guid>(), report, cancellationToken);
        await ApiSession.CallAsync(
            http,
            admin,
            HttpMethod.Post,
            "/api/v1/integrations/amocrm/sync",
            new { publicBaseUrl = api.BaseUrl.ToString() },
            cancellationToken
        );
        var links = await LinksAsync(connection, cancellationToken);
        if (links.Count < 2 * Changes)
        {
            throw new InvalidOperationException(
                $"The import linked {links.Count} leads; the benchmark needs {2 * Changes}."
            );
        }

        // The first 1,000 change in amoCRM, the next 1,000 in MaK; the sync is paused meanwhile.
        var inAmo = links[..Changes].Select((l, i) => (l.AmoId, l.LeadId, Price: 300_000L + i)).ToList();
        var inMak = links[Changes..(2 * Changes)].Select((l, i) => (l.AmoId, l.LeadId, Amount: 600_000L + i)).ToList();
        report.Progress("API: changing both sides while the sync is paused");
        await ApiSession.CallAsync(
            http,
            admin,
            HttpMethod.Post,
            "/api/v1/integrations/amocrm/sync/pause",
            null,
            cancellationToken
        );
        await amo.ChangeLeadsAsManagersAsync([.. inAmo.Select(c => (c.AmoId, new JsonObject { ["price"] = c.Price }))]);
        await Parallel.ForEachAsync(
            inMak,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (change, token) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/leads/{change.LeadId}")
                {
                    Content = new StringContent(
                        $"{{\"requestedAmount\":{change.Amount}}}",
                        Encoding.UTF8,
                        "application/merge-patch+json"
                    ),
                };
                request.Headers.TryAddWithoutValidation("If-Match", "*");
                using var response = await http.SendAsync(request, token);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException(
                        $"PATCH /api/v1/leads answered {(int)response.StatusCode}: "
                            + await response.Content.ReadAsStringAsync(token)
                    );
                }
            }
        );
        await WaitForAsync(connection, "SELECT count(*) FROM events WHERE sequence IS NULL", 0, cancellationToken);

        report.Progress("API: resuming the sync");
        var monitor = await RunMonitor.StartAsync(connection, api.ProcessId, cancellationToken);
        var (callsBefore, hitsBefore) = (amo.Calls.Count, amo.RateLimitHits);
        var clock = Stopwatch.StartNew();
        await ApiSession.CallAsync(
            http,
            admin,
            HttpMethod.Post,
            "/api/v1/integrations/amocrm/sync/resume",
            null,
            cancellationToken
        );
        var inMakSql =
            "SELECT count(*) FROM leads l JOIN (VALUES "
            + string.Join(',', inAmo.Select(c => $"('{c.LeadId}'::uuid, {c.Price})"))
            + ") AS v(id, amount) ON v.id = l.id WHERE l.requested_amount = v.amount";
        var (settledInMak, settledInAmo) = (0L, 0);
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while ((settledInMak < Changes || settledInAmo < Changes) && DateTime.UtcNow < deadline)
        {
            settledInMak = await Databases.CountAsync(connection, inMakSql, cancellationToken);
            settledInAmo = inMak.Count(c => PriceOf(amo, c.AmoId) == c.Amount);
            await Task.Delay(100, cancellationToken);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var measured = await monitor.StopAsync(cancellationToken);
        var requests = amo.Calls.Count - callsBefore;
        const int FewestRequests = (Changes + 249) / 250 + (Changes + 49) / 50;
        var floor = FewestRequests / (double)options.AmoRate;
        var complete = settledInMak == Changes && settledInAmo == Changes;
        var ratio = floor / seconds;
        var pass = complete && ratio >= MinRatio;
        report.Table(
            ["side", "requests", "seconds", "settled in MaK", "settled in amoCRM", "429s"],
            [
                [
                    "rate limit's floor",
                    FewestRequests.ToString("N0", CultureInfo.InvariantCulture),
                    floor.ToString("0.0", CultureInfo.InvariantCulture),
                    "-",
                    "-",
                    "-",
                ],
                [
                    "API",
                    requests.ToString("N0", CultureInfo.InvariantCulture),
                    seconds.ToString("0.0", CultureInfo.InvariantCulture),
                    settledInMak.ToString("N0", CultureInfo.InvariantCulture),
                    settledInAmo.ToString("N0", CultureInfo.InvariantCulture),
                    (amo.RateLimitHits - hitsBefore).ToString(CultureInfo.InvariantCulture),
                ],
            ]
        );
        report.Line(
            $"CPU per 1,000 changes: API {measured.Per(2 * Changes / seconds / 1000)} (server + PostgreSQL; the floor "
                + "has no process of its own)"
        );
        var verdict = complete
            ? pass
                ? "PASS"
                : "FAIL"
            : $"FAIL (after 10 minutes {settledInMak:N0} changes in MaK and {settledInAmo:N0} in amoCRM)";
        report.Line($"floor/measured time: {ratio:0.00} (target >= {MinRatio:0.0#})  {verdict}");
        report.Judged("amo-sync", "floor/measured time", $"{ratio:0.00}", $">= {MinRatio:0.0#}", pass);
        return pass;
    }

    // The seed writes prices as integers, a write as longs: read either.
    private static long PriceOf(FakeAmoCrm amo, long amoId) =>
        long.Parse(amo.Account.Find("leads", amoId)!["price"]!.ToJsonString(), CultureInfo.InvariantCulture);

    private static async Task<List<(long AmoId, Guid LeadId)>> LinksAsync(
        string connection,
        CancellationToken cancellationToken
    )
    {
        await using var source = Npgsql.NpgsqlDataSource.Create(connection);
        await using var command = source.CreateCommand(
            "SELECT amo_id, mak_id FROM amocrm_links WHERE entity = 'leads' ORDER BY amo_id"
        );
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var links = new List<(long, Guid)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            links.Add((reader.GetInt64(0), reader.GetGuid(1)));
        }

        return links;
    }

    private static async Task WaitForAsync(
        string connection,
        string countSql,
        long expected,
        CancellationToken cancellationToken
    )
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (await Databases.CountAsync(connection, countSql, cancellationToken) != expected)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still not {expected} after a minute: {countSql}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
