using System.Diagnostics;
using System.Text.Json;
using MakCrm.Application.Clients;
using MakCrm.Application.Common;
using MakCrm.Application.CustomFields;
using MakCrm.Application.Leads;
using MakCrm.Application.PersonalData;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.Domain.Leads;
using MakCrm.Infrastructure.Auditing;
using MakCrm.Infrastructure.Persistence;
using MakCrm.WebApi.Http;
using MakCrm.WebApi.Wire;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Bench;

/// <summary>
/// The raw side of the list benchmark: the least code that answers <c>GET /api/v1/leads</c> as the API does for the
/// benchmark's searches — a minimal endpoint in a process of its own (<see cref="BaselineProcess"/>, on the API's
/// path, no authentication, no logging) that sends the repository's captured statement with the parameters the
/// repository made of that request (looked up by the request's query string: the searches are known in advance, and
/// the lookup stands for the API's reading of <c>q</c>, <c>status</c> and <c>limit</c>) by prepared raw Npgsql, reads
/// each row into the lead the API's list reads, and writes the page the API writes: the API's paging
/// (<see cref="ListPaging"/>, whose next cursor is the API's), contract type, JSON options and writer. The benchmark
/// checks, before the load, that every search's page is the API's byte for byte. The leads it lists have no
/// responsible user, so no name is looked up on either side. Like the API, it logs the read of the page's leads as
/// personal data (one line per lead, by the API's own statement, the reader being the API's signed-in
/// administrator): the benchmark checks that both sides write as many lines for each search.
/// </summary>
internal static class RawList
{
    public const string Command = "serve-list-baseline";

    // The stored JSON columns as the API's persistence reads them (IntegrationColumns).
    private static readonly JsonSerializerOptions StoredJson = new(JsonSerializerDefaults.Web);

    /// <summary>The raw endpoint's standard input: the statement, its parameters, each search's values.</summary>
    internal sealed record Input(
        string Sql,
        int Limit,
        List<Parameter> Parameters,
        Dictionary<string, JsonElement[]> Values,
        Guid ReaderUserId = default,
        Guid ReaderOrganizationId = default,
        CustomFieldSort? Sort = null);

    internal sealed record Parameter(string Name, NpgsqlDbType Type);

    /// <summary>The statement and, for each request's query string, its parameters' values as captured.</summary>
    public static Input For(
        string sql,
        int limit,
        IEnumerable<(string QueryString, ListBenchmark.Statement Statement)> searches,
        (Guid UserId, Guid OrganizationId) reader,
        CustomFieldSort? sort = null)
    {
        List<Parameter>? parameters = null;
        var values = new Dictionary<string, JsonElement[]>(StringComparer.Ordinal);
        foreach (var (queryString, statement) in searches)
        {
            var these = statement.Parameters.Select(p => new Parameter(p.Name, p.Type)).ToList();
            parameters ??= these;
            if (statement.Sql != sql || !these.SequenceEqual(parameters))
            {
                throw new InvalidOperationException($"The search {queryString} was listed by another statement.");
            }

            values[queryString] = [.. statement.Parameters.Select(p => JsonSerializer.SerializeToElement(p.Value))];
        }

        return new Input(sql, limit, parameters ?? [], values, reader.UserId, reader.OrganizationId, sort);
    }

