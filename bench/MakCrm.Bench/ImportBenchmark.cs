using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Bench;

/// <summary>
/// Import of a client CSV through the API against a binary COPY of the same rows into <c>clients</c>: each side on a
/// fresh database migrated by the real migrations (indexes, constraints and all), rows per second, and the API
/// process's peak resident memory (VmHWM).
/// </summary>
internal static class ImportBenchmark
{
    public const double MinRowsRatio = 0.6;
    public const long MaxPeakRssBytes = 300L * 1024 * 1024;

    /// <summary>Npgsql's 30 s default is too short for the server to finish a large COPY (index builds) on a loaded machine.</summary>
    public static readonly TimeSpan CopyTimeout = TimeSpan.FromMinutes(30);

    public static async Task<bool> RunAsync(BenchOptions options, Report report, CancellationToken cancellationToken)
    {
        report.Heading($"Client import — API: {ImportApi.Describe}; baseline: Npgsql binary COPY into clients");
        var generation = Stopwatch.StartNew();
        var csv = await ClientCsv.EnsureAsync(options.ResultsDirectory, options.Rows, options.Seed, cancellationToken);
        report.Line(
            $"{options.Rows:N0} rows, seed {options.Seed}: {csv} ({new FileInfo(csv).Length / 1048576.0:0.0} MB; "
                + $"ready in {generation.Elapsed.TotalSeconds:0.0} s)"
        );

        var copyRate = await CopyBaselineAsync(options, report, cancellationToken);
        var api = await ApiSideAsync(options, csv, report, cancellationToken);

        report.Line("");
        report.Table(
            ["side", "rows", "seconds", "rows/s", "peak RSS MB"],
            [
                [
                    "COPY",
                    options.Rows.ToString("N0", CultureInfo.InvariantCulture),
                    copyRate.Seconds.ToString("0.0", CultureInfo.InvariantCulture),
                    copyRate.RowsPerSecond.ToString("0", CultureInfo.InvariantCulture),
                    "-",
                ],
                api is null
                    ? ["API", "-", "-", "-", "-"]
                    :
                    [
                        "API",
                        api.Created.ToString("N0", CultureInfo.InvariantCulture),
                        api.Seconds.ToString("0.0", CultureInfo.InvariantCulture),
                        api.RowsPerSecond.ToString("0", CultureInfo.InvariantCulture),
                        (api.PeakRssBytes / 1048576.0).ToString("0", CultureInfo.InvariantCulture),
                    ],
            ]
        );
        if (api is null)
        {
            report.Line($"rows/s API/COPY: -  FAIL (the API side did not run)");
            report.Line($"API peak RSS: -  FAIL (the API side did not run)");
            report.Judged("import", "rows/s API/COPY", "-", $">= {MinRowsRatio:0.0#}", false);
            return false;
        }

        var ratio = api.RowsPerSecond / copyRate.RowsPerSecond;
        var complete = api.Created == options.Rows;
        var ratioPass = complete && ratio >= MinRowsRatio;
        var memoryPass = complete && api.PeakRssBytes < MaxPeakRssBytes;
        // Per thousand rows: the API's process and PostgreSQL against COPY's (the bench process sends the rows).
        var costs = report.CpuPer(
            "1,000 rows",
            api.Monitor,
            api.RowsPerSecond / 1000,
            copyRate.Monitor,
            copyRate.RowsPerSecond / 1000,
            "COPY's server process is the bench process, which sends the rows"
        );
        var verdict = complete ? ratioPass ? "PASS" : "FAIL" : $"FAIL (created {api.Created:N0} of {options.Rows:N0})";
        report.Line($"rows/s API/COPY: {ratio:0.00} (target >= {MinRowsRatio:0.0#})  {verdict}");
        report.Line(
            $"API peak RSS (VmHWM): {api.PeakRssBytes / 1048576.0:0} MB (target < {MaxPeakRssBytes / 1048576} MB)  "
                + $"{(memoryPass ? "PASS" : "FAIL")}"
        );
        report.Judged("import", "rows/s API/COPY", $"{ratio:0.00}", $">= {MinRowsRatio:0.0#}", ratioPass, costs);
        var peak = $"{api.PeakRssBytes / 1048576.0:0} MB";
        report.Judged("import", "API peak RSS", peak, $"< {MaxPeakRssBytes / 1048576} MB", memoryPass, costs);
        return ratioPass && memoryPass;
    }

