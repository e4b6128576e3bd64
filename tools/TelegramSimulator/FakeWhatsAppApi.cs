using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MakCrm.TelegramSimulator;

/// <summary>A message the bot sent to a WhatsApp user, as the fake keeps it.</summary>
public sealed record WhatsAppMessage(
    string To,
    string Id,
    string Type,
    string Text,
    IReadOnlyList<WhatsAppButton> Buttons,
    bool IsList,
    string? TemplateName,
    IReadOnlyList<string> TemplateParameters,
    DateTimeOffset At)
{
    /// <summary>The reply button or list row whose title (or description) contains <paramref name="label"/>.</summary>
    public WhatsAppButton Button(string label) =>
        Buttons.FirstOrDefault(b => b.Title.Contains(label, StringComparison.OrdinalIgnoreCase) || b.Description?.Contains(label, StringComparison.OrdinalIgnoreCase) == true)
        ?? throw new InvalidOperationException($"No button \"{label}\" in: {Text} [{string.Join(", ", Buttons.Select(b => b.Title))}]");
}

/// <summary>A reply button (<c>reply.id</c>, <c>reply.title</c>) or a list row (<c>id</c>, <c>title</c>, <c>description</c>).</summary>
public sealed record WhatsAppButton(string Id, string Title, string? Description = null);

/// <summary>A call the bot made to the messages endpoint, for assertions: when, and the Graph error's code if it was refused.</summary>
public sealed record WhatsAppCall(DateTimeOffset At, int? ErrorCode);

/// <summary>
/// The WhatsApp Cloud API as the bot uses it, over real HTTP on 127.0.0.1 with its documented wire format.
/// <c>POST /{version}/{phone-number-id}/messages</c> with a bearer token takes text, interactive (reply buttons, list)
/// and template messages, checks them against the documented limits (a text body 4096 characters; reply buttons 1 to
/// 3, titles of 20, ids of 256, a body of 1024; a list's button label of 20 and 1 to 10 rows, titles of 24,
/// descriptions of 72, ids of 200; a template by an approved name) and answers
/// <c>{"messaging_product":"whatsapp","contacts":[…],"messages":[{"id":"wamid.…"}]}</c>, or a Graph error
/// <c>{"error":{"message","type","code","error_data":{"messaging_product","details"},"fbtrace_id"}}</c>: 190 for a
/// wrong token, 131009 for a parameter out of bounds, 131047 for a free-form message more than 24 hours after the
/// user's last message, 132001 for an unknown template, and faults on demand. Tests play users: their messages and
/// taps are posted to the bot's webhook as Meta posts them, signed with <c>X-Hub-Signature-256</c> (HMAC-SHA256 of
/// the body under the app secret), and so are failed statuses and the subscription handshake.
/// </summary>
public sealed class FakeWhatsAppApi : IAsyncDisposable
{
    public const string BusinessAccountId = "102290129340398";
    public const string DisplayPhoneNumber = "79001234567";

    private readonly Lock _lock = new();
    private readonly List<WhatsAppMessage> _sent = [];
    private readonly List<WhatsAppCall> _calls = [];
    private readonly Queue<(int Code, int Status, string Details)> _faults = new();
    private readonly Dictionary<string, DateTimeOffset> _lastInbound = [];
    private readonly Dictionary<string, byte[]> _deliveries = [];
    private readonly HttpClient _http = new();
    private WebApplication? _app;

    public FakeWhatsAppApi(string phoneNumberId = "106540352242922", string accessToken = "EAAFake-access-token", string appSecret = "fake-app-secret")
    {
        PhoneNumberId = phoneNumberId;
        AccessToken = accessToken;
        AppSecret = appSecret;
    }

    public string PhoneNumberId { get; }

    public string AccessToken { get; }

