using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MakCrm.TelegramSimulator;

/// <summary>A message the bot sent (or edited), as the fake keeps it.</summary>
public sealed record SentMessage(long ChatId, long MessageId, string Text, IReadOnlyList<IReadOnlyList<SentButton>> Buttons, DateTimeOffset At, bool Edited)
{
    /// <summary>The button whose label contains <paramref name="label"/>.</summary>
    public SentButton Button(string label) =>
        Buttons.SelectMany(row => row).FirstOrDefault(b => b.Text.Contains(label, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"No button \"{label}\" in: {Text} [{string.Join(", ", Buttons.SelectMany(r => r).Select(b => b.Text))}]");
}

public sealed record SentButton(string Text, string? CallbackData, string? Url);

/// <summary>A call the bot made, for assertions (method, when, and the answer's error code if it failed).</summary>
public sealed record ApiCall(string Method, DateTimeOffset At, int? ErrorCode);

/// <summary>
/// The Telegram Bot API's methods the bot uses, over real HTTP on 127.0.0.1 with its wire format: <c>POST
/// /bot{token}/{method}</c> with JSON (or form) parameters, <c>{"ok":true,"result":…}</c> or <c>{"ok":false,
/// "error_code":…,"description":…,"parameters":{"retry_after":…}}</c>. <c>getUpdates</c> holds for its timeout,
/// confirms with the offset and answers 409 to a second concurrent poller or while a webhook is set. Faults can be
/// injected per method (429 with retry_after, 403 blocked, 5xx). Tests (and the terminal chat) play users: they
/// enqueue messages and button presses and read what the bot sent.
/// </summary>
public sealed class FakeBotApi : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<JsonObject> _pending = [];
    private readonly List<SentMessage> _sent = [];
    private readonly List<ApiCall> _calls = [];
    private readonly ConcurrentQueue<(string Method, int Code, string Description, int? RetryAfter)> _faults = new();
    private readonly HashSet<long> _blockedChats = [];
    private readonly Dictionary<string, (DateTimeOffset At, bool Answered)> _callbacks = [];
    private readonly Dictionary<long, JsonObject> _users = [];
    private readonly SemaphoreSlim _updatesArrived = new(0, int.MaxValue);
    private WebApplication? _app;
    // Ids grow across runs (from the clock), as a bot that stored its offset expects of Telegram.
    private long _nextUpdateId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private long _nextMessageId = 1;
    private int _pollersInFlight;

    public FakeBotApi(string token = "123456:TEST-token")
    {
        Token = token;
    }

    public string Token { get; }

    /// <summary>The bot's user id, as <c>getMe</c> answers it: the token's number before its colon, as in
    /// Telegram.</summary>
    public long BotUserId => BotIdOf(Token);

    /// <summary>The bot id a token belongs to (its part before the colon).</summary>
    public static long BotIdOf(string token) =>
        long.Parse(token[..token.IndexOf(':', StringComparison.Ordinal)], CultureInfo.InvariantCulture);

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The webhook URL set by <c>setWebhook</c> (null when none).</summary>
    public string? WebhookUrl { get; private set; }

    public string? WebhookSecret { get; private set; }

    /// <summary>How many <c>getUpdates</c> were refused because another was in flight.</summary>
    public int PollConflicts { get; private set; }

    /// <summary>Written when the bot sends a message to a chat (the terminal chat prints it).</summary>
    public event Action<SentMessage>? MessageSent;

    public async Task<FakeBotApi> StartAsync(int port = 0)
    {
        (_app, BaseAddress) = await LoopbackHost.StartAsync(port, app =>
        {
            app.MapPost("/bot{token}/{method}", HandleAsync);
            app.MapGet("/bot{token}/{method}", HandleAsync);
        });
        return this;
    }

    // ---- playing users ----

