using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Domain.BorrowerChecks;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.BorrowerChecks;

/// <summary>
/// ЕГРЮЛ/ЕГРИП as DaData's <c>findById/party</c> answers it: <c>POST findById/party</c> with
/// <c>Authorization: Token …</c> and <c>{"query": ОГРН or ИНН, "branch_type": "MAIN"}</c>, answered
/// <c>{"suggestions": [{"value", "data": {"type", "inn", "ogrn", "state": {"status", "liquidation_date"},
/// "invalid"}}]}</c>. The head office's record is read: <c>ACTIVE</c> without <c>invalid</c> is clear; an empty list
/// (not in the register), <c>LIQUIDATING</c>, <c>LIQUIDATED</c>, <c>BANKRUPT</c>, <c>REORGANIZING</c> or
/// <c>invalid: true</c> (ФНС marked its data unreliable, such as its address) is a hit. A 429 is its rate limit
/// (<see cref="ProviderCalls"/>), a refusal naming a captcha is one, and a status it does not know is unreadable:
/// each unavailable, never clear.
/// </summary>
[Singleton]
public sealed class EgrulCompanyCheck(ProviderCalls calls, IOptions<CheckProviderOptions> options)
    : ICompanyRegistrationCheck
{
    public const string Provider = "ЕГРЮЛ/ЕГРИП";

    private static readonly Dictionary<string, string> NotActive = new(StringComparer.Ordinal)
    {
        ["LIQUIDATING"] = "is being liquidated",
        ["LIQUIDATED"] = "is liquidated",
        ["BANKRUPT"] = "is bankrupt",
        ["REORGANIZING"] = "is being reorganised",
    };

    public async Task<CheckResult> CheckAsync(string number, CancellationToken cancellationToken)
    {
        var endpoint = options.Value.Egrul;
        if (endpoint.Token is not { Length: > 0 } token)
        {
            return CheckResult.Unavailable(
                BorrowerCheckUnavailableReason.NotConfigured,
                $"No API key is configured for {Provider}."
            );
        }

        var body = new { query = number, branch_type = "MAIN" };
        var answer = await calls.SendAsync(
            Provider,
            endpoint,
            address =>
            {
                var request = ProviderCalls.Json(HttpMethod.Post, new Uri(address, "findById/party"), body);
                request.Headers.TryAddWithoutValidation("Authorization", $"Token {token}");
                return request;
            },
            cancellationToken
        );
        if (answer.Failure is { } failure)
        {
            return failure;
        }

        if (answer.Status != 200 || answer.Body?["suggestions"] is not JsonArray found)
        {
            return Refused(answer);
        }

        if (found.Count == 0)
        {
            return CheckResult.Hit($"{Provider} has no company or ИП with this number.");
        }

        var data = found[0]?["data"];
        var name = found[0]?["value"]?.GetValue<string>();
        var ogrn = data?["ogrn"]?.GetValue<string>();
        var status = data?["state"]?["status"]?.GetValue<string>();
        var who = $"{name} (ОГРН {ogrn})";
        if (status is not null && NotActive.TryGetValue(status, out var state))
        {
            return CheckResult.Hit($"{who} {state}.");
        }

        if (status != "ACTIVE")
        {
            return CheckResult.Unavailable(
                BorrowerCheckUnavailableReason.ProviderError,
                $"{Provider} answered a status it does not document: {status}."
            );
        }

        return data?["invalid"]?.GetValue<bool>() == true
            ? CheckResult.Hit($"{who} is active, but ФНС marked some of its data unreliable.")
            : CheckResult.Clear($"{who} is active.");
    }

    private static CheckResult Refused(ProviderAnswer answer)
    {
        var message = answer.Body?["message"]?.GetValue<string>() ?? answer.Body?["detail"]?.GetValue<string>();
        return ProviderCalls.Refusal(Provider, answer, message, limitedCode: null);
    }
}
