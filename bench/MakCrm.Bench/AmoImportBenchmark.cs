using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MakCrm.AmoCrmSimulator;

namespace MakCrm.Bench;

/// <summary>
/// The initial amoCRM import of head office's account (10,000 leads with their contacts and companies) from the
/// simulator at amoCRM's 7 requests a second. amoCRM's rate limit is the floor no importer can go below: the baseline
/// is the time the requests the import made need at that rate, and the import is judged by that time divided by the
/// time it took, from the request that starts it until a read of it (every 100 ms) finds it finished. Every lead the
/// dry run said the import would bring must be in MaK afterwards.
/// </summary>
internal static class AmoImportBenchmark
{
    public const double MinRatio = 0.9;
    private const string Database = "mak_bench_amo_import";

    public static async Task<bool> RunAsync(BenchOptions options, Report report, CancellationToken cancellationToken)
    {
        var leads = options.AmoLeads;
        report.Heading(
            $"amoCRM import — API: {leads:N0} leads with contacts from the simulator at "
                + $"{options.AmoRate} requests/s; baseline: the import's requests at that rate"
        );
        await using var amo = await new FakeAmoCrm(
            new AmoSimulatorOptions
            {
                Leads = leads,
                Seed = options.Seed,
                RatePerSecond = options.AmoRate,
            }
        ).StartAsync();
        var accountLeads = amo.Account.Count("leads");
        report.Line(
            $"account: {accountLeads:N0} leads, {amo.Account.Count("contacts"):N0} contacts, "
                + $"{amo.Account.Count("companies"):N0} companies, {amo.Account.Users.Count} users"
        );

        // The worker looks for a queued import every 200 ms instead of every 5 s, so that the measured time is the
        // import's and not the poll's.
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
            }
        );
        using var http = new HttpClient { BaseAddress = api.BaseUrl, Timeout = TimeSpan.FromMinutes(5) };
        var admin = await ConnectedAsync(http, amo, connection, cancellationToken);
        // The dry run says which leads the import will bring: those without a contact MaK can take (a MaK lead is a
        // borrower's) are skipped, by the same rule in both.
        var preview = await http.GetFromJsonAsync<JsonObject>(
            "/api/v1/integrations/amocrm/import-preview",
            cancellationToken
        );
        var expected = preview!["leads"]!["create"]!.GetValue<int>() + preview["leads"]!["link"]!.GetValue<int>();
        var reasons = preview["skipped"]!
            .AsArray()
            .Where(s => s!["entity"]!.GetValue<string>() == "leads")
            .GroupBy(s => s!["reason"]!.GetValue<string>())
            .Select(g => $"{g.Key} {g.Count()}");
        report.Line(
            $"dry run: {expected:N0} leads to import, {preview["leads"]!["skip"]} to skip "
                + $"(of the first 100 skipped: {string.Join(", ", reasons)})"
        );

        report.Progress("API: importing");
        var monitor = await RunMonitor.StartAsync(connection, api.ProcessId, cancellationToken);
        var callsBefore = amo.Calls.Count;
        var clock = Stopwatch.StartNew();
        var started = await ApiSession.CallAsync(
            http,
            admin,
            HttpMethod.Post,
            "/api/v1/integrations/amocrm/imports",
            new { },
            cancellationToken
        );
        var id = started!["id"]!.GetValue<Guid>();
        var import = await WaitAsync(http, id, report, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var measured = await monitor.StopAsync(cancellationToken);

        var requests = amo.Calls.Count - callsBefore;
        var floor = requests / (double)options.AmoRate;
        var linked = await Databases.CountAsync(
            connection,
            "SELECT count(*) FROM amocrm_links WHERE entity = 'leads'",
            cancellationToken
        );
        var status = import["status"]!.GetValue<string>();
        var complete = status == "succeeded" && linked == expected;
        var ratio = floor / seconds;
        var pass = complete && ratio >= MinRatio;
        report.Table(
            ["side", "requests", "seconds", "leads in MaK", "429s"],
            [
                [
                    "rate limit's floor",
                    requests.ToString("N0", CultureInfo.InvariantCulture),
                    floor.ToString("0.0", CultureInfo.InvariantCulture),
                    "-",
                    "-",
                ],
                [
                    "API",
                    requests.ToString("N0", CultureInfo.InvariantCulture),
                    seconds.ToString("0.0", CultureInfo.InvariantCulture),
                    linked.ToString("N0", CultureInfo.InvariantCulture),
                    amo.RateLimitHits.ToString(CultureInfo.InvariantCulture),
                ],
            ]
        );
        report.Line(
            $"CPU per 1,000 leads: API {measured.Per(accountLeads / seconds / 1000)} (server + PostgreSQL; the floor "
                + "has no process of its own)"
        );
        var verdict = complete
            ? pass
                ? "PASS"
                : "FAIL"
            : $"FAIL (import {status}, {linked:N0} leads in MaK, the dry run said {expected:N0})";
        report.Line($"floor/measured time: {ratio:0.00} (target >= {MinRatio:0.0#})  {verdict}");
        report.Judged("amo-import", "floor/measured time", $"{ratio:0.00}", $">= {MinRatio:0.0#}", pass);
        return pass;
    }

    /// <summary>The bootstrap administrator enrolled and signed in on <paramref name="http"/>, the simulator's account
    /// connected with its long-lived token and mapped (<see cref="SaveMappingAsync"/>); answers the access token.
    /// </summary>
    internal static async Task<string> ConnectedAsync(
        HttpClient http,
        FakeAmoCrm amo,
        string databaseConnection,
        CancellationToken cancellationToken
    )
    {
        var (admin, _) = await ApiSession.EnrolAdminAsync(http, cancellationToken);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        await ApiSession.CallAsync(
            http,
            admin,
            HttpMethod.Post,
            "/api/v1/integrations/amocrm/connection",
            new { baseUrl = amo.BaseAddress.ToString(), token = amo.LongLivedToken },
            cancellationToken
        );
        await SaveMappingAsync(http, amo, databaseConnection, cancellationToken);
        return admin;
    }

    /// <summary>Every status of every pipeline to a new lead, the first amoCRM user to the administrator, and the
    /// contacts' phone and e-mail fields: every lead of the account is imported.</summary>
    private static async Task SaveMappingAsync(
        HttpClient http,
        FakeAmoCrm amo,
        string databaseConnection,
        CancellationToken cancellationToken
    )
    {
        var adminId = await ApiSession.UserIdAsync(databaseConnection, ApiProcess.AdminEmail, cancellationToken);
        var statuses = amo
            .Account.Pipelines.SelectMany(p =>
                p.Statuses.Select(s => new
                {
                    amoPipelineId = p.Id,
                    amoStatusId = s.Id,
                    leadStatus = "new",
                    stageId = (Guid?)null,
                })
            )
            .ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/integrations/amocrm/mapping")
        {
            Content = JsonContent.Create(
                new
                {
                    statuses,
                    users = new[] { new { amoUserId = AmoSeed.FirstUserId, userId = adminId } },
                    fields = new object[]
                    {
                        ContactField(AmoSeed.ContactPhoneFieldId, "phone"),
                        ContactField(AmoSeed.ContactEmailFieldId, "email"),
                    },
                }
            ),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"Saving the amoCRM mapping answered {(int)response.StatusCode}: "
                    + await response.Content.ReadAsStringAsync(cancellationToken)
            );
        }
    }

    private static object ContactField(long fieldId, string target) =>
        new
        {
            amoFieldId = fieldId,
            entity = "contacts",
            target,
            customFieldId = (Guid?)null,
        };

    internal static async Task<JsonObject> WaitAsync(
        HttpClient http,
        Guid id,
        Report report,
        CancellationToken cancellationToken
    )
    {
        var progress = Stopwatch.StartNew();
        while (true)
        {
            var import = await http.GetFromJsonAsync<JsonObject>(
                $"/api/v1/integrations/amocrm/imports/{id}",
                cancellationToken
            );
            var status = import!["status"]!.GetValue<string>();
            if (status is "succeeded" or "failed")
            {
                return import;
            }

            if (progress.Elapsed > TimeSpan.FromSeconds(10))
            {
                var read = import["checkpoints"]!
                    .AsArray()
                    .Select(c => $"{c!["entity"]} {c["read"]}")
                    .Aggregate((a, b) => $"{a}, {b}");
                report.Progress($"API: {status}, read {read}");
                progress.Restart();
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
