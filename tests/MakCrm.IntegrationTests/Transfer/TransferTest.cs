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
public sealed class SmallBatchImportServer() : ApiServerFixture(new Dictionary<string, string> { ["Mak:Imports:BatchSize"] = "2", ["Mak:Imports:LeadBatchSize"] = "2" });

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