    public static Task<int> ServeAsync(string[] args) =>
        BaselineProcess.ServeAsync<Input>(args, (dataSource, input, app) =>
        {
            var values = input.Values.ToDictionary(
                v => v.Key,
                v => v.Value.Select((value, i) => Value(value, input.Parameters[i].Type)).ToArray(),
                StringComparer.Ordinal);
            var sort = ListPaging.Prepare(LeadSorts.Catalog, null, null, input.Limit, input.Sort).Value.Sort;
            app.MapGet("/api/v1/leads", async (HttpRequest request, CancellationToken cancellationToken) =>
            {
                if (!values.TryGetValue(request.QueryString.Value ?? "", out var parameters))
                {
                    return Results.BadRequest();
                }

                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                await using var command = new NpgsqlCommand(input.Sql, connection);
                for (var i = 0; i < parameters.Length; i++)
                {
                    var (name, type) = input.Parameters[i];
                    command.Parameters.Add(
                        new NpgsqlParameter { ParameterName = name, NpgsqlDbType = type, Value = parameters[i] });
                }

                await command.PrepareAsync(cancellationToken);
                var rows = new List<LeadDto>(input.Limit + 1);
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        rows.Add(Lead(reader));
                    }
                }

                var page = ListPaging.ToPage(LeadSorts.Catalog, sort, rows, input.Limit, l => l.Id);
                if (page.Items.Count > 0)
                {
                    await using var read = new NpgsqlCommand(PersonalDataReads.Insert, connection);
                    var now = DateTimeOffset.UtcNow;
                    var lineIds = page.Items.Select(_ => Guid.CreateVersion7(now));
                    read.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Uuid, lineIds));
                    read.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Uuid, page.Items.Select(l => l.Id)));
                    read.Parameters.Add(SqlParameters.Instant(now));
                    read.Parameters.Add(SqlParameters.Uuid(input.ReaderUserId));
                    read.Parameters.Add(SqlParameters.Text(null));
                    read.Parameters.Add(SqlParameters.Uuid(input.ReaderOrganizationId));
                    read.Parameters.Add(SqlParameters.Text(PersonalDataSubjects.Lead));
                    read.Parameters.Add(SqlParameters.Text(PersonalDataAccess.List));
                    read.Parameters.Add(SqlParameters.Text(request.HttpContext.Connection.RemoteIpAddress?.ToString()));
                    read.Parameters.Add(SqlParameters.Text(ActivityTraceId.CreateRandom().ToHexString()));
                    await read.ExecuteNonQueryAsync(cancellationToken);
                }

                return (IResult)JsonAnswer.Ok(LeadPage.From(page));
            });
            return Task.CompletedTask;
        }, services => services.ConfigureHttpJsonOptions(o => WireJson.Configure(o.SerializerOptions)));

    /// <summary>
    /// A row of the repository's statement (its columns in its order: the lead, whether it has a consent and the
    /// consent, its custom field values, whether the client is readable and its summary) as the lead the API's list
    /// reads. The values are answered as the API answers the seed's: narrowed to the fields defined, all of them.
    /// </summary>
    private static LeadDto Lead(NpgsqlDataReader row) => new(
        row.GetGuid(0),
        row.GetGuid(1),
        row.GetGuid(2),
        row.IsDBNull(3) ? null : row.GetDecimal(3),
        row.IsDBNull(4) ? null : SnakeCaseNames<LoanProduct>.Stored(row.GetString(4)),
        row.IsDBNull(5) ? null : row.GetString(5),
        row.GetString(6),
        row.IsDBNull(7) ? null : row.GetGuid(7),
        row.IsDBNull(8) ? null : row.GetGuid(8),
        row.GetFieldValue<DateTimeOffset>(9),
        row.GetFieldValue<DateTimeOffset>(10),
        row.GetInt32(11),
        row.IsDBNull(12) ? null : row.GetString(12),
        row.IsDBNull(13) ? null : JsonSerializer.Deserialize<Attribution>(row.GetString(13), StoredJson),
        JsonSerializer.Deserialize<Dictionary<string, string>>(row.GetString(14), StoredJson) ?? [],
        row.GetBoolean(15) ? null : new LeadConsent(row.GetFieldValue<DateTimeOffset>(16), row.GetString(17)))
    {
        CustomFields = new CustomFieldValues(row.GetString(18), Narrowed: true),
        Client = row.GetBoolean(19)
            ? null
            : new Contracts.ClientSummary(row.GetGuid(20), row.GetString(21), row.GetString(22)),
    };

    /// <summary>A captured parameter's value as its type takes it (the list's: text, text arrays, integers).</summary>
    private static object Value(JsonElement value, NpgsqlDbType type) =>
        type.HasFlag(NpgsqlDbType.Array) ? value.Deserialize<string[]>()!
        : value.ValueKind == JsonValueKind.String ? value.GetString()!
        : value.ValueKind == JsonValueKind.Number ? value.GetInt32()
        : throw new InvalidOperationException($"The list sends no parameter of type {type} with the value {value}.");
}