    public string AppSecret { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The bot's webhook (its <c>/whatsapp/webhook</c>), where deliveries are posted.</summary>
    public Uri? BotWebhook { get; set; }

    /// <summary>The approved templates' names; a template by any other name is refused (132001).</summary>
    public HashSet<string> ApprovedTemplates { get; } = [];

    public async Task<FakeWhatsAppApi> StartAsync(int port = 0)
    {
        (_app, BaseAddress) = await LoopbackHost.StartAsync(
            port,
            app => app.MapPost("/{version}/{phoneNumberId}/messages", HandleAsync)
        );
        return this;
    }

    // ---- playing users ----

    /// <summary>A text message from <paramref name="waId"/>, posted to the bot; answers the message's id.</summary>
    public async Task<string> SendTextAsync(string waId, string text, string name = "Иван")
    {
        var (id, message) = UserMessage(waId, "text");
        message["text"] = new JsonObject { ["body"] = text };
        await DeliverAsync(waId, name, id, message);
        return id;
    }

    /// <summary>The delivery of a text message from <paramref name="waId"/>, not posted: for posting it by hand (<see cref="PostAsync"/>).</summary>
    public byte[] TextDelivery(string waId, string text)
    {
        var (_, message) = UserMessage(waId, "text");
        message["text"] = new JsonObject { ["body"] = text };
        return Encoding.UTF8.GetBytes(Delivery(Value(waId, "Иван", message)).ToJsonString());
    }

    /// <summary>An image (something the bot does not read), posted to the bot.</summary>
    public async Task<string> SendImageAsync(string waId)
    {
        var (id, message) = UserMessage(waId, "image");
        message["image"] = new JsonObject { ["mime_type"] = "image/jpeg", ["sha256"] = "c2hhMjU2", ["id"] = "1479537139650973" };
        await DeliverAsync(waId, "Иван", id, message);
        return id;
    }

    /// <summary>
    /// Taps a reply button or a list row of <paramref name="shown"/> (or sends a forged id): a <c>button_reply</c> or
    /// <c>list_reply</c> naming the message it was on, posted to the bot; answers the tap's message id.
    /// </summary>
    public async Task<string> PressAsync(string waId, WhatsAppMessage shown, string buttonId)
    {
        var (id, message) = UserMessage(waId, "interactive");
        var button = shown.Buttons.FirstOrDefault(b => b.Id == buttonId);
        var reply = new JsonObject { ["id"] = buttonId, ["title"] = button?.Title ?? "?" };
        if (shown.IsList && button?.Description is { } description)
        {
            reply["description"] = description;
        }

        message["context"] = new JsonObject { ["from"] = DisplayPhoneNumber, ["id"] = shown.Id };
        message["interactive"] = shown.IsList
            ? new JsonObject { ["type"] = "list_reply", ["list_reply"] = reply }
            : new JsonObject { ["type"] = "button_reply", ["button_reply"] = reply };
        await DeliverAsync(waId, "Иван", id, message);
        return id;
    }

    public Task<string> PressAsync(string waId, WhatsAppMessage shown, WhatsAppButton button) => PressAsync(waId, shown, button.Id);

    /// <summary>Posts a delivery again, as Meta does when the bot's answer did not arrive.</summary>
    public async Task<HttpStatusCode> RedeliverAsync(string messageId)
    {
        byte[] body;
        lock (_lock)
        {
            body = _deliveries[messageId];
        }

        return await PostAsync(body, Signature(body));
    }

    /// <summary>A status webhook: the bot's message <paramref name="messageId"/> failed with <paramref name="code"/>.</summary>
    public Task<HttpStatusCode> FailStatusAsync(string waId, string messageId, int code, string title, string details)
    {
        var status = new JsonObject
        {
            ["id"] = messageId,
            ["status"] = "failed",
            ["timestamp"] = Unix(DateTimeOffset.UtcNow),
            ["recipient_id"] = waId,
            ["errors"] = new JsonArray(new JsonObject
            {
                ["code"] = code,
                ["title"] = title,
                ["message"] = title,
                ["error_data"] = new JsonObject { ["details"] = details },
                ["href"] = "/documentation/business-messaging/whatsapp/support/error-codes",
            }),
        };
        var body = Encoding.UTF8.GetBytes(Delivery(new JsonObject { ["statuses"] = new JsonArray(status) }).ToJsonString());
        return PostAsync(body, Signature(body));
    }

    /// <summary>Posts <paramref name="body"/> to the bot's webhook with <paramref name="signature"/> as <c>X-Hub-Signature-256</c> (none when null).</summary>
    public async Task<HttpStatusCode> PostAsync(byte[] body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, BotWebhook ?? throw new InvalidOperationException("Set BotWebhook first."))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (signature is not null)
        {
            request.Headers.Add("X-Hub-Signature-256", signature);
        }

        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Meta's subscription handshake: <c>GET</c> the webhook with <c>hub.mode</c>, <c>hub.verify_token</c> and <c>hub.challenge</c>.</summary>
    public async Task<(HttpStatusCode Status, string Body)> VerifyAsync(string verifyToken, string challenge, string mode = "subscribe")
    {
        var query = $"?hub.mode={Uri.EscapeDataString(mode)}&hub.verify_token={Uri.EscapeDataString(verifyToken)}&hub.challenge={Uri.EscapeDataString(challenge)}";
        using var response = await _http.GetAsync(new Uri(BotWebhook!, query));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The signature Meta gives a delivery: <c>sha256=</c> and the hex HMAC-SHA256 of the body under the app secret.</summary>
    public string Signature(byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(AppSecret), body));

    /// <summary>The user last wrote more than 24 hours ago: free-form messages to it are refused (131047) until it writes again.</summary>
    public void CloseWindow(string waId)
    {
        lock (_lock)
        {
            _lastInbound[waId] = DateTimeOffset.UtcNow.AddHours(-25);
        }
    }

    /// <summary>The next <paramref name="count"/> sends fail with this Graph error.</summary>
    public void FailNext(int code, string details, int status = 400, int count = 1)
    {
        lock (_lock)
        {
            for (var i = 0; i < count; i++)
            {
                _faults.Enqueue((code, status, details));
            }
        }
    }

    public IReadOnlyList<WhatsAppMessage> Sent(string waId)
    {
        lock (_lock)
        {
            return _sent.Where(m => m.To == waId).ToList();
        }
    }

    public IReadOnlyList<WhatsAppCall> Calls()
    {
        lock (_lock)
        {
            return [.. _calls];
        }
    }

    /// <summary>Waits for the first message to <paramref name="waId"/> after the first <paramref name="skip"/> that matches.</summary>
    public Task<WhatsAppMessage> WaitForMessageAsync(string waId, Func<WhatsAppMessage, bool>? match = null, int skip = 0, TimeSpan? timeout = null) =>
        Waiting.ForAsync(() => Sent(waId), match, skip, timeout, m => m.Text, waId);

    /// <summary>Waits for a message whose text contains <paramref name="text"/>.</summary>
    public Task<WhatsAppMessage> WaitForTextAsync(string waId, string text, int skip = 0, TimeSpan? timeout = null) =>
        WaitForMessageAsync(waId, m => m.Text.Contains(text, StringComparison.OrdinalIgnoreCase), skip, timeout);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    // ---- the Cloud API ----

    private async Task HandleAsync(HttpContext context, string version, string phoneNumberId)
    {
        if (context.Request.Headers.Authorization.ToString() != $"Bearer {AccessToken}")
        {
            await AnswerAsync(context, Error(401, 190, "Invalid OAuth access token - Cannot parse access token", "OAuthException"));
            return;
        }

        if (phoneNumberId != PhoneNumberId || !version.StartsWith('v'))
        {
            await AnswerAsync(context, Error(400, 100, $"Unsupported post request. Object with ID '{phoneNumberId}' does not exist"));
            return;
        }

        JsonObject message;
        try
        {
            message = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? throw new System.Text.Json.JsonException();
        }
        catch (System.Text.Json.JsonException)
        {
            await AnswerAsync(context, Error(400, 100, "Invalid parameter: the body is not a JSON object"));
            return;
        }

        (int Code, int Status, string Details)? fault = null;
        lock (_lock)
        {
            if (_faults.Count > 0)
            {
                fault = _faults.Dequeue();
            }
        }

        var answer = fault is { } f ? Error(f.Status, f.Code, f.Details) : Send(message);
        await AnswerAsync(context, answer);
    }

    private (int Status, JsonObject Body) Send(JsonObject message)
    {
        if (Invalid(message) is { } invalid)
        {
            return Error(400, 131009, invalid);
        }

        var to = message["to"]!.GetValue<string>();
        var type = message["type"]!.GetValue<string>();
        string? template = null;
        var parameters = new List<string>();
        if (type == "template")
        {
            template = message["template"]!["name"]!.GetValue<string>();
            if (!ApprovedTemplates.Contains(template))
            {
                return Error(400, 132001, $"template name ({template}) does not exist in {message["template"]!["language"]?["code"]}");
            }

            parameters.AddRange((message["template"]!["components"] as JsonArray ?? [])
                .SelectMany(c => c!["parameters"] as JsonArray ?? []).Select(p => p!["text"]!.GetValue<string>()));
        }
        else
        {
            lock (_lock)
            {
                if (!_lastInbound.TryGetValue(to, out var last) || DateTimeOffset.UtcNow - last > TimeSpan.FromHours(24))
                {
                    return Error(400, 131047, "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
                        title: "Re-engagement message");
                }
            }
        }

        var interactive = message["interactive"] as JsonObject;
        var isList = interactive?["type"]?.GetValue<string>() == "list";
        var buttons = interactive is null ? []
            : isList
                ? (interactive["action"]!["sections"] as JsonArray)!.SelectMany(s => s!["rows"]!.AsArray())
                    .Select(r => new WhatsAppButton(r!["id"]!.GetValue<string>(), r["title"]!.GetValue<string>(), r["description"]?.GetValue<string>())).ToList()
                : (interactive["action"]!["buttons"] as JsonArray)!
                    .Select(b => new WhatsAppButton(b!["reply"]!["id"]!.GetValue<string>(), b["reply"]!["title"]!.GetValue<string>())).ToList();
        var text = type switch
        {
            "text" => message["text"]!["body"]!.GetValue<string>(),
            "interactive" => interactive!["body"]!["text"]!.GetValue<string>(),
            _ => $"[template {template}] {string.Join(" | ", parameters)}",
        };
        var sent = new WhatsAppMessage(to, "wamid." + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)), type, text, buttons, isList, template, parameters, DateTimeOffset.UtcNow);
        lock (_lock)
        {
            _sent.Add(sent);
        }