    /// <summary>A private-chat text message from <paramref name="userId"/>; returns its update_id.</summary>
    public long SendText(long userId, string text, string firstName = "Иван", string? username = null)
    {
        var message = Message(userId, userId, firstName, username);
        message["text"] = text;
        if (text.StartsWith('/'))
        {
            var length = text.IndexOf(' ') is var space and > 0 ? space : text.Length;
            message["entities"] = new JsonArray(new JsonObject { ["offset"] = 0, ["length"] = length, ["type"] = "bot_command" });
        }

        return Enqueue(new JsonObject { ["message"] = message });
    }

    /// <summary>A text message from <paramref name="userId"/> in the group <paramref name="chatId"/> (negative, as
    /// Telegram's group ids are).</summary>
    public long SendGroupText(long chatId, long userId, string text, string title = GroupTitle)
    {
        var message = Message(chatId, userId, "Иван", null);
        message["chat"] = GroupChat(chatId, title);
        message["text"] = text;
        if (text.StartsWith('/'))
        {
            var length = text.IndexOf(' ') is var space and > 0 ? space : text.Length;
            message["entities"] = new JsonArray(
                new JsonObject { ["offset"] = 0, ["length"] = length, ["type"] = "bot_command" });
        }

        return Enqueue(new JsonObject { ["message"] = message });
    }

    /// <summary>The title the fake's groups have unless a test names another.</summary>
    public const string GroupTitle = "Отдел продаж";

    /// <summary><paramref name="userId"/> adds the bot to the group: <c>my_chat_member</c> from left to
    /// member.</summary>
    public long AddToGroup(long chatId, long userId, string title = GroupTitle)
    {
        lock (_lock)
        {
            _blockedChats.Remove(chatId);
        }

        return Enqueue(MembershipUpdate(chatId, userId, title, "left", "member"));
    }

    /// <summary><paramref name="userId"/> removes the bot from the group: <c>my_chat_member</c> to kicked; sending
    /// there answers 403 from then on.</summary>
    public long RemoveFromGroup(long chatId, long userId, string title = GroupTitle)
    {
        lock (_lock)
        {
            _blockedChats.Add(chatId);
        }

        return Enqueue(MembershipUpdate(chatId, userId, title, "member", "kicked"));
    }

    private JsonObject MembershipUpdate(long chatId, long userId, string title, string from, string to) => new()
    {
        ["my_chat_member"] = new JsonObject
        {
            ["chat"] = GroupChat(chatId, title),
            ["from"] = User(userId, "Иван", null),
            ["date"] = Unix(DateTimeOffset.UtcNow),
            ["old_chat_member"] = new JsonObject { ["status"] = from, ["user"] = BotUser() },
            ["new_chat_member"] = to == "kicked"
                ? new JsonObject { ["status"] = to, ["user"] = BotUser(), ["until_date"] = 0 }
                : new JsonObject { ["status"] = to, ["user"] = BotUser() },
        },
    };

    /// <summary>A sticker (something the bot does not expect).</summary>
    public long SendSticker(long userId) =>
        Enqueue(new JsonObject
        {
            ["message"] = With(Message(userId, userId, "Иван", null), "sticker", new JsonObject
            {
                ["file_id"] = "CAACAgIAAxkBAAE", ["file_unique_id"] = "AgADAQAD", ["type"] = "regular", ["width"] = 512, ["height"] = 512,
                ["is_animated"] = false, ["is_video"] = false, ["emoji"] = "👍",
            }),
        });

    /// <summary>Presses a button of a message the bot sent, with its callback data (or forged data).</summary>
    public long Press(long userId, SentMessage message, string callbackData)
    {
        var id = Random.Shared.NextInt64(1_000_000_000_000, 9_000_000_000_000).ToString(CultureInfo.InvariantCulture);
        lock (_lock)
        {
            _callbacks[id] = (DateTimeOffset.UtcNow, false);
        }

        var shown = new JsonObject
        {
            ["message_id"] = message.MessageId,
            ["from"] = BotUser(),
            ["chat"] = message.ChatId < 0
                ? GroupChat(message.ChatId, GroupTitle)
                : PrivateChat(message.ChatId, "Иван", null),
            ["date"] = Unix(message.At),
            ["text"] = message.Text,
        };
        return Enqueue(new JsonObject
        {
            ["callback_query"] = new JsonObject
            {
                ["id"] = id,
                ["from"] = User(userId, "Иван", null),
                ["message"] = shown,
                ["chat_instance"] = "-3914457251287351624",
                ["data"] = callbackData,
            },
        });
    }

