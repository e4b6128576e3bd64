using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MakCrm.TelegramSimulator;

/// <summary>An SMS a fake provider took: which provider, the number as sent (digits), the text, the sender name and the
/// id it answered.</summary>
public sealed record SmsMessage(string Provider, string To, string Text, string? From, string Id, DateTimeOffset At);

/// <summary>
/// Two Russian SMS providers' HTTP APIs on 127.0.0.1, as far as sending goes, answering as they answer:
/// SMS.ru's <c>/sms/send</c> (GET or a POSTed form: <c>api_id</c>, <c>to</c> as digits, <c>msg</c>, <c>from</c>,
/// <c>json=1</c>; a wrong <c>api_id</c> is <c>status_code</c> 200, a number that is not a Russian mobile one 202 on the
/// number) and SMSC's <c>/sys/send.php</c> (<c>login</c> and <c>psw</c> or <c>apikey</c>, <c>phones</c>, <c>mes</c>,
/// <c>sender</c>, <c>fmt=3</c> for JSON; a wrong login is <c>error_code</c> 2, a wrong number 7). The balance goes
/// down by one SMS's price per part. <see cref="FailNext"/> makes the next call of either answer an error of the service
/// itself with that code (SMS.ru's 220 or SMSC's 9, say).
/// </summary>
public sealed class FakeSmsProviders : IAsyncDisposable
{
    public const string SmsRu = "SmsRu";
    public const string Smsc = "Smsc";

    private const decimal PricePerPart = 3.75m;

    private readonly Lock _lock = new();
    private readonly List<SmsMessage> _sent = [];
    private readonly Queue<int> _faults = new();
    private WebApplication? _app;
    private int _next;

    public FakeSmsProviders(string apiId = "FAKE-0000-SMSRU-API-ID") => ApiId = apiId;

    public string ApiId { get; }

    public string SmscLogin { get; } = "mak-crm";

    public string SmscPassword { get; } = "fake-smsc-password";

    public decimal Balance { get; private set; } = 1000m;

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<SmsMessage> Sent
    {
        get
        {
            lock (_lock)
            {
                return [.. _sent];
            }
        }
    }

    public async Task<FakeSmsProviders> StartAsync(int port = 0)
    {
        (_app, BaseAddress) = await LoopbackHost.StartAsync(
            port,
            app =>
            {
                app.MapMethods("/sms/send", ["GET", "POST"], (Delegate)SmsRuSendAsync);
                app.MapMethods("/sys/send.php", ["GET", "POST"], (Delegate)SmscSendAsync);
            }
        );
        return this;
    }

    /// <summary>The next call answers this <c>status_code</c> as an error of the whole request.</summary>
    public void FailNext(int statusCode)
    {
        lock (_lock)
        {
            _faults.Enqueue(statusCode);
        }
    }

    /// <summary>Waits until an SMS to <paramref name="to"/> (digits, or E.164) arrives, and answers it.</summary>
    public async Task<SmsMessage> NextTo(string to, TimeSpan? timeout = null)
    {
        var number = to.TrimStart('+');
        var until = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTimeOffset.UtcNow < until)
        {
            if (Sent.LastOrDefault(m => m.To == number) is { } message)
            {
                return message;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No SMS to {to} arrived.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static async Task<Dictionary<string, string>> FieldsAsync(HttpRequest request)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query)
        {
            fields[key] = value.ToString();
        }

        if (request.HasFormContentType)
        {
            foreach (var (key, value) in await request.ReadFormAsync())
            {
                fields[key] = value.ToString();
            }
        }

        return fields;
    }

    private static bool IsRussianMobile(string number) =>
        number.Length == 11 && number.StartsWith("79", StringComparison.Ordinal) && number.All(char.IsAsciiDigit);

    /// <summary>Records a taken SMS and charges it; answers its id.</summary>
    private string Take(string provider, string number, string text, string? from)
    {
        var id = $"{202611:D6}-{Interlocked.Increment(ref _next):D8}";
        _sent.Add(new SmsMessage(provider, number, text, from, id, DateTimeOffset.UtcNow));
        Balance -= PricePerPart * Parts(text);
        return id;
    }

    private async Task<IResult> SmsRuSendAsync(HttpContext context)
    {
        var fields = await FieldsAsync(context.Request);
        lock (_lock)
        {
            if (_faults.TryDequeue(out var fault))
            {
                return SmsRuError(fault, "Сервис временно недоступен");
            }

            if (!fields.TryGetValue("api_id", out var apiId) || apiId != ApiId)
            {
                return SmsRuError(200, "Неправильный api_id");
            }

            if (!fields.TryGetValue("to", out var to) || !fields.TryGetValue("msg", out var text) || text.Length == 0)
            {
                return SmsRuError(205, "Сообщение пустое или не указан получатель");
            }

            var numbers = new JsonObject();
            foreach (var number in to.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                numbers[number] = IsRussianMobile(number)
                    ? new JsonObject { ["status"] = "OK", ["status_code"] = 100, ["sms_id"] = Take(SmsRu, number, text, fields.GetValueOrDefault("from")) }
                    : new JsonObject { ["status"] = "ERROR", ["status_code"] = 202, ["status_text"] = "Неправильно указан номер телефона получателя" };
            }

            return Results.Json(
                new JsonObject
                {
                    ["status"] = "OK",
                    ["status_code"] = 100,
                    ["sms"] = numbers,
                    ["balance"] = decimal.Parse(Balance.ToString("0.00", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
                }
            );
        }
    }

    private async Task<IResult> SmscSendAsync(HttpContext context)
    {
        var fields = await FieldsAsync(context.Request);
        lock (_lock)
        {
            if (_faults.TryDequeue(out var fault))
            {
                return SmscError(fault, "too many requests");
            }

            var signedIn = fields.GetValueOrDefault("apikey") == SmscPassword
                || (fields.GetValueOrDefault("login") == SmscLogin && fields.GetValueOrDefault("psw") == SmscPassword);
            if (!signedIn)
            {
                return SmscError(2, "authorise error");
            }

            if (!fields.TryGetValue("phones", out var phones) || !fields.TryGetValue("mes", out var text) || text.Length == 0)
            {
                return SmscError(1, "parameters error");
            }

            var numbers = phones.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (numbers.Length == 0 || !numbers.All(IsRussianMobile))
            {
                return SmscError(7, "invalid number");
            }

            foreach (var number in numbers)
            {
                Take(Smsc, number, text, fields.GetValueOrDefault("sender"));
            }

            return Results.Json(new JsonObject { ["id"] = _next, ["cnt"] = numbers.Length * Parts(text) });
        }
    }

    /// <summary>How many SMS a text takes: 70 characters for one in UCS-2 (Cyrillic), 67 per part beyond; 160 and
    /// 153 in the GSM alphabet.</summary>
    public static int Parts(string text)
    {
        var unicode = text.Any(c => c > 127);
        var (single, part) = unicode ? (70, 67) : (160, 153);
        return text.Length <= single ? 1 : (text.Length + part - 1) / part;
    }

    private static IResult SmsRuError(int code, string text) =>
        Results.Json(new JsonObject { ["status"] = "ERROR", ["status_code"] = code, ["status_text"] = text });

    private static IResult SmscError(int code, string text) =>
        Results.Json(new JsonObject { ["error"] = text, ["error_code"] = code });
}