        return (200, new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["contacts"] = new JsonArray(new JsonObject { ["input"] = to, ["wa_id"] = to }),
            ["messages"] = new JsonArray(new JsonObject { ["id"] = sent.Id }),
        });
    }

    /// <summary>What the documented limits refuse in <paramref name="message"/>, or null.</summary>
    private static string? Invalid(JsonObject message)
    {
        if (message["messaging_product"]?.GetValue<string>() != "whatsapp")
        {
            return "messaging_product must be whatsapp";
        }

        if (message["to"]?.GetValue<string>() is not { Length: > 0 })
        {
            return "to is required";
        }

        switch (message["type"]?.GetValue<string>())
        {
            case "text":
                return message["text"]?["body"]?.GetValue<string>() is { Length: > 0 and <= 4096 } ? null : "text.body must have 1 to 4096 characters";
            case "template":
                return message["template"]?["name"]?.GetValue<string>() is { Length: > 0 } && message["template"]?["language"]?["code"]?.GetValue<string>() is { Length: > 0 }
                    ? null : "template.name and template.language.code are required";
            case "interactive":
                return InvalidInteractive(message["interactive"] as JsonObject);
            default:
                return "type must be text, interactive or template";
        }
    }

    private static string? InvalidInteractive(JsonObject? interactive)
    {
        var body = interactive?["body"]?["text"]?.GetValue<string>();
        switch (interactive?["type"]?.GetValue<string>())
        {
            case "button":
                var buttons = interactive["action"]?["buttons"] as JsonArray;
                if (body is not { Length: > 0 and <= 1024 })
                {
                    return "interactive.body.text must have 1 to 1024 characters";
                }

                if (buttons is not { Count: >= 1 and <= 3 })
                {
                    return "interactive.action.buttons must have 1 to 3 buttons";
                }

                var titles = buttons.Select(b => b?["reply"]?["title"]?.GetValue<string>()).ToList();
                if (buttons.Any(b => b?["type"]?.GetValue<string>() != "reply" || b["reply"]?["id"]?.GetValue<string>() is not { Length: > 0 and <= 256 }))
                {
                    return "each button must be of type reply with an id of 1 to 256 characters";
                }

                return titles.Any(t => t is not { Length: > 0 and <= 20 }) || titles.Distinct().Count() != titles.Count
                    ? "button titles must be unique and have 1 to 20 characters"
                    : null;
            case "list":
                var sections = interactive["action"]?["sections"] as JsonArray;
                var rows = sections?.SelectMany(s => s?["rows"] as JsonArray ?? []).ToList() ?? [];
                if (body is not { Length: > 0 and <= 4096 })
                {
                    return "interactive.body.text must have 1 to 4096 characters";
                }

                if (interactive["action"]?["button"]?.GetValue<string>() is not { Length: > 0 and <= 20 })
                {
                    return "interactive.action.button must have 1 to 20 characters";
                }

                if (sections is not { Count: >= 1 and <= 10 } || rows.Count is < 1 or > 10 || (sections.Count > 1 && sections.Any(s => s?["title"] is null)))
                {
                    return "a list has 1 to 10 sections (titled when several) and 1 to 10 rows in all";
                }

                return rows.Any(r => r?["id"]?.GetValue<string>() is not { Length: > 0 and <= 200 } || r["title"]?.GetValue<string>() is not { Length: > 0 and <= 24 }
                        || r["description"]?.GetValue<string>() is { Length: > 72 })
                    ? "each row needs an id of 1 to 200 characters, a title of 1 to 24 and a description of at most 72"
                    : null;
            default:
                return "interactive.type must be button or list";
        }
    }

    private (int Status, JsonObject Body) Error(int status, int code, string details, string type = "OAuthException", string? title = null)
    {
        lock (_lock)
        {
            _calls.Add(new WhatsAppCall(DateTimeOffset.UtcNow, code));
        }

        return (status, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = $"(#{code}) {title ?? details}",
                ["type"] = type,
                ["code"] = code,
                ["error_data"] = new JsonObject { ["messaging_product"] = "whatsapp", ["details"] = details },
                ["fbtrace_id"] = "A" + Convert.ToHexString(RandomNumberGenerator.GetBytes(10)),
            },
        });
    }

    private async Task AnswerAsync(HttpContext context, (int Status, JsonObject Body) answer)
    {
        if (answer.Status == 200)
        {
            lock (_lock)
            {
                _calls.Add(new WhatsAppCall(DateTimeOffset.UtcNow, null));
            }
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.Body.ToJsonString());
    }

    private (string Id, JsonObject Message) UserMessage(string waId, string type)
    {
        var id = "wamid." + Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));
        var now = DateTimeOffset.UtcNow;
        lock (_lock)
        {
            _lastInbound[waId] = now;
        }

        return (id, new JsonObject { ["from"] = waId, ["id"] = id, ["timestamp"] = Unix(now), ["type"] = type });
    }

    /// <summary>Posts a user's message as Meta does: the sender's contact and the message in one change of the messages field.</summary>
    private async Task DeliverAsync(string waId, string name, string id, JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(Delivery(Value(waId, name, message)).ToJsonString());
        lock (_lock)
        {
            _deliveries[id] = body;
        }

        var status = await PostAsync(body, Signature(body));
        if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The bot answered {(int)status} to a delivery.");
        }
    }

    private static JsonObject Value(string waId, string name, JsonObject message) => new()
    {
        ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = name }, ["wa_id"] = waId }),
        ["messages"] = new JsonArray(message),
    };

    private JsonObject Delivery(JsonObject value)
    {
        value["messaging_product"] = "whatsapp";
        value["metadata"] = new JsonObject { ["display_phone_number"] = DisplayPhoneNumber, ["phone_number_id"] = PhoneNumberId };
        return new JsonObject
        {
            ["object"] = "whatsapp_business_account",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = BusinessAccountId,
                ["changes"] = new JsonArray(new JsonObject { ["value"] = value, ["field"] = "messages" }),
            }),
        };
    }

    private static string Unix(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
