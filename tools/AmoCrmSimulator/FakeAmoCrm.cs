using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MakCrm.AmoCrmSimulator;

/// <summary>How the simulated account is set up.</summary>
public sealed record AmoSimulatorOptions
{
    /// <summary>How many leads the seed creates (contacts: four fifths of it, companies: a tenth).</summary>
    public int Leads { get; init; } = 3000;

    public int Seed { get; init; } = 47;

    /// <summary>Requests a second the integration may send before amoCRM answers 429 (7 on the basic plans).</summary>
    public int RatePerSecond { get; init; } = 7;

    /// <summary>The long-lived token's lifetime from the start (amoCRM issues them for 1 day to 5 years).</summary>
    public TimeSpan LongLivedTokenLifetime { get; init; } = TimeSpan.FromDays(365);

    public string ClientId { get; init; } = "4b2ad2b2-46c5-4e36-a3d0-0a5b7b2f8f47";

    public string ClientSecret { get; init; } = "simulator-client-secret";

    /// <summary>The OAuth redirect URI registered for the integration; null accepts the one a request names.</summary>
    public string? RedirectUri { get; init; }

    /// <summary>A write of more entities than this, or a list of leads, contacts or companies asked for with a larger
    /// <c>limit</c>, times out with 504 (null: never), as amoCRM does under load.</summary>
    public int? GatewayTimeoutAbove { get; init; }
}

/// <summary>A request the simulator answered: for assertions on what a client sent, when, and what it got.</summary>
public sealed record AmoCall(string Method, string PathAndQuery, int Status, DateTimeOffset At);

/// <summary>
/// amoCRM's API v4 (the parts a sync calls) over real HTTP on 127.0.0.1, with its wire format: HAL pages
/// (<c>_page</c>, <c>_links.self/next</c>, <c>_embedded</c>; at most 250 a page, 204 with no body for an empty one),
/// Unix-second times, <c>custom_fields_values</c> null when empty and numbers as strings, writes that move
/// <c>updated_at</c> and refuse a stale one, <c>validation-errors</c> problems, bearer auth by a long-lived token or
/// OAuth 2.0 (authorization code, 24-hour access tokens, one-time rotating refresh tokens), a rate limit answered 429
/// with an HTML page, and a switch that blocks the account (every request 403 with an HTML page). Tests drive the
/// <see cref="Clock"/>, inject faults and read <see cref="Calls"/>.
/// </summary>
public sealed class FakeAmoCrm : IAsyncDisposable
{
    public const int MaxPageSize = 250;

    /// <summary>The most leads one <c>POST /api/v4/leads/complex</c> takes.</summary>
    public const int ComplexMost = 50;
    private const string BlockedPage =
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>403 Forbidden</title></head><body>"
        + "<h1>Доступ к аккаунту ограничен</h1><p>Аккаунт заблокирован за превышение лимитов запросов к API. "
        + "Для разблокировки обратитесь в техническую поддержку.</p></body></html>";
    private const string TooManyRequestsPage =
        "<html><head><title>429 Too Many Requests</title></head><body><center><h1>429 Too Many Requests</h1>"
        + "</center><hr><center>nginx</center></body></html>";
    private const string GatewayTimeoutPage =
        "<html><head><title>504 Gateway Time-out</title></head><body><center><h1>504 Gateway Time-out</h1>"
        + "</center><hr><center>nginx</center></body></html>";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly AmoSimulatorOptions _options;
    private readonly Lock _lock = new();
    private readonly Queue<DateTimeOffset> _recent = new();
    private readonly List<AmoCall> _calls = [];
    private readonly Dictionary<string, DateTimeOffset> _accessTokens = [];
    private readonly Dictionary<string, (DateTimeOffset Expires, bool Spent)> _refreshTokens = [];
    private readonly Dictionary<string, (DateTimeOffset Expires, bool Used, string? RedirectUri)> _codes = [];
    private readonly ConcurrentQueue<(string PathPrefix, int Status)> _faults = new();
    private readonly byte[] _signingKey = RandomNumberGenerator.GetBytes(32);
    private WebApplication? _app;
    private bool _loseNextTokenAnswer;

