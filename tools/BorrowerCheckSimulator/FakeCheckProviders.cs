using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MakCrm.BorrowerCheckSimulator;

/// <summary>What the next answer of a provider is, instead of the real one.</summary>
public enum ProviderFault
{
    /// <summary>ФНС asks for a captcha: 422 with <c>{"code": "captcha.required"}</c>.</summary>
    Captcha,

    /// <summary>ФНС's own limit: 422 with <c>{"code": "taxpayer.status.service.limited.error"}</c>.</summary>
    Limited,

    /// <summary>A 503 with an HTML page, as the gateway in front of the service answers.</summary>
    ServerError,

    /// <summary>No answer for <see cref="FakeCheckProviders.HangFor"/>: the caller's timeout runs out first.</summary>
    Hang,

    /// <summary>DaData's limit of requests a second: 429 with an empty body.</summary>
    TooManyRequests,
}

/// <summary>A company or ИП as DaData's <c>findById/party</c> describes it: <c>LEGAL</c> or <c>INDIVIDUAL</c>, its
/// <c>state.status</c> (<c>ACTIVE</c>, <c>LIQUIDATING</c>, <c>LIQUIDATED</c>, <c>BANKRUPT</c>, <c>REORGANIZING</c>)
/// and whether ФНС marked its data unreliable (<c>invalid</c>).</summary>
public sealed record FakeParty(string Name, string Inn, string Ogrn, string Status = "ACTIVE", bool Invalid = false)
{
    public string Type => Ogrn.Length == 15 ? "INDIVIDUAL" : "LEGAL";
}

/// <summary>A request a fake answered: for assertions on what a client sent.</summary>
public sealed record ProviderCall(string Method, string PathAndQuery, string? Body, int Status);

/// <summary>
/// ФНС's self-employed status service (<c>POST /api/v1/tracker/taxpayer_status</c>, <c>{"inn","requestDate"}</c> →
/// <c>{"status","message"}</c>) and ФССП's enforcement proceedings API under <c>/fssp/</c> (<c>search/physical</c>
/// answers a task, <c>status</c> says it is not ready for <see cref="NotReadyPolls"/> polls, then <c>result</c> lists
/// the proceedings of the last names in <see cref="Debtors"/>), and DaData's <c>POST /dadata/findById/party</c>
/// answering the <see cref="Parties"/> by ОГРН or ИНН, each in its provider's wire format on 127.0.0.1.
/// Tests queue faults and read the calls.
/// </summary>
public sealed class FakeCheckProviders : IAsyncDisposable
{
    private const string Payer =
        "плательщиком налога на профессиональный доход";
    private readonly ConcurrentQueue<ProviderFault> _faults = new();
    private readonly ConcurrentQueue<ProviderCall> _calls = new();
    private readonly ConcurrentDictionary<string, (string LastName, int Polls)> _tasks = new();
    private WebApplication? _app;

    /// <summary>The ИНН of persons who pay the professional income tax.</summary>
    public ConcurrentDictionary<string, bool> SelfEmployed { get; } = new();

    /// <summary>Last names (upper case) with enforcement proceedings, and the proceedings' numbers.</summary>
    public ConcurrentDictionary<string, string> Debtors { get; } = new();

    /// <summary>The companies and ИП ЕГРЮЛ/ЕГРИП has; any other number is not found.</summary>
    public ConcurrentBag<FakeParty> Parties { get; } = [];

    /// <summary>The API key DaData wants (<c>Authorization: Token …</c>).</summary>
    public string DadataToken { get; set; } = "simulator-dadata-key";

    /// <summary>How many status polls of a task answer "in progress" before it is done.</summary>
    public int NotReadyPolls { get; set; } = 1;

    public TimeSpan HangFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The token ФССП's API wants.</summary>
    public string FsspToken { get; set; } = "simulator-fssp-token";

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>ФССП's API root.</summary>
    public Uri FsspAddress => new(BaseAddress, "fssp/");

    /// <summary>DaData's suggestions API root (<c>findById/party</c> under it).</summary>
    public Uri DadataAddress => new(BaseAddress, "dadata/");

    public IReadOnlyList<ProviderCall> Calls => [.. _calls];

