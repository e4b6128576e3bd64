using System.Globalization;
using System.Text;
using System.Text.Json;
using MakCrm.Infrastructure.Mail;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Sms;

/// <summary>Hands one SMS to the provider; throws when the provider does not take it.</summary>
public interface ISmsGateway
{
    Task SendAsync(Guid id, string to, string text, CancellationToken cancellationToken);
}

/// <summary>
/// Sends through the configured provider's HTTP API, a form posted within the outbox's send timeout: SMS.ru
/// (<c>POST /sms/send</c>: <c>api_id</c>, <c>to</c> as digits, <c>msg</c>, <c>from</c>, <c>json=1</c>; taken when the
/// answer's and the number's <c>status</c> are <c>OK</c>) or SMSC (<c>POST /sys/send.php</c>: <c>login</c> and
/// <c>psw</c> or an <c>apikey</c>, <c>phones</c> as digits, <c>mes</c>, <c>sender</c>, <c>charset=utf-8</c>,
/// <c>fmt=3</c>; taken when the JSON answer has an <c>id</c> and no <c>error</c>). Any other answer (a wrong key, no
/// money, a refused number, the service's own failure) is thrown with the provider's code and text, for the outbox to
/// retry and finally give up.
/// With no provider configured, each SMS is written as <c>{id}.txt</c> (the number, an empty line, the text) into the
/// pickup folder.
/// </summary>
[Singleton]
internal sealed class SmsGateway(IOptions<SmsOptions> options, IOptions<MailOptions> mail) : ISmsGateway, IDisposable
{
    private static readonly UTF8Encoding NoByteOrderMark = new(encoderShouldEmitUTF8Identifier: false);

    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public async Task SendAsync(Guid id, string to, string text, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.UsesPickupDirectory)
        {
            var folder = Directory.CreateDirectory(Path.GetFullPath(settings.PickupDirectory)).FullName;
            await File.WriteAllTextAsync(
                Path.Combine(folder, $"{id}.txt"),
                $"{to}\n\n{text}\n",
                NoByteOrderMark,
                cancellationToken
            );
            return;
        }

        var number = to.TrimStart('+');
        var provider = settings.Kind;
        var (path, form) = provider switch
        {
            SmsProvider.SmsRu => ("sms/send", SmsRuForm(settings, number, text)),
            SmsProvider.Smsc => ("sys/send.php", SmscForm(settings, number, text)),
            _ => throw new InvalidOperationException(settings.Misconfiguration),
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(mail.Value.SendTimeout);
        using var content = new FormUrlEncodedContent(form);
        using var response = await _http.PostAsync(new Uri(settings.Address, path), content, timeout.Token);
        var body = await response.Content.ReadAsStringAsync(timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{settings.Provider} answered HTTP {(int)response.StatusCode}.");
        }

        using var answer = JsonDocument.Parse(body);
        var root = answer.RootElement;
        if ((provider == SmsProvider.SmsRu ? SmsRuRefusal(root, number) : SmscRefusal(root)) is { } refusal)
        {
            throw new SmsRefusedException($"{settings.Provider} refused the SMS: {refusal}");
        }
    }

    public void Dispose() => _http.Dispose();

    private static Dictionary<string, string> SmsRuForm(SmsOptions settings, string number, string text) =>
        With(
            new()
            {
                ["api_id"] = settings.ApiId!,
                ["to"] = number,
                ["msg"] = text,
                ["json"] = "1",
            },
            "from",
            settings.Sender
        );

    /// <summary>SMSC's form: a login and its password, or with no login the password as the account's API
    /// key.</summary>
    private static Dictionary<string, string> SmscForm(SmsOptions settings, string number, string text)
    {
        Dictionary<string, string> form = string.IsNullOrWhiteSpace(settings.Login)
            ? new() { ["apikey"] = settings.Password! }
            : new() { ["login"] = settings.Login, ["psw"] = settings.Password! };
        form["phones"] = number;
        form["mes"] = text;
        form["charset"] = "utf-8";
        form["fmt"] = "3";
        return With(form, "sender", settings.Sender);
    }

    private static Dictionary<string, string> With(Dictionary<string, string> form, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            form[name] = value;
        }

        return form;
    }

    /// <summary>SMS.ru's refusal of the request or of the number, or <c>null</c> when it took the SMS.</summary>
    private static string? SmsRuRefusal(JsonElement answer, string number)
    {
        var result = answer.TryGetProperty("sms", out var numbers) && numbers.TryGetProperty(number, out var one)
            ? one
            : answer;
        if (IsOk(answer) && IsOk(result))
        {
            return null;
        }

        var refusal = IsOk(answer) ? result : answer;
        return $"{Text(refusal, "status_code")} {Text(refusal, "status_text")}".TrimEnd();
    }

    /// <summary>SMSC's error, or <c>null</c> when it took the SMS.</summary>
    private static string? SmscRefusal(JsonElement answer) =>
        answer.TryGetProperty("error", out _) || !answer.TryGetProperty("id", out _)
            ? $"{Text(answer, "error_code")} {Text(answer, "error")}".TrimEnd()
            : null;

    private static bool IsOk(JsonElement element) =>
        element.TryGetProperty("status", out var status) && status.GetString() == "OK";

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.Number
                ? value.GetInt64().ToString(CultureInfo.InvariantCulture)
                : value.GetString() ?? ""
            : "";
}

/// <summary>The provider answered, and did not take the SMS.</summary>
public sealed class SmsRefusedException(string message) : Exception(message);