    private sealed record CopyResult(double Seconds, double RowsPerSecond, RunMonitor.Result Monitor);

    /// <summary>
    /// The rows are generated and normalised before the clock starts (as a caller who already holds clean rows would),
    /// so the COPY side is timed for the database work alone, with the same columns the import writes.
    /// </summary>
    private static async Task<CopyResult> CopyBaselineAsync(
        BenchOptions options,
        Report report,
        CancellationToken cancellationToken
    )
    {
        var database = await FreshDatabase.PrepareAsync(options, "mak_bench_import_copy", cancellationToken);
        var (connectionString, partner) = (database.Connection, database.Partner);
        report.Progress("COPY: preparing the rows");
        var rows = ClientCsv.Rows(options.Rows, options.Seed).Select(r => r.Normalized).ToArray();
        var now = DateTimeOffset.UtcNow;
        var ids = rows.Select(_ => Guid.CreateVersion7(now)).ToArray();

        report.Progress("COPY: running");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var monitor = await RunMonitor.StartAsync(connectionString, Environment.ProcessId, cancellationToken);
        var clock = Stopwatch.StartNew();
        await using (
            var copy = await connection.BeginBinaryImportAsync(
                "COPY clients (id, organization_id, full_name, phone, email, city, source, tags, created_at, "
                    + "updated_at, version) FROM STDIN (FORMAT BINARY)",
                cancellationToken
            )
        )
        {
            copy.Timeout = CopyTimeout;
            for (var i = 0; i < rows.Length; i++)
            {
                var row = rows[i];
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(ids[i], NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(partner.OrganizationId, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(row.FullName, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(row.Phone, NpgsqlDbType.Varchar, cancellationToken);
                if (row.Email is null)
                {
                    await copy.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await copy.WriteAsync(row.Email, NpgsqlDbType.Varchar, cancellationToken);
                }

                await copy.WriteAsync(row.City, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(row.Source, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(1, NpgsqlDbType.Integer, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var measured = await monitor.StopAsync(cancellationToken);
        var stored = await Databases.CountAsync(connectionString, "SELECT count(*) FROM clients", cancellationToken);
        if (stored != rows.Length)
        {
            throw new InvalidOperationException($"COPY stored {stored} rows, not {rows.Length}.");
        }

        return new CopyResult(seconds, rows.Length / seconds, measured);
    }

    private static async Task<ImportOutcome?> ApiSideAsync(
        BenchOptions options,
        string csv,
        Report report,
        CancellationToken cancellationToken
    )
    {
        var (database, process) = await FreshDatabase.StartApiAsync(options, "mak_bench_import_api", cancellationToken);
        await using var api = process;
        var (connectionString, partner) = (database.Connection, database.Partner);
        await Databases.VacuumAnalyzeAsync(connectionString, cancellationToken);

        using var handler = new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(10) };
        using var http = new HttpClient(handler) { BaseAddress = process.BaseUrl, Timeout = TimeSpan.FromMinutes(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", partner.AccessToken);
        long maxRss = 0;
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = Task.Run(
            async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    maxRss = Math.Max(maxRss, process.ResidentBytes());
                    await Task.Delay(200, CancellationToken.None);
                }
            },
            CancellationToken.None
        );

        report.Progress("API: uploading and importing");
        var monitor = await RunMonitor.StartAsync(connectionString, process.ProcessId, cancellationToken);
        var clock = Stopwatch.StartNew();
        ImportApiResult result;
        try
        {
            result = await ImportApi.RunAsync(http, csv, report, cancellationToken);
        }
        finally
        {
            await sampling.CancelAsync();
            await sampler;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var measured = await monitor.StopAsync(cancellationToken);
        if (result.Failure is not null)
        {
            report.Line($"  API: {result.Failure}");
            report.Line($"  API log: {process.LogPath}");
            return null;
        }

        var peak = process.PeakResidentBytes();
        var stored = await Databases.CountAsync(connectionString, "SELECT count(*) FROM clients", cancellationToken);
        report.Line(
            $"  API: {result.Summary}; {stored:N0} clients stored; RSS sampled every 200 ms peaked at "
                + $"{maxRss / 1048576.0:0} MB, VmHWM {peak / 1048576.0:0} MB"
        );
        return new ImportOutcome(stored, seconds, stored / seconds, peak, measured);
    }

    private sealed record ImportOutcome(
        long Created,
        double Seconds,
        double RowsPerSecond,
        long PeakRssBytes,
        RunMonitor.Result Monitor
    );
}

/// <summary>What the API answered: the rows it created, or why the import could not be measured.</summary>
internal sealed record ImportApiResult(long Created, string Summary, string? Failure);

// ============================================================================================================
// THE API SIDE OF THE IMPORT BENCHMARK — the one place to adjust after feat/transfer (POST /api/v1/imports) is
// merged. Written against its shape as it was being built: a multipart upload (file, kind=clients) answered 202 with
// the operation, then GET /api/v1/imports/{id} until its status is succeeded or failed, with counts rowsRead,
// created, duplicates, rejected. Check the field names and statuses against the merged api-spec/openapi.yaml.
// ============================================================================================================
internal static class ImportApi
{
    public const string Describe = "POST /api/v1/imports (multipart CSV, 202) and GET /api/v1/imports/{id} until done";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private static readonly ImportApiResult NotThere = new(
        0,
        "",
        "POST /api/v1/imports answered 404: this API has no import endpoint yet (it comes with feat/transfer). "
            + "The import benchmark's API side can run only after that merge; the CSV generator and the COPY "
            + "baseline ran."
    );

    public static async Task<ImportApiResult> RunAsync(
        HttpClient http,
        string csvPath,
        Report report,
        CancellationToken cancellationToken
    )
    {
        await using var file = File.OpenRead(csvPath);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("clients"), "kind");
        var fileContent = new StreamContent(file, 1 << 16);
        fileContent.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(fileContent, "file", Path.GetFileName(csvPath));

        // Expect: 100-continue, so that a refusal (404 before the merge, 413, 401) comes back before the file is sent.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/imports") { Content = form };
        request.Headers.ExpectContinue = true;
        HttpResponseMessage upload;
        try
        {
            upload = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            // The server answered and closed while the file was still being sent: ask again without a file to learn why.
            using var probe = await http.PostAsync(
                "/api/v1/imports",
                new MultipartFormDataContent(),
                cancellationToken
            );
            return probe.StatusCode == HttpStatusCode.NotFound
                ? NotThere
                : new ImportApiResult(
                    0,
                    "",
                    $"uploading the file failed ({ex.Message}); without a file the endpoint answers "
                        + $"{(int)probe.StatusCode}"
                );
        }

        using var _ = upload;
        var uploaded = await upload.Content.ReadAsStringAsync(cancellationToken);
        if (upload.StatusCode == HttpStatusCode.NotFound)
        {
            return NotThere;
        }

        if (upload.StatusCode != HttpStatusCode.Accepted)
        {
            return new ImportApiResult(
                0,
                "",
                $"POST /api/v1/imports answered {(int)upload.StatusCode} (expected 202): "
                    + $"{uploaded[..Math.Min(uploaded.Length, 1000)]}"
            );
        }

        var id = JsonNode.Parse(uploaded)!["id"]!.GetValue<Guid>();
        while (true)
        {
            await Task.Delay(PollInterval, cancellationToken);
            using var poll = await http.GetAsync($"/api/v1/imports/{id}", cancellationToken);
            var body = await poll.Content.ReadAsStringAsync(cancellationToken);
            if (!poll.IsSuccessStatusCode)
            {
                return new ImportApiResult(
                    0,
                    "",
                    $"GET /api/v1/imports/{id} answered {(int)poll.StatusCode}: {body[..Math.Min(body.Length, 1000)]}"
                );
            }

            var operation = JsonNode.Parse(body)!;
            var status = operation["status"]!.GetValue<string>();
            long Count(string name) => operation["counts"]?[name]?.GetValue<long>() ?? 0;
            report.Progress($"API import {status}: {Count("rowsRead"):N0} rows read");
            var summary =
                $"status {status}, rowsRead {Count("rowsRead"):N0}, created {Count("created"):N0}, duplicates "
                + $"{Count("duplicates"):N0}, rejected {Count("rejected"):N0}";
            switch (status)
            {
                case "succeeded":
                    return new ImportApiResult(Count("created"), summary, null);
                case "failed":
                    return new ImportApiResult(
                        0,
                        summary,
                        $"the import failed: {operation["failure"]?.ToJsonString()}"
                    );
            }
        }
    }
}