    public FakeAmoCrm(AmoSimulatorOptions? options = null)
    {
        _options = options ?? new AmoSimulatorOptions();
        Account = new AmoAccount(Clock);
        AmoSeed.Fill(Account, _options.Leads, _options.Seed, Clock.GetUtcNow());
        LongLivedToken = Jwt(Clock.GetUtcNow() + _options.LongLivedTokenLifetime);
        _accessTokens[LongLivedToken] = Clock.GetUtcNow() + _options.LongLivedTokenLifetime;
    }

    public SimulatorClock Clock { get; } = new();

    public AmoAccount Account { get; }

    /// <summary>The webhooks registered in the account and the deliveries sent to them.</summary>
    public AmoWebhooks Webhooks { get; } = new();

    public AmoSimulatorOptions Options => _options;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The private integration's long-lived token (a JWT whose <c>exp</c> is its expiry).</summary>
    public string LongLivedToken { get; }

    /// <summary>While true, every request is answered 403 with an HTML page, as for a blocked account.</summary>
    public bool Blocked { get; set; }

    /// <summary>How many requests were refused with 429.</summary>
    public int RateLimitHits { get; private set; }

    /// <summary>How many refresh-token grants were asked for (answered or not).</summary>
    public int RefreshCalls { get; private set; }

