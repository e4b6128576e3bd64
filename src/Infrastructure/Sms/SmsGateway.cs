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
/// Sends through SMS.ru's HTTP API (<c>POST /sms/send</c>, form fields <c>api_id</c>, <c>to</c> as digits, <c>msg</c>,
/// <c>from</c>, <c>json=1</c>): taken when the answer's <c>status</c> and the number's own <c>status</c> are
/// <c>OK</c>; any other answer (a wrong key, no money, a refused number, the service's own failure) is thrown with its
/// <c>status_code</c> and <c>status_text</c>, for the outbox to retry and finally give up. With no provider configured,
/// each SMS is written as <c>{id}.txt</c> (the number, an empty line, the text) into the pickup folder.
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

        if (!settings.UsesSmsRu || string.IsNullOrWhiteSpace(settings.ApiId))
        {
            throw new InvalidOperationException("Mak:Sms:Provider must be SmsRu, with Mak:Sms:ApiId, or empty.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(mail.Value.SendTimeout);
        var number = to.TrimStart('+');
        var form = new Dictionary<string, string>
        {
            ["api_id"] = settings.ApiId,
            ["to"] = number,
            ["msg"] = text,
            ["json"] = "1",
        };
        if (!string.IsNullOrWhiteSpace(settings.Sender))
        {
            form["from"] = settings.Sender;
        }

        using var content = new FormUrlEncodedContent(form);
        using var response = await _http.PostAsync(new Uri(settings.BaseAddress, "sms/send"), content, timeout.Token);
        var body = await response.Content.ReadAsStringAsync(timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"SMS.ru answered HTTP {(int)response.StatusCode}.");
        }

        using var answer = JsonDocument.Parse(body);
        var root = answer.RootElement;
        var result = root.TryGetProperty("sms", out var numbers) && numbers.TryGetProperty(number, out var one)
            ? one
            : root;
        if (!IsOk(root) || !IsOk(result))
        {
            var refusal = IsOk(root) ? result : root;
            throw new SmsRefusedException(
                $"SMS.ru refused the SMS: {Text(refusal, "status_code")} {Text(refusal, "status_text")}".TrimEnd()
            );
        }
    }

    public void Dispose() => _http.Dispose();

    private static bool IsOk(JsonElement element) =>
        element.TryGetProperty("status", out var status) && status.GetString() == "OK";

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.Number
                ? value.GetInt32().ToString(CultureInfo.InvariantCulture)
                : value.GetString() ?? ""
            : "";
}

/// <summary>The provider answered, and did not take the SMS.</summary>
public sealed class SmsRefusedException(string message) : Exception(message);
