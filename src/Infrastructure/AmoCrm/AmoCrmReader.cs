using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Contracts;
using MakCrm.Domain.Common;

namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>
/// The connected account read through <see cref="AmoCrmApi"/>: lists paged by amoCRM's HAL pages, 250 a page (its
/// most), each next page the one <c>_links.next</c> names, until a page has no <c>next</c> or amoCRM answers 204 (its
/// empty page). Values are read as amoCRM sends them: numbers that come as strings, <c>custom_fields_values</c> that is
/// <c>null</c> when empty.
/// </summary>
internal sealed class AmoCrmReader(IAmoCrmAccount account, AmoCrmApi api) : IAmoCrmReader
{
    /// <summary>amoCRM's largest page.</summary>
    public const int PageSize = 250;

    public Task<Result<AmoCrmSnapshot>> CatalogueAsync(CancellationToken cancellationToken) =>
        ReadAsync(
            async (reading, ct) =>
            {
                var pipelines = new List<AmoCrmPipeline>();
                await reading.EachAsync("api/v4/leads/pipelines", "pipelines", p => pipelines.Add(Pipeline(p)), ct);
                var users = new List<AmoCrmUser>();
                await reading.EachAsync($"api/v4/users?limit={PageSize}", "users", u => users.Add(User(u)), ct);
                var fields = new List<AmoCrmField>();
                foreach (
                    var (entity, kind) in new[] { (AmoCrmEntity.Leads, "leads"), (AmoCrmEntity.Contacts, "contacts") }
                )
                {
                    await reading.EachAsync(
                        $"api/v4/{kind}/custom_fields?limit={PageSize}",
                        "custom_fields",
                        f => fields.Add(Field(entity, f)),
                        ct
                    );
                }

                return new AmoCrmSnapshot(reading.AccountId, new AmoCrmCatalogue(pipelines, users, fields));
            },
            cancellationToken
        );

    public Task<Result<AmoCrmRecords>> RecordsAsync(CancellationToken cancellationToken) =>
        ReadAsync(
            async (reading, ct) =>
            {
                var contacts = new List<AmoCrmContactRecord>();
                await reading.EachAsync(
                    $"api/v4/contacts?limit={PageSize}&order[id]=asc",
                    "contacts",
                    c => contacts.Add(new AmoCrmContactRecord(Long(c["id"]), Text(c["name"]) ?? "", Values(c))),
                    ct
                );
                var companies = 0;
                await reading.EachAsync(
                    $"api/v4/companies?limit={PageSize}&order[id]=asc",
                    "companies",
                    _ => companies++,
                    ct
                );
                var leads = new List<AmoCrmLeadRecord>();
                await reading.EachAsync(
                    $"api/v4/leads?limit={PageSize}&order[id]=asc&with=contacts",
                    "leads",
                    l => leads.Add(Lead(l)),
                    ct
                );
                return new AmoCrmRecords(contacts, companies, leads);
            },
            cancellationToken
        );

    /// <summary>Runs a read against the connected account, answering why it could not be made.</summary>
    private async Task<Result<T>> ReadAsync<T>(
        Func<Reading, CancellationToken, Task<T>> read,
        CancellationToken cancellationToken
    )
    {
        if (await account.CurrentAsync(cancellationToken) is not { } connection)
        {
            return Application.AmoCrm.AmoCrmConnectionRules.NotConnected;
        }

        try
        {
            return await read(new Reading(api, connection), cancellationToken);
        }
        catch (Exception e) when (Failure(e) is { } error)
        {
            return error;
        }
    }

    /// <summary>Why a call to amoCRM could not be made, as the API answers it; null for any other exception.</summary>
    internal static Error? Failure(Exception exception) =>
        exception switch
        {
            AmoCrmReauthRequiredException { State: AmoCrmConnections.Blocked } => AmoCrmAuthorization.Blocked,
            AmoCrmReauthRequiredException e => AmoCrmAuthorization.Refused(e.Message),
            AmoCrmUnavailableException or AmoCrmUnexpectedAnswerException => AmoCrmAuthorization.Unreachable(
                exception.Message
            ),
            _ => null,
        };

    /// <summary>One read of the connection's account: pages followed by their <c>next</c> links.</summary>
    private sealed class Reading(AmoCrmApi api, AmoCrmConnectionView connection)
    {
        private readonly Uri _baseUrl = new(connection.BaseUrl);