    public IReadOnlyList<AmoCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    public async Task<FakeAmoCrm> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        _app = app;
        var address = app
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        BaseAddress = new Uri(address + "/");
        return this;
    }

    /// <summary>The next <paramref name="times"/> API requests under the path are answered with the status.</summary>
    public void FailNext(string pathPrefix, int status, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _faults.Enqueue((pathPrefix, status));
        }
    }

    /// <summary>The next token grant is carried out (a refresh token spent and a new one issued) but its answer never
    /// reaches the client: the connection is cut, as when a network fails after amoCRM acted.</summary>
    public void LoseNextTokenAnswer()
    {
        lock (_lock)
        {
            _loseNextTokenAnswer = true;
        }
    }

    /// <summary>An authorization code, as amoCRM gives once an admin allows the integration (20 minutes).</summary>
    public string IssueAuthorizationCode(string? redirectUri = null)
    {
        var code = "def502" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        lock (_lock)
        {
            _codes[code] = (Clock.GetUtcNow().AddMinutes(20), false, redirectUri);
        }

        return code;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        try
        {
            await RouteAsync(context, path);
        }
        finally
        {
            lock (_lock)
            {
                _calls.Add(
                    new AmoCall(
                        request.Method,
                        path + request.QueryString,
                        context.Response.StatusCode,
                        Clock.GetUtcNow()
                    )
                );
            }
        }
    }

    private async Task RouteAsync(HttpContext context, string path)
    {
        var method = context.Request.Method;
        if (Blocked)
        {
            await Html(context, 403, BlockedPage);
            return;
        }

        if (path == "/oauth" && method == "GET")
        {
            Authorize(context);
            return;
        }

        if (path == "/oauth2/access_token" && method == "POST")
        {
            await TokenAsync(context);
            return;
        }

        if (!path.StartsWith("/api/v4/", StringComparison.Ordinal))
        {
            await Problem(context, 404, "Not Found", "Not Found");
            return;
        }

        if (!TakeRateSlot())
        {
            await TooManyRequestsAsync(context);
            return;
        }

        if (!Authorized(context))
        {
            await Problem(context, 401, "Unauthorized", "Unauthorized");
            return;
        }

        if (
            _faults.TryPeek(out var fault)
            && path.StartsWith(fault.PathPrefix, StringComparison.Ordinal)
            && _faults.TryDequeue(out fault)
        )
        {
            await Fault(context, fault.Status);
            return;
        }

        var parts = path["/api/v4/".Length..].TrimEnd('/').Split('/');
        switch (method, parts)
        {
            case ("GET", ["account"]):
                await Hal(context, AccountJson());
                break;
            case ("GET", ["users"]):
                await UsersAsync(context);
                break;
            case ("GET", ["leads", "pipelines"]):
                await PipelinesAsync(context);
                break;
            case ("GET", [var kind, "custom_fields"]) when AmoAccount.Kinds.Contains(kind):
                await CustomFieldsAsync(context, kind);
                break;
            case ("GET", [var kind]) when AmoAccount.Kinds.Contains(kind):
                await ListAsync(context, kind);
                break;
            case ("GET", [var kind, var id])
                when AmoAccount.Kinds.Contains(kind) && long.TryParse(id, out var entityId):
                await GetAsync(context, kind, entityId);
                break;
            case ("POST", ["webhooks"]):
                await RegisterWebhookAsync(context);
                break;
            case ("POST", ["leads", "complex"]):
                await WriteComplexAsync(context);
                break;
            case ("POST" or "PATCH", [var kind]) when AmoAccount.Kinds.Contains(kind):
                await WriteAsync(context, kind, null);
                break;
            case ("PATCH", [var kind, var id])
                when AmoAccount.Kinds.Contains(kind) && long.TryParse(id, out var entityId):
                await WriteAsync(context, kind, entityId);
                break;
            default:
                await Problem(context, 404, "Not Found", "Not Found");
                break;
        }
    }

    // ---- limits and auth ----

    private bool TakeRateSlot()
    {
        lock (_lock)
        {
            var now = Clock.GetUtcNow();
            while (_recent.Count > 0 && _recent.Peek() <= now.AddSeconds(-1))
            {
                _recent.Dequeue();
            }

            if (_recent.Count >= _options.RatePerSecond)
            {
                RateLimitHits++;
                return false;
            }

            _recent.Enqueue(now);
            return true;
        }
    }

    private bool Authorized(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        lock (_lock)
        {
            return _accessTokens.TryGetValue(header["Bearer ".Length..], out var expires)
                && expires > Clock.GetUtcNow();
        }
    }

    // ---- OAuth ----

    private void Authorize(HttpContext context)
    {
        var query = context.Request.Query;
        var redirect = _options.RedirectUri ?? query["redirect_uri"].ToString();
        if (query["client_id"] != _options.ClientId || redirect.Length == 0)
        {
            context.Response.StatusCode = 400;
            return;
        }

        var code = IssueAuthorizationCode(redirect);
        var referer = $"{BaseAddress.Host}:{BaseAddress.Port}";
        var separator = redirect.Contains('?') ? '&' : '?';
        context.Response.Redirect(
            $"{redirect}{separator}code={code}&state={Uri.EscapeDataString(query["state"].ToString())}"
                + $"&referer={referer}&client_id={_options.ClientId}&from_widget=1"
        );
    }

    private async Task TokenAsync(HttpContext context)
    {
        var body = await ReadTokenRequestAsync(context.Request);
        string Field(string name) => body.TryGetValue(name, out var v) ? v : "";
        if (Field("client_id") != _options.ClientId || Field("client_secret") != _options.ClientSecret)
        {
            await OAuthProblem(context, 401, "Client authentication failed");
            return;
        }

        var now = Clock.GetUtcNow();
        bool lose;
        lock (_lock)
        {
            switch (Field("grant_type"))
            {
                case "authorization_code":
                    if (!_codes.TryGetValue(Field("code"), out var code) || code.Used || code.Expires <= now)
                    {
                        goto revokedCode;
                    }

                    if (code.RedirectUri is { } uri && uri != Field("redirect_uri"))
                    {
                        goto revokedCode;
                    }

                    _codes[Field("code")] = code with { Used = true };
                    break;
                case "refresh_token":
                    RefreshCalls++;
                    if (
                        !_refreshTokens.TryGetValue(Field("refresh_token"), out var refresh)
                        || refresh.Spent
                        || refresh.Expires <= now
                    )
                    {
                        goto revokedToken;
                    }

                    _refreshTokens[Field("refresh_token")] = refresh with { Spent = true };
                    break;
                default:
                    goto badGrant;
            }

            lose = _loseNextTokenAnswer;
            _loseNextTokenAnswer = false;
        }

        var access = Jwt(now.AddDays(1));
        var newRefresh = "def50200" + Convert.ToHexString(RandomNumberGenerator.GetBytes(48)).ToLowerInvariant();
        lock (_lock)
        {
            _accessTokens[access] = now.AddDays(1);
            _refreshTokens[newRefresh] = (now.AddMonths(3), false);
        }

        if (lose)
        {
            context.Abort();
            return;
        }

        await Write(
            context,
            200,
            "application/json",
            new JsonObject
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = 86400,
                ["access_token"] = access,
                ["refresh_token"] = newRefresh,
                ["server_time"] = now.ToUnixTimeSeconds(),
            }
        );
        return;

        revokedCode:
        await OAuthProblem(context, 400, "Authorization code has been revoked");
        return;
        revokedToken:
        await OAuthProblem(context, 401, "Token has been revoked");
        return;
        badGrant:
        await OAuthProblem(context, 400, "Unsupported grant type");
    }

    private static async Task<Dictionary<string, string>> ReadTokenRequestAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            return form.ToDictionary(f => f.Key, f => f.Value.ToString());
        }

        try
        {
            var json = await JsonNode.ParseAsync(request.Body) as JsonObject;
            return json?.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "") ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    // amoCRM's tokens are JWTs; a client may read the expiry from `exp`, the signature it cannot check.
    private string Jwt(DateTimeOffset expires)
    {
        var now = Clock.GetUtcNow().ToUnixTimeSeconds();
        var payload = new JsonObject
        {
            ["aud"] = _options.ClientId,
            ["jti"] = Guid.NewGuid().ToString(),
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["sub"] = AmoSeed.FirstUserId.ToString(CultureInfo.InvariantCulture),
            ["grant_type"] = "",
            ["account_id"] = AmoSeed.AccountId,
            ["base_domain"] = "amocrm.ru",
            ["version"] = 2,
            ["scopes"] = new JsonArray("crm", "notifications"),
        };
        var head =
            Base64Url("{\"typ\":\"JWT\",\"alg\":\"HS256\"}"u8.ToArray())
            + "."
            + Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return head + "." + Base64Url(HMACSHA256.HashData(_signingKey, Encoding.ASCII.GetBytes(head)));
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // ---- reading ----

    private JsonObject AccountJson() =>
        new()
        {
            ["id"] = AmoSeed.AccountId,
            ["name"] = "МаК — головной офис",
            ["subdomain"] = "makhq",
            ["current_user_id"] = AmoSeed.FirstUserId,
            ["country"] = "RU",
            ["currency"] = "RUB",
            ["currency_symbol"] = "₽",
            ["customers_mode"] = "disabled",
            ["is_unsorted_on"] = true,
            ["is_loss_reason_enabled"] = true,
            ["is_helpbot_enabled"] = false,
            ["is_technical_account"] = false,
            ["contact_name_display_order"] = 1,
            ["_links"] = Links(Href("/api/v4/account")),
        };

    private async Task UsersAsync(HttpContext context)
    {
        var (page, limit) = PageOf(context.Request.Query);
        var users = Account
            .Users.Skip((page - 1) * limit)
            .Take(limit)
            .Select(u => new JsonObject
            {
                ["id"] = u.Id,
                ["name"] = u.Name,
                ["email"] = u.Email,
                ["lang"] = "ru",
                ["rights"] = new JsonObject
                {
                    ["is_admin"] = u.IsAdmin,
                    ["is_free"] = false,
                    ["is_active"] = true,
                },
                ["_links"] = Links(Href($"/api/v4/users/{u.Id}")),
            })
            .ToArray();
        var more = Account.Users.Count > page * limit;
        await PageAsync(
            context,
            "users",
            users,
            page,
            more,
            new JsonObject
            {
                ["_total_items"] = Account.Users.Count,
                ["_page_count"] = (Account.Users.Count + limit - 1) / limit,
            }
        );
    }

    private async Task PipelinesAsync(HttpContext context)
    {
        var pipelines = Account
            .Pipelines.Select(p => new JsonObject
            {
                ["id"] = p.Id,
                ["name"] = p.Name,
                ["sort"] = p.Sort,
                ["is_main"] = p.IsMain,
                ["is_unsorted_on"] = true,
                ["is_archive"] = false,
                ["account_id"] = AmoSeed.AccountId,
                ["_links"] = Links(Href($"/api/v4/leads/pipelines/{p.Id}")),
                ["_embedded"] = new JsonObject
                {
                    ["statuses"] = new JsonArray([
                        .. p.Statuses.Select(s =>
                            (JsonNode)
                                new JsonObject
                                {
                                    ["id"] = s.Id,
                                    ["name"] = s.Name,
                                    ["sort"] = s.Sort,
                                    ["is_editable"] = s.IsEditable,
                                    ["pipeline_id"] = s.PipelineId,
                                    ["color"] = s.Color,
                                    ["type"] = s.Type,
                                    ["account_id"] = AmoSeed.AccountId,
                                    ["_links"] = Links(Href($"/api/v4/leads/pipelines/{p.Id}/statuses/{s.Id}")),
                                }
                        ),
                    ]),
                },
            })
            .ToArray();
        await Hal(
            context,
            new JsonObject
            {
                ["_total_items"] = pipelines.Length,
                ["_links"] = Links(Href("/api/v4/leads/pipelines")),
                ["_embedded"] = new JsonObject { ["pipelines"] = new JsonArray(pipelines) },
            }
        );
    }

    private async Task CustomFieldsAsync(HttpContext context, string kind)
    {
        var (page, limit) = PageOf(context.Request.Query);
        var all = Account.Fields(kind);
        var fields = all.Skip((page - 1) * limit)
            .Take(limit)
            .Select(f => new JsonObject
            {
                ["id"] = f.Id,
                ["name"] = f.Name,
                ["type"] = f.Type,
                ["account_id"] = AmoSeed.AccountId,
                ["code"] = f.Code,
                ["sort"] = f.Sort,
                ["is_api_only"] = false,
                ["group_id"] = null,
                ["required_statuses"] = new JsonArray(),
                ["is_deletable"] = f.Code is null,
                ["is_predefined"] = f.Code is not null,
                ["entity_type"] = kind,
                ["remind"] = null,
                ["hidden_statuses"] = new JsonArray(),
                ["enums"] =
                    f.Enums.Count == 0
                        ? null
                        : new JsonArray([
                            .. f.Enums.Select(e =>
                                (JsonNode)
                                    new JsonObject
                                    {
                                        ["id"] = e.Id,
                                        ["value"] = e.Value,
                                        ["sort"] = e.Sort,
                                    }
                            ),
                        ]),
                ["_links"] = Links(Href($"/api/v4/{kind}/custom_fields/{f.Id}")),
            })
            .ToArray();
        await PageAsync(
            context,
            "custom_fields",
            fields,
            page,
            all.Count > page * limit,
            new JsonObject { ["_total_items"] = all.Count }
        );
    }

    private async Task ListAsync(HttpContext context, string kind)
    {
        var query = context.Request.Query;
        var (page, limit) = PageOf(query);
        if (_options.GatewayTimeoutAbove is { } most && limit > most)
        {
            await Fault(context, 504);
            return;
        }

        // filter[id], filter[id][] and filter[id][0]: one id or several, also comma-separated.
        HashSet<long> Filter(string name)
        {
            var values = new HashSet<long>();
            foreach (
                var key in query.Keys.Where(k =>
                    k == $"filter[{name}]" || k.StartsWith($"filter[{name}][", StringComparison.Ordinal)
                )
            )
            {
                foreach (var value in query[key].SelectMany(v => (v ?? "").Split(',')))
                {
                    if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                    {
                        values.Add(id);
                    }
                }
            }

            return values;
        }

        var orderKey = query.Keys.FirstOrDefault(k => k.StartsWith("order[", StringComparison.Ordinal));
        var orderBy = orderKey is null ? "id" : orderKey["order[".Length..].TrimEnd(']');
        var descending = orderKey is not null && query[orderKey] == "desc";
        var (rows, more) = Account.List(
            kind,
            new EntityQuery(
                page,
                limit,
                Filter("id"),
                Filter("pipeline_id"),
                Unix(query["filter[updated_at][from]"]),
                Unix(query["filter[updated_at][to]"]),
                orderBy,
                descending
            )
        );
        var with = query["with"].ToString().Split(',');
        await PageAsync(context, kind, [.. rows.Select(e => Render(kind, e, with))], page, more, []);
    }

    private async Task GetAsync(HttpContext context, string kind, long id)
    {
        if (Account.Find(kind, id) is not { } entity)
        {
            context.Response.StatusCode = 204;
            return;
        }

        await Hal(context, Render(kind, entity, context.Request.Query["with"].ToString().Split(',')));
    }

    private JsonObject Render(string kind, JsonObject entity, string[] with)
    {
        var embedded = entity["_embedded"]!.AsObject();
        if (kind == "leads" && !with.Contains("contacts"))
        {
            embedded.Remove("contacts");
        }

        foreach (var (linkedKind, links) in embedded.Where(p => p.Key is "contacts" or "companies").ToList())
        {
            foreach (var link in links!.AsArray())
            {
                link!["_links"] = Links(Href($"/api/v4/{linkedKind}/{link["id"]}"));
            }
        }

        entity["_links"] = Links(Href($"/api/v4/{kind}/{entity["id"]}"));
        return entity;
    }

    private static (int Page, int Limit) PageOf(IQueryCollection query)
    {
        var page =
            int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        var limit =
            int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l > 0 ? l : 50;
        return (page, Math.Min(limit, MaxPageSize));
    }

    private static long? Unix(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    private async Task PageAsync(
        HttpContext context,
        string name,
        JsonObject[] items,
        int page,
        bool more,
        JsonObject extra
    )
    {
        if (items.Length == 0)
        {
            // amoCRM answers an empty page with 204 and no body.
            context.Response.StatusCode = 204;
            return;
        }

        var links = new JsonObject { ["self"] = Link(PageHref(context, page)) };
        if (more)
        {
            links["next"] = Link(PageHref(context, page + 1));
        }

        if (page > 1)
        {
            links["first"] = Link(PageHref(context, 1));
            links["prev"] = Link(PageHref(context, page - 1));
        }

        var body = new JsonObject { ["_page"] = page };
        foreach (var (key, value) in extra.ToList())
        {
            extra.Remove(key);
            body[key] = value;
        }

        body["_links"] = links;
        body["_embedded"] = new JsonObject { [name] = new JsonArray(items) };
        await Hal(context, body);
    }

    private string PageHref(HttpContext context, int page)
    {
        var pairs = context
            .Request.Query.Where(q => q.Key != "page")
            .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Prepend($"page={page}");
        return Href(context.Request.Path + "?" + string.Join('&', pairs));
    }

    // ---- writing ----

    private async Task WriteAsync(HttpContext context, string kind, long? id)
    {
        if (await ItemsAsync(context, id, MaxPageSize) is not { } items)
        {
            return;
        }

        var statuses = kind == "leads" && context.Request.Method == "PATCH" ? StatusesOf(items) : [];
        var (written, errors) = Account.Write(kind, items, context.Request.Method == "POST");
        if (errors.Count > 0)
        {
            await ValidationProblem(context, errors);
            return;
        }

        foreach (var w in written)
        {
            var entityId = w["id"]!.GetValue<long>();
            if (kind == "leads")
            {
                Webhooks.LeadChanged(
                    Account.Find(kind, entityId)!,
                    statuses.GetValueOrDefault(entityId),
                    context.Request.Method == "POST"
                );
            }
            else if (kind == "contacts")
            {
                Webhooks.ContactChanged(Account.Find(kind, entityId)!, context.Request.Method == "POST");
            }
        }

        foreach (var w in written)
        {
            w["_links"] = Links(Href($"/api/v4/{kind}/{w["id"]}"));
        }

        if (id is not null)
        {
            written[0].Remove("request_id");
            await Hal(context, written[0]);
            return;
        }

        await Hal(
            context,
            new JsonObject
            {
                ["_links"] = Links(Href(context.Request.Path)),
                ["_embedded"] = new JsonObject { [kind] = new JsonArray([.. written]) },
            }
        );
    }

    /// <summary>A write's items: the body's array (or its one object, given the id of the path), or nothing when
    /// the answer was already a problem (not JSON, empty, more than <paramref name="most"/> items, a gateway
    /// timeout).</summary>
    private async Task<JsonArray?> ItemsAsync(HttpContext context, long? id, int most)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body);
        }
        catch (JsonException)
        {
            await Problem(context, 400, "Bad Request", "Request body is not valid JSON");
            return null;
        }

        if (id is { } single)
        {
            if (body is not JsonObject item)
            {
                await Problem(context, 400, "Bad Request", "Request body must be an object");
                return null;
            }

            item["id"] = single;
            body = new JsonArray(item.DeepClone());
        }

        if (body is not JsonArray items || items.Count == 0)
        {
            await Problem(context, 400, "Bad Request", "Request body must be a non-empty array");
            return null;
        }

        if (items.Count > most)
        {
            await Problem(context, 400, "Bad Request", $"Too many entities: at most {most} in one request");
            return null;
        }

        if (_options.GatewayTimeoutAbove is { } timeoutAbove && items.Count > timeoutAbove)
        {
            await Fault(context, 504);
            return null;
        }

        return items;
    }

    // Leads created with their contacts; amoCRM answers the complex write with a plain JSON array, not HAL.
    private async Task WriteComplexAsync(HttpContext context)
    {
        if (await ItemsAsync(context, null, ComplexMost) is not { } items)
        {
            return;
        }

        var (written, errors) = Account.WriteComplex(items);
        if (errors.Count > 0)
        {
            await ValidationProblem(context, errors);
            return;
        }

        foreach (var w in written)
        {
            Webhooks.LeadChanged(Account.Find("leads", w["id"]!.GetValue<long>())!, null, added: true);
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonArray([.. written]).ToJsonString(Json));
    }

    /// <summary>
    /// Changes a lead as a manager in amoCRM's interface would: the fields of <paramref name="changes"/> written by
    /// <paramref name="userId"/>, <c>updated_at</c> now, and the webhooks sent (and answered before this returns,
    /// unless held).
    /// </summary>
    public Task ChangeLeadAsManagerAsync(long leadId, JsonObject changes, long userId = AmoSeed.FirstUserId) =>
        ChangeLeadsAsManagersAsync([(leadId, changes)], userId);

    /// <summary>Changes many leads as <see cref="ChangeLeadAsManagerAsync"/> changes one, their webhooks sent
    /// together.</summary>
    public async Task ChangeLeadsAsManagersAsync(
        IReadOnlyList<(long LeadId, JsonObject Changes)> leads,
        long userId = AmoSeed.FirstUserId
    )
    {
        foreach (var (leadId, changes) in leads)
        {
            changes["id"] = leadId;
            var old = Account.Find("leads", leadId)!["status_id"]?.GetValue<long>();
            var (_, errors) = Account.Write("leads", [changes], create: false, userId);
            if (errors.Count > 0)
            {
                throw new InvalidOperationException($"amoCRM refused the change: {errors[0].Path} {errors[0].Detail}");
            }

            Webhooks.LeadChanged(Account.Find("leads", leadId)!, old);
        }

        await Webhooks.DeliveredAsync();
    }

    /// <summary>
    /// Changes a contact as a manager in amoCRM's interface would: the fields of <paramref name="changes"/> (a name,
    /// <c>custom_fields_values</c>) written by <paramref name="userId"/>, <c>updated_at</c> now, and the webhook sent
    /// (and answered before this returns, unless held).
    /// </summary>
    public Task ChangeContactAsManagerAsync(long contactId, JsonObject changes, long userId = AmoSeed.FirstUserId) =>
        ChangeContactsAsManagersAsync([(contactId, changes)], userId);

    /// <summary>Changes many contacts as <see cref="ChangeContactAsManagerAsync"/> changes one, their webhooks sent
    /// together.</summary>
    public async Task ChangeContactsAsManagersAsync(
        IReadOnlyList<(long ContactId, JsonObject Changes)> contacts,
        long userId = AmoSeed.FirstUserId
    )
    {
        foreach (var (contactId, changes) in contacts)
        {
            changes["id"] = contactId;
            var (_, errors) = Account.Write("contacts", [changes], create: false, userId);
            if (errors.Count > 0)
            {
                throw new InvalidOperationException($"amoCRM refused the change: {errors[0].Path} {errors[0].Detail}");
            }

            Webhooks.ContactChanged(Account.Find("contacts", contactId)!);
        }

        await Webhooks.DeliveredAsync();
    }

    /// <summary>
    /// Creates leads as a manager in amoCRM's interface would: each item as <c>POST /api/v4/leads/complex</c> takes it
    /// (with a new or existing contact in <c>_embedded.contacts</c>), made by <paramref name="userId"/>, and the
    /// <c>add</c> webhooks sent (and answered before this returns, unless held). Answers the new leads' ids.
    /// </summary>
    public async Task<List<long>> CreateLeadsAsManagerAsync(JsonArray items, long userId = AmoSeed.FirstUserId)
    {
        var (written, errors) = Account.WriteComplex(items, userId);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"amoCRM refused the leads: {errors[0].Path} {errors[0].Detail}");
        }

        List<long> ids = [.. written.Select(w => w["id"]!.GetValue<long>())];
        foreach (var id in ids)
        {
            Webhooks.LeadChanged(Account.Find("leads", id)!, null, added: true);
        }

        await Webhooks.DeliveredAsync();
        return ids;
    }

    private Dictionary<long, long?> StatusesOf(JsonArray items) =>
        items
            .OfType<JsonObject>()
            .Select(i => i["id"] is JsonValue v && v.TryGetValue(out long id) ? id : 0)
            .Where(id => id > 0)
            .Distinct()
            .ToDictionary(id => id, id => Account.Find("leads", id)?["status_id"]?.GetValue<long>());

    private async Task RegisterWebhookAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
        var destination = body?["destination"]?.ToString();
        if (destination is null || !Uri.TryCreate(destination, UriKind.Absolute, out _))
        {
            await ValidationProblem(
                context,
                [new AmoValidationError("0", "NotBlank", "destination", "This value should not be blank.")]
            );
            return;
        }

        string[] settings = [.. (body!["settings"] as JsonArray ?? []).Select(s => s?.ToString() ?? "")];
        await Write(context, 201, "application/hal+json", Webhooks.Register(destination, settings));
    }

    // ---- answers ----

    private string Href(string pathAndQuery) => BaseAddress.ToString().TrimEnd('/') + pathAndQuery;

    private static JsonObject Link(string href) => new() { ["href"] = href };

    private static JsonObject Links(string self) => new() { ["self"] = Link(self) };

    private static Task Hal(HttpContext context, JsonObject body) => Write(context, 200, "application/hal+json", body);

    private static Task Problem(HttpContext context, int status, string title, string detail) =>
        Write(
            context,
            status,
            "application/problem+json",
            new JsonObject
            {
                ["title"] = title,
                ["type"] = $"https://httpstatus.es/{status}",
                ["status"] = status,
                ["detail"] = detail,
            }
        );

    private static Task OAuthProblem(HttpContext context, int status, string hint) =>
        Write(
            context,
            status,
            "application/problem+json",
            new JsonObject
            {
                ["hint"] = hint,
                ["title"] = "Некорректный запрос",
                ["type"] = "https://developers.amocrm.ru/v3/errors/OAuthProblemJson",
                ["status"] = status,
                ["detail"] = "В запросе отсутствует ряд параметров или параметры невалидны",
            }
        );

    private static Task ValidationProblem(HttpContext context, List<AmoValidationError> errors) =>
        Write(
            context,
            400,
            "application/problem+json",
            new JsonObject
            {
                ["validation-errors"] = new JsonArray([
                    .. errors
                        .GroupBy(e => e.RequestId)
                        .Select(g =>
                            (JsonNode)
                                new JsonObject
                                {
                                    ["request_id"] = g.Key,
                                    ["errors"] = new JsonArray([
                                        .. g.Select(e =>
                                            (JsonNode)
                                                new JsonObject
                                                {
                                                    ["code"] = e.Code,
                                                    ["path"] = e.Path,
                                                    ["detail"] = e.Detail,
                                                }
                                        ),
                                    ]),
                                }
                        ),
                ]),
                ["title"] = "Bad Request",
                ["type"] = "https://httpstatus.es/400",
                ["status"] = 400,
                ["detail"] = "Request validation failed",
            }
        );

    private static Task Fault(HttpContext context, int status) =>
        status switch
        {
            429 => TooManyRequestsAsync(context),
            403 => Html(context, 403, BlockedPage),
            504 => Html(context, 504, GatewayTimeoutPage),
            _ => Problem(context, status, "Error", "Injected fault"),
        };

    // amoCRM's own 429 often comes without Retry-After; the simulator sends one (a second, its window) so that the
    // client's reading of it is exercised, and the client falls back to a second when it is absent.
    private static Task TooManyRequestsAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "1";
        return Html(context, 429, TooManyRequestsPage);
    }

    private static async Task Html(HttpContext context, int status, string page)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(page);
    }

    private static async Task Write(HttpContext context, int status, string contentType, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body.ToJsonString(Json));
    }

    public async ValueTask DisposeAsync()
    {
        await Webhooks.DisposeAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