    /// <summary>Forgets the faults, the calls, the tasks and the people set up, and makes tasks ready after one
    /// poll.</summary>
    public void Reset()
    {
        _faults.Clear();
        _calls.Clear();
        _tasks.Clear();
        SelfEmployed.Clear();
        Debtors.Clear();
        Parties.Clear();
        NotReadyPolls = 1;
    }

    public void FailNext(ProviderFault fault, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _faults.Enqueue(fault);
        }
    }

    public async Task<FakeCheckProviders> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        // Typed as Delegate, so that each answer's IResult is written (a RequestDelegate would discard it).
        Delegate taxpayerStatus = TaxpayerStatus,
            search = Search,
            status = Status,
            result = Result,
            party = Party;
        app.MapPost("/api/v1/tracker/taxpayer_status", taxpayerStatus);
        app.MapGet("/fssp/search/physical", search);
        app.MapGet("/fssp/status", status);
        app.MapGet("/fssp/result", result);
        app.MapPost("/dadata/findById/party", party);
        await app.StartAsync();
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(address.First() + "/");
        return this;
    }

    private async Task<IResult> TaxpayerStatus(HttpContext http)
    {
        var text = await new StreamReader(http.Request.Body).ReadToEndAsync();
        if (await FaultAsync(http, text) is { } faulted)
        {
            return faulted;
        }

        var body = JsonNode.Parse(text);
        var inn = body?["inn"]?.GetValue<string>() ?? "";
        var date = body?["requestDate"]?.GetValue<string>();
        if (inn.Length != 12 || date is null)
        {
            return Answer(
                http,
                text,
                422,
                new JsonObject { ["code"] = "validation.failed", ["message"] = "Некорректный ИНН" }
            );
        }

        var self = SelfEmployed.ContainsKey(inn);
        return Answer(
            http,
            text,
            200,
            new JsonObject
            {
                ["status"] = self,
                ["message"] = $"{inn} {(self ? "является" : "не является")} {Payer}",
            }
        );
    }

    private async Task<IResult> Search(HttpContext http)
    {
        if (await FaultAsync(http, null) is { } faulted)
        {
            return faulted;
        }

        if (Refused(http) is { } refused)
        {
            return refused;
        }

        // ФССП searches the bailiffs of one region, numbered 1 to 99, and refuses a search without one.
        if (!int.TryParse(http.Request.Query["region"], out var region) || region is < 1 or > 99)
        {
            return Error(http, "Параметр region должен быть числом от 1 до 99");
        }

        var task = Guid.NewGuid().ToString();
        _tasks[task] = ((http.Request.Query["lastname"].ToString()).ToUpperInvariant(), 0);
        return Fssp(http, new JsonObject { ["task"] = task });
    }

    private async Task<IResult> Status(HttpContext http)
    {
        if (await FaultAsync(http, null) is { } faulted)
        {
            return faulted;
        }

        if (Refused(http) is { } refused)
        {
            return refused;
        }

        var id = http.Request.Query["task"].ToString();
        if (!_tasks.TryGetValue(id, out var task))
        {
            return Error(http, "Задача не найдена");
        }

        _tasks[id] = task with { Polls = task.Polls + 1 };
        var done = task.Polls >= NotReadyPolls;
        return Fssp(http, new JsonObject { ["status"] = done ? 0 : 2, ["progress"] = done ? "1 of 1" : "0 of 1" });
    }

    private async Task<IResult> Result(HttpContext http)
    {
        if (await FaultAsync(http, null) is { } faulted)
        {
            return faulted;
        }

        if (Refused(http) is { } refused)
        {
            return refused;
        }

        if (!_tasks.TryGetValue(http.Request.Query["task"].ToString(), out var task))
        {
            return Error(http, "Задача не найдена");
        }

        var found = new JsonArray();
        if (Debtors.TryGetValue(task.LastName, out var number))
        {
            found.Add(
                new JsonObject
                {
                    ["name"] = $"{task.LastName} 01.01.1980",
                    ["exe_production"] = number,
                    ["details"] = "Судебный приказ от 01.02.2024",
                    ["subject"] = "Задолженность по кредитным платежам: 125000 руб.",
                    ["department"] = "ОСП по Центральному АО № 1",
                    ["bailiff"] = "ИВАНОВА А. А.",
                    ["ip_end"] = "",
                }
            );
        }

        var result = new JsonArray
        {
            new JsonObject
            {
                ["status"] = 0,
                ["query"] = new JsonObject { ["type"] = 1 },
                ["result"] = found,
            },
        };
        return Fssp(http, new JsonObject { ["status"] = 0, ["result"] = result });
    }

    private async Task<IResult> Party(HttpContext http)
    {
        var text = await new StreamReader(http.Request.Body).ReadToEndAsync();
        if (await FaultAsync(http, text) is { } faulted)
        {
            return faulted;
        }

        if (http.Request.Headers.Authorization != $"Token {DadataToken}")
        {
            var denied = new JsonObject
            {
                ["family"] = "CLIENT_ERROR",
                ["reason"] = "Forbidden",
                ["message"] = "",
            };
            return Answer(http, text, 403, denied);
        }

        var query = JsonNode.Parse(text)?["query"]?.GetValue<string>() ?? "";
        var found = new JsonArray();
        foreach (var party in Parties.Where(p => p.Ogrn == query || p.Inn == query))
        {
            found.Add(
                new JsonObject
                {
                    ["value"] = party.Name,
                    ["unrestricted_value"] = party.Name,
                    ["data"] = new JsonObject
                    {
                        ["type"] = party.Type,
                        ["branch_type"] = party.Type == "LEGAL" ? "MAIN" : null,
                        ["inn"] = party.Inn,
                        ["ogrn"] = party.Ogrn,
                        ["state"] = new JsonObject
                        {
                            ["status"] = party.Status,
                            ["registration_date"] = 1029456000000,
                            ["liquidation_date"] = party.Status == "LIQUIDATED" ? 1704067200000 : null,
                        },
                        ["invalid"] = party.Invalid ? true : null,
                    },
                }
            );
        }

        return Answer(http, text, 200, new JsonObject { ["suggestions"] = found });
    }

    private IResult? Refused(HttpContext http) =>
        http.Request.Query["token"] == FsspToken ? null : Error(http, "Неверный токен");

    private IResult Fssp(HttpContext http, JsonObject response) =>
        Answer(
            http,
            null,
            200,
            new JsonObject
            {
                ["status"] = "success",
                ["code"] = 0,
                ["exception"] = "",
                ["response"] = response,
            }
        );

    private IResult Error(HttpContext http, string exception) =>
        Answer(
            http,
            null,
            400,
            new JsonObject
            {
                ["status"] = "error",
                ["code"] = 400,
                ["exception"] = exception,
                ["response"] = null,
            }
        );

    private async Task<IResult?> FaultAsync(HttpContext http, string? body)
    {
        if (!_faults.TryDequeue(out var fault))
        {
            return null;
        }

        switch (fault)
        {
            case ProviderFault.Captcha:
                return Answer(
                    http,
                    body,
                    422,
                    new JsonObject { ["code"] = "captcha.required", ["message"] = "Введите код" }
                );
            case ProviderFault.Limited:
                return Answer(
                    http,
                    body,
                    422,
                    new JsonObject
                    {
                        ["code"] = "taxpayer.status.service.limited.error",
                        ["message"] = "Превышено количество запросов к сервису",
                    }
                );
            case ProviderFault.TooManyRequests:
                Record(http, body, 429);
                return Results.StatusCode(429);
            case ProviderFault.Hang:
                Record(http, body, 0);
                await Task.Delay(HangFor, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return Results.StatusCode(504);
            default:
                Record(http, body, 503);
                return Results.Content(
                    "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>",
                    "text/html",
                    statusCode: 503
                );
        }
    }

    private IResult Answer(HttpContext http, string? body, int status, JsonObject json)
    {
        Record(http, body, status);
        return Results.Content(json.ToJsonString(), "application/json", statusCode: status);
    }

    private void Record(HttpContext http, string? body, int status) =>
        _calls.Enqueue(
            new ProviderCall(http.Request.Method, http.Request.Path + http.Request.QueryString, body, status)
        );

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
