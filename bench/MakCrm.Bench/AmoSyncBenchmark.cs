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
/// took (the target: within the floor plus 10%). The requests it made and amoCRM's 429s are reported too. Then the same
/// for contacts' phones (<see cref="ContactsAsync"/>).
/// </summary>
internal static class AmoSyncBenchmark
{
    public const double MinRatio = 1 / 1.1;
    private const int Changes = 1_000;

    // The account's 2,000 contacts hold fewer than 2,000 that are each the only contact of their client.
    private const int ContactChanges = Changes / 2;
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
        var links = await LinksAsync(
            connection,
            "SELECT amo_id, mak_id FROM amocrm_links WHERE entity = 'leads' ORDER BY amo_id",
            cancellationToken
        );
        if (links.Count < 2 * Changes)
        {
            throw new InvalidOperationException(
                $"The import linked {links.Count} leads; the benchmark needs {2 * Changes}."
            );
        }

        // The first 1,000 change in amoCRM, the next 1,000 in MaK; the sync is paused meanwhile.
        var inAmo = links[..Changes].Select((l, i) => (l.AmoId, LeadId: l.MakId, Price: 300_000L + i)).ToList();
        var inMak = links[Changes..(2 * Changes)]
            .Select((l, i) => (l.AmoId, LeadId: l.MakId, Amount: 600_000L + i))
            .ToList();
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
        await PatchAllAsync(
            http,
            inMak.Select(c => ($"/api/v1/leads/{c.LeadId}", $"{{\"requestedAmount\":{c.Amount}}}")),
            cancellationToken
        );
        const int FewestRequests = (Changes + 249) / 250 + (Changes + 49) / 50;
        var pass = await ResumeAndJudgeAsync(
            (options, report, amo, http, admin, connection, api.ProcessId),
            ("amo-sync", Changes, FewestRequests),
            "SELECT count(*) FROM leads l JOIN (VALUES "
                + string.Join(',', inAmo.Select(c => $"('{c.LeadId}'::uuid, {c.Price})"))
                + ") AS v(id, amount) ON v.id = l.id WHERE l.requested_amount = v.amount",
            () => inMak.Count(c => PriceOf(amo, c.AmoId) == c.Amount),
            cancellationToken
        );
        return await ContactsAsync(options, report, amo, http, admin, connection, api.ProcessId, cancellationToken)
            && pass;
    }

    /// <summary>
    /// The same for contacts, on the same account and API: 500 contacts whose phone a manager changes in amoCRM and
    /// 500 clients whose phone MaK changes through the API, each the only contact of its client, while the sync is
    /// paused; the clock runs from the resume until every client holds its contact's new phone and every contact holds
    /// its client's new phone first. The floor: 2 reads bring amoCRM's changes in, and writing MaK's into contacts
    /// whose other phones must stay takes 2 reads and 10 writes, 14 requests at the account's rate.
    /// </summary>
    private static async Task<bool> ContactsAsync(
        BenchOptions options,
        Report report,
        FakeAmoCrm amo,
        HttpClient http,
        string admin,
        string connection,
        int processId,
        CancellationToken cancellationToken
    )
    {
        var links = await LinksAsync(
            connection,
            """
            SELECT k.amo_id, k.mak_id FROM amocrm_links k
            WHERE k.entity = 'contacts' AND NOT EXISTS (
                SELECT 1 FROM amocrm_links o
                WHERE o.entity = 'contacts' AND o.mak_id = k.mak_id AND o.amo_id <> k.amo_id)
            ORDER BY k.amo_id
            """,
            cancellationToken
        );
        if (links.Count < 2 * ContactChanges)
        {
            throw new InvalidOperationException(
                $"The import linked {links.Count} contacts each to a client of its own; the benchmark needs "
                    + $"{2 * ContactChanges}."
            );
        }

        static string PhoneOf(int i) => $"+7916{5_000_000 + i}";
        var inAmo = links[..ContactChanges].Select((l, i) => (l.AmoId, ClientId: l.MakId, Phone: PhoneOf(i))).ToList();
        var inMak = links[ContactChanges..(2 * ContactChanges)]
            .Select((l, i) => (l.AmoId, ClientId: l.MakId, Phone: PhoneOf(ContactChanges + i)))
            .ToList();
        report.Progress("API: changing contacts on both sides while the sync is paused");
        await ApiSession.CallAsync(
            http,
            admin,
            HttpMethod.Post,
            "/api/v1/integrations/amocrm/sync/pause",
            null,
            cancellationToken
        );
        await amo.ChangeContactsAsManagersAsync([
            .. inAmo.Select(c =>
                (
                    c.AmoId,
                    new JsonObject
                    {
                        ["custom_fields_values"] = new JsonArray(
                            new JsonObject
                            {
                                ["field_id"] = AmoSeed.ContactPhoneFieldId,
                                ["values"] = new JsonArray(
                                    new JsonObject { ["value"] = c.Phone, ["enum_code"] = "MOB" }
                                ),
                            }
                        ),
                    }
                )
            ),
        ]);
        await PatchAllAsync(
            http,
            inMak.Select(c => ($"/api/v1/clients/{c.ClientId}", $"{{\"phone\":\"{c.Phone}\"}}")),
            cancellationToken
        );
        const int FewestRequests = 2 * ((ContactChanges + 249) / 250) + (ContactChanges + 49) / 50;
        return await ResumeAndJudgeAsync(
            (options, report, amo, http, admin, connection, processId),
            ("amo-sync contacts", ContactChanges, FewestRequests),
            "SELECT count(*) FROM clients c JOIN (VALUES "
                + string.Join(',', inAmo.Select(c => $"('{c.ClientId}'::uuid, '{c.Phone}')"))
                + ") AS v(id, phone) ON v.id = c.id WHERE c.phone = v.phone",
            () => inMak.Count(c => FirstPhoneOf(amo, c.AmoId) == c.Phone),
            cancellationToken
        );
    }

    /// <summary>Once MaK's changes are on the feed, resumes the sync and runs the clock until MaK's database holds
    /// amoCRM's changes (<paramref name="inMakSql"/> counts them) and amoCRM holds MaK's
    /// (<paramref name="settledInAmo"/>), or ten minutes pass; then judges the run.</summary>
    private static async Task<bool> ResumeAndJudgeAsync(
        (
            BenchOptions Options,
            Report Report,
            FakeAmoCrm Amo,
            HttpClient Http,
            string Admin,
            string Connection,
            int ProcessId
        ) run,
        (string Name, int Changes, int FewestRequests) bench,
        string inMakSql,
        Func<int> settledInAmo,
        CancellationToken cancellationToken
    )
    {
        var (connection, amo) = (run.Connection, run.Amo);
        await WaitForAsync(connection, "SELECT count(*) FROM events WHERE sequence IS NULL", 0, cancellationToken);

        run.Report.Progress("API: resuming the sync");
        var monitor = await RunMonitor.StartAsync(connection, run.ProcessId, cancellationToken);
        var (callsBefore, hitsBefore) = (amo.Calls.Count, amo.RateLimitHits);
        var clock = Stopwatch.StartNew();
        await ApiSession.CallAsync(
            run.Http,
            run.Admin,
            HttpMethod.Post,
            "/api/v1/integrations/amocrm/sync/resume",
            null,
            cancellationToken
        );
        var (inMak, inAmo) = (0L, 0);
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while ((inMak < bench.Changes || inAmo < bench.Changes) && DateTime.UtcNow < deadline)
        {
            inMak = await Databases.CountAsync(connection, inMakSql, cancellationToken);
            inAmo = settledInAmo();
            await Task.Delay(100, cancellationToken);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var measured = await monitor.StopAsync(cancellationToken);
        return Judge(
            run.Report,
            bench.Name,
            run.Options,
            (bench.Changes, bench.FewestRequests, seconds, measured),
            (amo.Calls.Count - callsBefore, amo.RateLimitHits - hitsBefore),
            (inMak, inAmo)
        );
    }

    /// <summary>Reports a run against the rate limit's floor (<paramref name="run"/>: the fewest requests, the
    /// seconds taken and the processes' CPU) with the requests made and amoCRM's 429s, and judges it.</summary>
    private static bool Judge(
        Report report,
        string name,
        BenchOptions options,
        (int Changes, int FewestRequests, double Seconds, RunMonitor.Result Measured) run,
        (int Requests, int Hits) calls,
        (long InMak, int InAmo) settled
    )
    {
        var floor = run.FewestRequests / (double)options.AmoRate;
        var complete = settled.InMak == run.Changes && settled.InAmo == run.Changes;
        var ratio = floor / run.Seconds;
        var pass = complete && ratio >= MinRatio;
        report.Table(
            ["side", "requests", "seconds", "settled in MaK", "settled in amoCRM", "429s"],
            [
                [
                    "rate limit's floor",
                    run.FewestRequests.ToString("N0", CultureInfo.InvariantCulture),
                    floor.ToString("0.0", CultureInfo.InvariantCulture),
                    "-",
                    "-",
                    "-",
                ],
                [
                    "API",
                    calls.Requests.ToString("N0", CultureInfo.InvariantCulture),
                    run.Seconds.ToString("0.0", CultureInfo.InvariantCulture),
                    settled.InMak.ToString("N0", CultureInfo.InvariantCulture),
                    settled.InAmo.ToString("N0", CultureInfo.InvariantCulture),
                    calls.Hits.ToString(CultureInfo.InvariantCulture),
                ],
            ]
        );
        report.Line(
            $"CPU per 1,000 changes: API {run.Measured.Per(2 * run.Changes / run.Seconds / 1000)} "
                + "(server + PostgreSQL; the floor has no process of its own)"
        );
        var verdict = complete
            ? pass
                ? "PASS"
                : "FAIL"
            : $"FAIL (after 10 minutes {settled.InMak:N0} changes in MaK and {settled.InAmo:N0} in amoCRM)";
        report.Line($"{name}: floor/measured time: {ratio:0.00} (target >= {MinRatio:0.0#})  {verdict}");
        report.Judged(name, "floor/measured time", $"{ratio:0.00}", $">= {MinRatio:0.0#}", pass);
        return pass;
    }

    /// <summary>Sends each merge patch (any version), eight at a time; any refusal ends the run.</summary>
    private static Task PatchAllAsync(
        HttpClient http,
        IEnumerable<(string Path, string Body)> patches,
        CancellationToken cancellationToken
    ) =>
        Parallel.ForEachAsync(
            patches,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (patch, token) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Patch, patch.Path)
                {
                    Content = new StringContent(patch.Body, Encoding.UTF8, "application/merge-patch+json"),
                };
                request.Headers.TryAddWithoutValidation("If-Match", "*");
                using var response = await http.SendAsync(request, token);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException(
                        $"PATCH {patch.Path} answered {(int)response.StatusCode}: "
                            + await response.Content.ReadAsStringAsync(token)
                    );
                }
            }
        );

    private static string? FirstPhoneOf(FakeAmoCrm amo, long amoId) =>
        (amo.Account.Find("contacts", amoId)!["custom_fields_values"] as JsonArray ?? [])
            .FirstOrDefault(f => f!["field_id"]!.GetValue<long>() == AmoSeed.ContactPhoneFieldId)
            ?["values"]?[0]?["value"]?.GetValue<string>();

    // The seed writes prices as integers, a write as longs: read either.
    private static long PriceOf(FakeAmoCrm amo, long amoId) =>
        long.Parse(amo.Account.Find("leads", amoId)!["price"]!.ToJsonString(), CultureInfo.InvariantCulture);

    /// <summary>Links as <paramref name="sql"/> selects them: amoCRM's id, MaK's.</summary>
    private static async Task<List<(long AmoId, Guid MakId)>> LinksAsync(
        string connection,
        string sql,
        CancellationToken cancellationToken
    )
    {
        await using var source = Npgsql.NpgsqlDataSource.Create(connection);
        await using var command = source.CreateCommand(sql);
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