        public long AccountId => connection.AccountId;

        public async Task EachAsync(string first, string embedded, Action<JsonObject> each, CancellationToken ct)
        {
            string? next = first;
            while (next is not null)
            {
                var answer = await api.GetAsync(connection.Id, connection.AccountId, _baseUrl, next, ct);
                if (answer.Status == HttpStatusCode.NoContent)
                {
                    return;
                }

                if (answer.Status != HttpStatusCode.OK || answer.Body?["_embedded"]?[embedded] is not JsonArray items)
                {
                    throw new AmoCrmUnexpectedAnswerException($"amoCRM answered {(int)answer.Status} to GET {next}");
                }

                foreach (var item in items.OfType<JsonObject>())
                {
                    each(item);
                }

                next = NextOf(answer.Body["_links"]?["next"]?["href"]);
            }
        }

        // The next page's address, relative to the account's (amoCRM names it in full, on its own host).
        private string? NextOf(JsonNode? href) =>
            Text(href) is { } text && Uri.TryCreate(text, UriKind.Absolute, out var url)
                ? url.PathAndQuery.TrimStart('/')
                : null;
    }

    private static AmoCrmPipeline Pipeline(JsonObject p) =>
        new(
            Long(p["id"]),
            Text(p["name"]) ?? "",
            p["is_main"]?.GetValueKind() == JsonValueKind.True,
            [
                .. (p["_embedded"]?["statuses"] as JsonArray ?? [])
                    .OfType<JsonObject>()
                    .Select(s => new AmoCrmStatus(Long(s["id"]), Text(s["name"]) ?? "", (int)Long(s["type"]))),
            ]
        );

    private static AmoCrmUser User(JsonObject u) => new(Long(u["id"]), Text(u["name"]) ?? "", Text(u["email"]), null);

    private static AmoCrmField Field(AmoCrmEntity entity, JsonObject f) =>
        new(
            Long(f["id"]),
            entity,
            Text(f["name"]) ?? "",
            Text(f["type"]) ?? "",
            Text(f["code"]),
            [
                .. (f["enums"] as JsonArray ?? [])
                    .OfType<JsonObject>()
                    .Select(e => new AmoCrmFieldEnum(Long(e["id"]), Text(e["value"]) ?? "")),
            ]
        );

    internal static AmoCrmLeadRecord Lead(JsonObject l)
    {
        var contacts = (l["_embedded"]?["contacts"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var main =
            contacts.FirstOrDefault(c => c["is_main"]?.GetValueKind() == JsonValueKind.True)
            ?? contacts.FirstOrDefault();
        return new AmoCrmLeadRecord(
            Long(l["id"]),
            Long(l["pipeline_id"]),
            Long(l["status_id"]),
            Long(l["responsible_user_id"]) is var user and > 0 ? user : null,
            main is null ? null : Long(main["id"]),
            Values(l)
        );
    }

    internal static List<AmoCrmFieldValues> Values(JsonObject entity) =>
        [
            .. (entity["custom_fields_values"] as JsonArray ?? [])
                .OfType<JsonObject>()
                .Select(f => new AmoCrmFieldValues(
                    Long(f["field_id"]),
                    [
                        .. (f["values"] as JsonArray ?? [])
                            .OfType<JsonObject>()
                            .Select(v => new AmoCrmFieldValue(
                                Text(v["value"]),
                                Long(v["enum_id"]) is var id and > 0 ? id : null,
                                Text(v["enum_code"])
                            )),
                    ]
                )),
        ];

    /// <summary>A number amoCRM sent as a number or as a string; 0 when absent.</summary>
    internal static long Long(JsonNode? node) =>
        node?.GetValueKind() switch
        {
            JsonValueKind.Number => node.GetValue<long>(),
            JsonValueKind.String
                when long.TryParse(
                    node.GetValue<string>(),
                    NumberStyles.Integer,
                    CultureInfo.InvariantCulture,
                    out var n
                ) => n,
            _ => 0,
        };

    /// <summary>A value as text: strings as they are, numbers and booleans in their JSON spelling.</summary>
    internal static string? Text(JsonNode? node) =>
        node?.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => node.ToJsonString(),
            _ => null,
        };
}

/// <summary>amoCRM answered a read with something that is not the page asked for.</summary>
internal sealed class AmoCrmUnexpectedAnswerException(string message) : Exception(message);