    public long Press(long userId, SentMessage message, SentButton button) => Press(userId, message, button.CallbackData!);

    /// <summary>Puts an update the bot already received back in the queue, as Telegram does after a lost confirmation.</summary>
    public void Redeliver(JsonObject update) => EnqueueRaw(update);

    /// <summary>The updates enqueued so far (for redelivery), by id.</summary>
    public Dictionary<long, JsonObject> History { get; } = [];

    /// <summary>The user blocks the bot: sends to the chat answer 403.</summary>
    public void Block(long chatId)
    {
        lock (_lock)
        {
            _blockedChats.Add(chatId);
        }
    }

    /// <summary>The next <paramref name="count"/> calls of <paramref name="method"/> fail with this answer.</summary>
    public void FailNext(string method, int errorCode, string description, int? retryAfter = null, int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue((method, errorCode, description, retryAfter));
        }
    }

    public IReadOnlyList<SentMessage> Sent(long chatId)
    {
        lock (_lock)
        {
            return _sent.Where(m => m.ChatId == chatId).ToList();
        }
    }

    public IReadOnlyList<ApiCall> Calls(string method)
    {
        lock (_lock)
        {
            return _calls.Where(c => c.Method == method).ToList();
        }
    }

    /// <summary>Waits for the first message to <paramref name="chatId"/> after the first <paramref name="skip"/> that matches.</summary>
    public Task<SentMessage> WaitForMessageAsync(long chatId, Func<SentMessage, bool>? match = null, int skip = 0, TimeSpan? timeout = null) =>
        Waiting.ForAsync(() => Sent(chatId), match, skip, timeout, m => m.Text, chatId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Waits for a message containing <paramref name="text"/>.</summary>
    public Task<SentMessage> WaitForTextAsync(long chatId, string text, int skip = 0, TimeSpan? timeout = null) =>
        WaitForMessageAsync(chatId, m => m.Text.Contains(text, StringComparison.OrdinalIgnoreCase), skip, timeout);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    // ---- the Bot API ----

    private async Task HandleAsync(HttpContext context, string token, string method)
    {
        if (token != Token)
        {
            await AnswerAsync(context, method, Error(401, "Unauthorized"));
            return;
        }

        JsonObject parameters;
        try
        {
            parameters = await ReadParametersAsync(context.Request);
        }
        catch (JsonException)
        {
            await AnswerAsync(context, method, Error(400, "Bad Request: can't parse JSON"));
            return;
        }

        if (method != "getUpdates" && _faults.TryPeek(out var fault) && fault.Method == method && _faults.TryDequeue(out fault))
        {
            await AnswerAsync(context, method, Error(fault.Code, fault.Description, fault.RetryAfter));
            return;
        }

        var answer = method switch
        {
            "getMe" => Ok(BotUser()),
            "getUpdates" => await GetUpdatesAsync(parameters, context.RequestAborted),
            "setWebhook" => SetWebhook(parameters),
            "deleteWebhook" => DeleteWebhook(),
            "getWebhookInfo" => Ok(new JsonObject { ["url"] = WebhookUrl ?? "", ["has_custom_certificate"] = false, ["pending_update_count"] = PendingCount() }),
            "sendMessage" => SendMessage(parameters),
            "editMessageText" => EditMessageText(parameters),
            "answerCallbackQuery" => AnswerCallbackQuery(parameters),
            "setMyCommands" => Ok(true),
            _ => Error(404, "Not Found"),
        };
        await AnswerAsync(context, method, answer);
    }

    private async Task<JsonObject> GetUpdatesAsync(JsonObject parameters, CancellationToken aborted)
    {
        if (WebhookUrl is not null)
        {
            return Error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
        }

        if (Interlocked.Increment(ref _pollersInFlight) > 1)
        {
            Interlocked.Decrement(ref _pollersInFlight);
            PollConflicts++;
            return Error(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
        }

        try
        {
            var offset = parameters["offset"]?.GetValue<long>();
            var limit = Math.Clamp(parameters["limit"]?.GetValue<int>() ?? 100, 1, 100);
            var timeout = Math.Clamp(parameters["timeout"]?.GetValue<int>() ?? 0, 0, 50);
            var deadline = DateTimeOffset.UtcNow.AddSeconds(timeout);
            while (true)
            {
                List<JsonObject> batch;
                lock (_lock)
                {
                    if (offset is { } confirmed)
                    {
                        _pending.RemoveAll(u => u["update_id"]!.GetValue<long>() < confirmed);
                    }

                    batch = _pending.Take(limit).Select(u => (JsonObject)u.DeepClone()).ToList();
                }

                var remaining = deadline - DateTimeOffset.UtcNow;
                if (batch.Count > 0 || remaining <= TimeSpan.Zero)
                {
                    return Ok(new JsonArray([.. batch]));
                }

                try
                {
                    await _updatesArrived.WaitAsync(remaining < TimeSpan.FromMilliseconds(200) ? remaining : TimeSpan.FromMilliseconds(200), aborted);
                }
                catch (OperationCanceledException)
                {
                    return Ok(new JsonArray());
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _pollersInFlight);
        }
    }

    private JsonObject SetWebhook(JsonObject parameters)
    {
        var url = parameters["url"]?.GetValue<string>() ?? "";
        var secret = parameters["secret_token"]?.GetValue<string>();
        if (secret is not null && (secret.Length is 0 or > 256 || secret.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))))
        {
            return Error(400, "Bad Request: secret token contains unallowed characters");
        }

        WebhookUrl = url.Length == 0 ? null : url;
        WebhookSecret = secret;
        return Ok(true);
    }

    private JsonObject DeleteWebhook()
    {
        WebhookUrl = null;
        WebhookSecret = null;
        return Ok(true);
    }

    private JsonObject SendMessage(JsonObject parameters)
    {
        if (Validate(parameters) is { } invalid)
        {
            return invalid;
        }

        var chatId = parameters["chat_id"]!.GetValue<long>();
        lock (_lock)
        {
            if (_blockedChats.Contains(chatId))
            {
                return Error(403, chatId < 0
                    ? "Forbidden: bot was kicked from the supergroup chat"
                    : "Forbidden: bot was blocked by the user");
            }
        }

        var sent = new SentMessage(chatId, Interlocked.Increment(ref _nextMessageId), parameters["text"]!.GetValue<string>(), Buttons(parameters), DateTimeOffset.UtcNow, false);
        lock (_lock)
        {
            _sent.Add(sent);
        }

        MessageSent?.Invoke(sent);
        var result = new JsonObject
        {
            ["message_id"] = sent.MessageId,
            ["from"] = BotUser(),
            ["chat"] = chatId > 0 ? PrivateChat(chatId, "Иван", null) : GroupChat(chatId, "Группа"),
            ["date"] = Unix(sent.At),
            ["text"] = sent.Text,
        };
        if (parameters["reply_markup"] is { } markup)
        {
            result["reply_markup"] = markup.DeepClone();
        }

        return Ok(result);
    }

    private JsonObject EditMessageText(JsonObject parameters)
    {
        if (Validate(parameters) is { } invalid)
        {
            return invalid;
        }

        var chatId = parameters["chat_id"]!.GetValue<long>();
        var messageId = parameters["message_id"]?.GetValue<long>() ?? 0;
        var text = parameters["text"]!.GetValue<string>();
        var buttons = Buttons(parameters);
        SentMessage edited;
        lock (_lock)
        {
            var original = _sent.LastOrDefault(m => m.ChatId == chatId && m.MessageId == messageId);
            if (original is null)
            {
                return Error(400, "Bad Request: message to edit not found");
            }

            if (original.Text == text && Same(original.Buttons, buttons))
            {
                return Error(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
            }

            edited = original with { Text = text, Buttons = buttons, At = DateTimeOffset.UtcNow, Edited = true };
            _sent.Add(edited);
        }

        MessageSent?.Invoke(edited);
        return Ok(new JsonObject { ["message_id"] = messageId, ["from"] = BotUser(), ["chat"] = PrivateChat(chatId, "Иван", null), ["date"] = Unix(edited.At), ["edit_date"] = Unix(edited.At), ["text"] = text });
    }

    private JsonObject AnswerCallbackQuery(JsonObject parameters)
    {
        var id = parameters["callback_query_id"]?.GetValue<string>() ?? "";
        if ((parameters["text"]?.GetValue<string>()?.Length ?? 0) > 200)
        {
            return Error(400, "Bad Request: MESSAGE_TOO_LONG");
        }

        lock (_lock)
        {
            if (!_callbacks.TryGetValue(id, out var callback) || callback.Answered || DateTimeOffset.UtcNow - callback.At > TimeSpan.FromSeconds(15))
            {
                return Error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
            }

            _callbacks[id] = (callback.At, true);
        }

        return Ok(true);
    }

    /// <summary>Whether every button press so far was answered.</summary>
    public bool AllCallbacksAnswered()
    {
        lock (_lock)
        {
            return _callbacks.Values.All(c => c.Answered);
        }
    }

    private static JsonObject? Validate(JsonObject parameters)
    {
        if (parameters["chat_id"] is not JsonValue chat || !chat.TryGetValue<long>(out _))
        {
            return Error(400, "Bad Request: chat not found");
        }

        var text = parameters["text"]?.GetValue<string>();
        if (string.IsNullOrEmpty(text))
        {
            return Error(400, "Bad Request: message text is empty");
        }

        if (text.Length > 4096)
        {
            return Error(400, "Bad Request: message is too long");
        }

        if (parameters["reply_markup"] is { } markup)
        {
            if (markup["inline_keyboard"] is not JsonArray rows || rows.Any(r => r is not JsonArray))
            {
                return Error(400, "Bad Request: can't parse reply keyboard markup JSON object");
            }

            foreach (var button in rows.SelectMany(r => r!.AsArray()))
            {
                if (button?["text"]?.GetValue<string>() is not { Length: > 0 })
                {
                    return Error(400, "Bad Request: text buttons are unallowed in the inline keyboard");
                }

                var data = button["callback_data"]?.GetValue<string>();
                var url = button["url"]?.GetValue<string>();
                if ((data is null) == (url is null))
                {
                    return Error(400, "Bad Request: can't parse inline keyboard button: exactly one of the optional fields must be used");
                }

                if (data is not null && Encoding.UTF8.GetByteCount(data) is 0 or > 64)
                {
                    return Error(400, "Bad Request: BUTTON_DATA_INVALID");
                }
            }
        }

        return null;
    }

    private static IReadOnlyList<IReadOnlyList<SentButton>> Buttons(JsonObject parameters) =>
        parameters["reply_markup"]?["inline_keyboard"] is JsonArray rows
            ? rows.Select(row => (IReadOnlyList<SentButton>)row!.AsArray().Select(b => new SentButton(
                b!["text"]!.GetValue<string>(), b["callback_data"]?.GetValue<string>(), b["url"]?.GetValue<string>())).ToList()).ToList()
            : [];

    private static bool Same(IReadOnlyList<IReadOnlyList<SentButton>> a, IReadOnlyList<IReadOnlyList<SentButton>> b) =>
        a.Count == b.Count && a.Zip(b).All(pair => pair.First.SequenceEqual(pair.Second));

    private static async Task<JsonObject> ReadParametersAsync(HttpRequest request)
    {
        var parameters = new JsonObject();
        foreach (var (key, value) in request.Query)
        {
            parameters[key] = Scalar(value.ToString());
        }

        if (request.HasJsonContentType())
        {
            if (await JsonNode.ParseAsync(request.Body) is JsonObject body)
            {
                foreach (var (key, value) in body)
                {
                    parameters[key] = value?.DeepClone();
                }
            }
        }
        else if (request.HasFormContentType)
        {
            foreach (var (key, value) in await request.ReadFormAsync())
            {
                parameters[key] = Scalar(value.ToString());
            }
        }

        return parameters;
    }

    // Form and query parameters are strings; numbers and JSON-serialized objects (reply_markup) are parsed as Telegram does.
    private static JsonNode? Scalar(string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number)
        : value.StartsWith('{') || value.StartsWith('[') ? JsonNode.Parse(value)
        : JsonValue.Create(value);

    private async Task AnswerAsync(HttpContext context, string method, JsonObject answer)
    {
        var ok = answer["ok"]!.GetValue<bool>();
        var code = ok ? 200 : answer["error_code"]!.GetValue<int>();
        lock (_lock)
        {
            _calls.Add(new ApiCall(method, DateTimeOffset.UtcNow, ok ? null : code));
        }

        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString());
    }

    private long Enqueue(JsonObject update)
    {
        var id = Interlocked.Increment(ref _nextUpdateId);
        update["update_id"] = id;
        var copy = (JsonObject)update.DeepClone();
        lock (_lock)
        {
            History[id] = copy;
        }

        EnqueueRaw(update);
        return id;
    }

    private void EnqueueRaw(JsonObject update)
    {
        lock (_lock)
        {
            _pending.Add((JsonObject)update.DeepClone());
        }

        _updatesArrived.Release();
    }

    private int PendingCount()
    {
        lock (_lock)
        {
            return _pending.Count;
        }
    }

    private JsonObject Message(long chatId, long userId, string firstName, string? username) => new()
    {
        ["message_id"] = Interlocked.Increment(ref _nextMessageId),
        ["from"] = User(userId, firstName, username),
        ["chat"] = PrivateChat(chatId, firstName, username),
        ["date"] = Unix(DateTimeOffset.UtcNow),
    };

    private static JsonObject With(JsonObject message, string key, JsonNode value)
    {
        message[key] = value;
        return message;
    }

    private JsonObject User(long id, string firstName, string? username)
    {
        var user = new JsonObject { ["id"] = id, ["is_bot"] = false, ["first_name"] = firstName, ["language_code"] = "ru" };
        if (username is not null)
        {
            user["username"] = username;
        }

        lock (_lock)
        {
            _users[id] = user;
        }

        return (JsonObject)user.DeepClone();
    }

    private static JsonObject PrivateChat(long id, string firstName, string? username)
    {
        var chat = new JsonObject { ["id"] = id, ["first_name"] = firstName, ["type"] = "private" };
        if (username is not null)
        {
            chat["username"] = username;
        }

        return chat;
    }

    private static JsonObject GroupChat(long id, string title) =>
        new() { ["id"] = id, ["title"] = title, ["type"] = "supergroup" };

    private JsonObject BotUser() =>
        new() { ["id"] = BotUserId, ["is_bot"] = true, ["first_name"] = "MaK CRM", ["username"] = "mak_crm_bot" };

    private static long Unix(DateTimeOffset at) => at.ToUnixTimeSeconds();

    private static JsonObject Ok(JsonNode result) => new() { ["ok"] = true, ["result"] = result };

    private static JsonObject Error(int code, string description, int? retryAfter = null)
    {
        var error = new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description };
        if (retryAfter is { } seconds)
        {
            error["parameters"] = new JsonObject { ["retry_after"] = seconds };
        }

        return error;
    }
}
