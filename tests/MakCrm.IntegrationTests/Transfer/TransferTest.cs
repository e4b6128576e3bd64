using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MakCrm.Domain.Imports;
using MakCrm.Infrastructure.Imports;
using MakCrm.Infrastructure.Transfer;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.IntegrationTests.Transfer;

/// <summary>A server whose imports commit every two rows, so that a few rows make several batches; the worker is off.</summary>
public sealed class SmallBatchImportServer()
    : ApiServerFixture(
        new Dictionary<string, string> { ["Mak:Imports:BatchSize"] = "2", ["Mak:Imports:LeadBatchSize"] = "2" })
{
    protected override bool Shared => true;
}

/// <summary>Helpers for uploads, import runs and table files.</summary>
public abstract class TransferTest(ApiServerFixture server) : AuthTest(server)
{
    protected static async Task<HttpResponseMessage> Upload(HttpClient http, byte[] file, string fileName, string? kind = "clients", string? source = null)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(fileName.EndsWith(".xlsx", StringComparison.Ordinal) ? TransferMediaTypes.Xlsx : "text/csv");
        form.Add(content, "file", fileName);
        if (kind is not null)
        {
            form.Add(new StringContent(kind), "kind");
        }

        if (source is not null)
        {
            form.Add(new StringContent(source), "source");
        }

        return await http.PostAsync("/api/v1/imports", form);
    }

    /// <summary>Uploads the file, checks the 202 and its Location, and returns the operation's URL.</summary>
    protected static async Task<string> Queue(HttpClient http, byte[] file, string fileName, string? source = null, string kind = "clients")
    {
        var response = await Upload(http, file, fileName, kind, source);
        var operation = await ExpectJson(response, HttpStatusCode.Accepted);
        operation["status"]!.GetValue<string>().Should().Be("queued");
        response.Headers.Location!.ToString().Should().Be($"/api/v1/imports/{Id(operation)}");
        return response.Headers.Location!.ToString();
    }

    /// <summary>Runs due imports in the server, as its worker would, until none is left.</summary>
    protected Task RunImportsAsync() =>
        Server.WithServicesAsync(async services =>
        {
            var runner = services.GetRequiredService<ImportRunner>();
            while (await runner.RunNextAsync(CancellationToken.None))
            {
            }

            return 0;
        });

    /// <summary>
    /// Runs the queued import for two batches and then "crashes" — the claim stays until its lease runs out, and no other
    /// worker may take it meanwhile — then lets the lease run out and runs it to the end. Answers the operation as it was
    /// half-way and at the end (succeeded).
    /// </summary>
    protected async Task<(JsonObject HalfWay, JsonObject Done)> CrashHalfWayAndResumeAsync(string location, Func<Task>? whileCrashed = null)
    {
        var runner = Server.Services.GetRequiredService<ImportRunner>();
        (await runner.RunNextAsync(CancellationToken.None, stopAfterBatches: 2)).Should().BeTrue();
        var halfWay = await ExpectJson(await Http.GetAsync(location), HttpStatusCode.OK);
        halfWay["status"]!.GetValue<string>().Should().Be("running");
        (await runner.RunNextAsync(CancellationToken.None)).Should().BeFalse("another worker must not take an operation whose lease holds");
        if (whileCrashed is not null)
        {
            await whileCrashed();
        }

        await Sql<int>("UPDATE import_operations SET lease_expires_at = now() - interval '1 second' RETURNING 1");
        await RunImportsAsync();
        var done = await ExpectJson(await Http.GetAsync(location), HttpStatusCode.OK);
        done["status"]!.GetValue<string>().Should().Be("succeeded");
        return (halfWay, done);
    }

    protected static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");

    /// <summary>A CSV file as the exports write it (RFC 4180 quoting, a byte order mark).</summary>
    protected static async Task<byte[]> Csv(IReadOnlyList<string> header, IEnumerable<string?[]> rows)
    {
        using var buffer = new MemoryStream();
        await TableFiles.WriteCsvAsync(buffer, header, rows.ToAsyncEnumerable(), CancellationToken.None);
        return buffer.ToArray();
    }

    protected static async Task<byte[]> Xlsx(IReadOnlyList<string> header, IEnumerable<string?[]> rows)
    {
        using var buffer = new MemoryStream();
        await TableFiles.WriteXlsxAsync(buffer, header, rows.ToAsyncEnumerable(), CancellationToken.None);
        return buffer.ToArray();
    }

    /// <summary>The rows of a CSV or XLSX download, header first.</summary>
    protected static async Task<List<string?[]>> ReadTable(HttpResponseMessage response, ImportFileFormat format)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var rows = new List<string?[]>();
        await foreach (var row in TableReader.ReadAsync(new MemoryStream(bytes), format, CancellationToken.None))
        {
            rows.Add(row);
        }

        return rows;
    }

    protected static string Extension(ImportFileFormat format) => format == ImportFileFormat.Csv ? "csv" : "xlsx";

    protected static JsonObject Counts(JsonObject operation) => operation["counts"]!.AsObject();

    protected static long Count(JsonObject operation, string name) => Counts(operation)[name]!.GetValue<long>();

    protected async Task<T> Sql<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}

internal static class TransferMediaTypes
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}
