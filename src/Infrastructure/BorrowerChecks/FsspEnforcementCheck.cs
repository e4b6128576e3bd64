using System.Globalization;
using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Domain.BorrowerChecks;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.BorrowerChecks;

/// <summary>ФССП's enforcement proceedings, asked as its API works: <c>GET search/physical</c> (token, region,
/// last, first and second name, birth date <c>ДД.ММ.ГГГГ</c>) answers a task; <c>GET status?task=</c> says
/// whether it is done (<c>0</c> done, <c>1</c> and <c>2</c> not yet, <c>3</c> failed); <c>GET result?task=</c> lists
/// the proceedings found per query. Every answer is wrapped in <c>{"status": "success"|"error", "code", "exception",
/// "response"}</c>.</summary>
[Singleton]
public sealed class FsspEnforcementCheck(ProviderCalls calls, IOptions<CheckProviderOptions> options)
    : IEnforcementProceedingsCheck
{
    public const string Provider = "ФССП";

    public async Task<SubmittedSearch> SubmitAsync(PersonToCheck person, CancellationToken cancellationToken)
    {
        var names = person.FullName.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var query = new Dictionary<string, string?>
        {
            ["region"] = person.Region.ToString(CultureInfo.InvariantCulture),
            ["lastname"] = names.ElementAtOrDefault(0),
            ["firstname"] = names.ElementAtOrDefault(1),
            ["secondname"] = names.Length > 2 ? string.Join(' ', names[2..]) : null,
            ["birthdate"] = person.BirthDate.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
        };
        var answer = await GetAsync("search/physical", query, cancellationToken);
        if (answer.Failure is { } failure)
        {
            return new SubmittedSearch(null, failure);
        }

        return answer.Response?["task"]?.GetValue<string>() is { Length: > 0 and <= BorrowerCheck.MaxTaskLength } task
            ? new SubmittedSearch(task, null)
            : new SubmittedSearch(null, Unreadable("search/physical"));
    }

    public async Task<CheckResult?> PollAsync(string task, CancellationToken cancellationToken)
    {
        var status = await GetAsync("status", new() { ["task"] = task }, cancellationToken);
        if (status.Failure is { } failure)
        {
            return failure;
        }

        switch (status.Response?["status"]?.GetValue<int>())
        {
            case 1 or 2:
                return null;
            case 3:
                var failed = "ФССП failed the search.";
                return CheckResult.Unavailable(BorrowerCheckUnavailableReason.ProviderError, failed);
            case 0:
                break;
            default:
                return Unreadable("status");
        }

        var result = await GetAsync("result", new() { ["task"] = task }, cancellationToken);
        if (result.Failure is { } unavailable)
        {
            return unavailable;
        }

        if (result.Response?["result"] is not JsonArray queries)
        {
            return Unreadable("result");
        }

        var found = queries
            .SelectMany(q => q?["result"] as JsonArray ?? [])
            .Select(p => p?["exe_production"]?.GetValue<string>())
            .OfType<string>()
            .ToList();
        return found.Count == 0
            ? CheckResult.Clear("ФССП found no enforcement proceedings.")
            : CheckResult.Hit($"{found.Count} enforcement proceeding(s): {string.Join("; ", found)}");
    }

    private async Task<(JsonNode? Response, CheckResult? Failure)> GetAsync(
        string path,
        Dictionary<string, string?> query,
        CancellationToken cancellationToken
    )
    {
        var endpoint = options.Value.Fssp;
        query["token"] = endpoint.Token;
        var parameters = string.Join(
            '&',
            query.Where(p => p.Value is not null).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}")
        );
        var answer = await calls.SendAsync(
            Provider,
            endpoint,
            address => new HttpRequestMessage(HttpMethod.Get, new Uri(address, $"{path}?{parameters}")),
            cancellationToken
        );
        if (answer.Failure is { } failure)
        {
            return (null, failure);
        }

        if (answer.Status != 200 || answer.Body?["status"]?.GetValue<string>() != "success")
        {
            var exception = answer.Body?["exception"]?.GetValue<string>();
            return (
                null,
                CheckResult.Unavailable(
                    BorrowerCheckUnavailableReason.ProviderError,
                    $"ФССП refused {path} ({answer.Status}): {exception}".Trim()
                )
            );
        }

        return (answer.Body?["response"], null);
    }

    private static CheckResult Unreadable(string path) =>
        CheckResult.Unavailable(
            BorrowerCheckUnavailableReason.ProviderError,
            $"ФССП's answer to {path} is unreadable."
        );
}
