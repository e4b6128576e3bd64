using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MakCrm.TelegramSimulator;

/// <summary>An SMS the fake took: the number as sent (digits), the text, the sender name and the id it answered.</summary>
public sealed record SmsRuMessage(string To, string Text, string? From, string Id, DateTimeOffset At);

/// <summary>
/// SMS.ru's HTTP API on 127.0.0.1, as far as sending goes: <c>/sms/send</c> by GET or POST (a form) with
/// <c>api_id</c>, <c>to</c> (digits), <c>msg</c>, <c>from</c> and <c>json=1</c>, answered as SMS.ru answers — a
/// wrong <c>api_id</c> is <c>status_code</c> 200, a number that is not a Russian mobile one 202 on the number — with
/// the balance going down by one SMS's price per part. <see cref="FailNext"/> makes the next call answer an error code
/// of the service itself (e.g. 220, the service is unavailable).
/// </summary>
public sealed class FakeSmsRu : IAsyncDisposable
{
    private const decimal PricePerPart = 3.75m;

    private readonly Lock _lock = new();
    private readonly List<SmsRuMessage> _sent = [];
    private readonly Queue<int> _faults = new();
    private WebApplication? _app;
    private int _next;

    public FakeSmsRu(string apiId = "FAKE-0000-SMSRU-API-ID") => ApiId = apiId;

    public string ApiId { get; }

    public decimal Balance { get; private set; } = 1000m;

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<SmsRuMessage> Sent
    {
        get
        {
            lock (_lock)
            {
                return [.. _sent];
            }
        }
    }

    public async Task<FakeSmsRu> StartAsync(int port = 0)
    {
        (_app, BaseAddress) = await LoopbackHost.StartAsync(
            port,
            app => app.MapMethods("/sms/send", ["GET", "POST"], (Delegate)SendAsync)
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
    public async Task<SmsRuMessage> NextTo(string to, TimeSpan? timeout = null)
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

    private async Task<IResult> SendAsync(HttpContext context)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in context.Request.Query)
        {
            fields[key] = value.ToString();
        }

        if (context.Request.HasFormContentType)
        {
            foreach (var (key, value) in await context.Request.ReadFormAsync())
            {
                fields[key] = value.ToString();
            }
        }

        lock (_lock)
        {
            if (_faults.TryDequeue(out var fault))
            {
                return Error(fault, "Сервис временно недоступен");
            }

            if (!fields.TryGetValue("api_id", out var apiId) || apiId != ApiId)
            {
                return Error(200, "Неправильный api_id");
            }

            if (!fields.TryGetValue("to", out var to) || !fields.TryGetValue("msg", out var text) || text.Length == 0)
            {
                return Error(205, "Сообщение пустое или не указан получатель");
            }

            var numbers = new JsonObject();
            foreach (var number in to.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (number.Length != 11 || !number.StartsWith("79", StringComparison.Ordinal) || !number.All(char.IsAsciiDigit))
                {
                    numbers[number] = new JsonObject
                    {
                        ["status"] = "ERROR",
                        ["status_code"] = 202,
                        ["status_text"] = "Неправильно указан номер телефона получателя",
                    };
                    continue;
                }

                var id = $"{202611:D6}-{Interlocked.Increment(ref _next):D8}";
                _sent.Add(new SmsRuMessage(number, text, fields.GetValueOrDefault("from"), id, DateTimeOffset.UtcNow));
                Balance -= PricePerPart * Parts(text);
                numbers[number] = new JsonObject { ["status"] = "OK", ["status_code"] = 100, ["sms_id"] = id };
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

    /// <summary>How many SMS a text takes: 70 characters for one in UCS-2 (Cyrillic), 67 per part beyond; 160 and
    /// 153 in the GSM alphabet.</summary>
    public static int Parts(string text)
    {
        var unicode = text.Any(c => c > 127);
        var (single, part) = unicode ? (70, 67) : (160, 153);
        return text.Length <= single ? 1 : (text.Length + part - 1) / part;
    }

    private static IResult Error(int code, string text) =>
        Results.Json(new JsonObject { ["status"] = "ERROR", ["status_code"] = code, ["status_text"] = text });
}
