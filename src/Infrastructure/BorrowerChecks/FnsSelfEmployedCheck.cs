using System.Globalization;
using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Domain.BorrowerChecks;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.BorrowerChecks;

/// <summary>ФНС's self-employed status: <c>POST api/v1/tracker/taxpayer_status</c> with
/// <c>{"inn","requestDate"}</c>, answered <c>{"status": true|false, "message"}</c>; a refusal is a 4xx with
/// <c>{"code","message"}</c> — a captcha asked for, or its own limit (<c>taxpayer.status.service.limited.error</c>),
/// both unavailable.</summary>
[Singleton]
public sealed class FnsSelfEmployedCheck(ProviderCalls calls, IOptions<CheckProviderOptions> options)
    : ISelfEmployedCheck
{
    public const string Provider = "ФНС (НПД)";
    private const string LimitedCode = "taxpayer.status.service.limited.error";

    public async Task<CheckResult> CheckAsync(string inn, DateOnly on, CancellationToken cancellationToken)
    {
        var body = new { inn, requestDate = on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        var answer = await calls.SendAsync(
            Provider,
            options.Value.Fns,
            address => ProviderCalls.Json(HttpMethod.Post, new Uri(address, "api/v1/tracker/taxpayer_status"), body),
            cancellationToken
        );
        if (answer.Failure is { } failure)
        {
            return failure;
        }

        // ФНС repeats the ИНН in its message: the check keeps the message without it (only the request's hash).
        var message = answer.Body?["message"]?.GetValue<string>()?.Replace(inn, "ИНН", StringComparison.Ordinal);
        if (answer.Status == 200 && answer.Body?["status"]?.GetValue<bool>() is { } selfEmployed)
        {
            return selfEmployed ? CheckResult.Hit(message) : CheckResult.Clear(message);
        }

        return ProviderCalls.Refusal(Provider, answer, message, LimitedCode);
    }
}
