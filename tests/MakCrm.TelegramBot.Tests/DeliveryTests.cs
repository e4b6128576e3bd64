using System.Net;
using System.Net.Http.Json;
using MakCrm.Client;
using MakCrm.TelegramBot.Outgoing;
using MakCrm.TelegramBot.Telegram;
using MakCrm.TelegramBot.Updates;
using MakCrm.TelegramSimulator;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.TelegramBot.Tests;

/// <summary>Receiving and sending safely: one poller, one effect per update, Telegram's 429 and 403, the webhook's secret.</summary>
public sealed class DeliveryTests(BotApiFixture server) : BotTest(server)
{
    private const long UserId = 5_213_344_556;

    [Fact]
    public async Task Start_without_a_code_shows_an_unlinked_chat_registration_linking_and_the_faq()
    {
        await StartBotAsync();
        Telegram.SendText(UserId, "/start");

        var menu = await Telegram.WaitForTextAsync(UserId, "Здравствуйте");
        menu.Buttons.SelectMany(r => r).Select(b => b.Text).Should().BeEquivalentTo("Стать партнёром", "Стать франчайзи", "Подключить аккаунт", "FAQ");
        menu.Buttons.SelectMany(r => r).Should().OnlyContain(b => b.CallbackData!.Length <= 64);
    }

    [Fact]
    public async Task A_429_pauses_every_send_for_its_retry_after()
    {
        await StartBotAsync();
        Telegram.FailNext("sendMessage", 429, "Too Many Requests: retry after 2", retryAfter: 2);
        Telegram.SendText(UserId, "/start");

        var menu = await Telegram.WaitForTextAsync(UserId, "Здравствуйте");
        var refused = Telegram.Calls("sendMessage").Single(c => c.ErrorCode == 429);
        (menu.At - refused.At).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.9));
        Telegram.Calls("sendMessage").Count(c => c.ErrorCode == 429).Should().Be(1);
    }

    [Fact]
    public async Task A_403_stops_sending_to_the_chat_and_removes_the_link_through_the_api()
    {
        var bot = await StartBotAsync();
        var (_, cabinet) = await NewPartnerAsync();
        await LinkAsync(cabinet, UserId);
        await Telegram.WaitForTextAsync(UserId, "Главное меню");
        (await BotApi().GetTelegramLinkAsync(UserId)).Result.TelegramUserId.Should().Be(UserId);

        // The user blocks the bot; the next message to the chat (a notification) is refused.
        Telegram.Block(UserId);
        var queue = bot.Services.GetRequiredService<OutgoingQueue>();
        await queue.EnqueueMessageAsync(new SendMessageRequest(UserId, "Статус лида изменён"), "n-1", CancellationToken.None);

        await Eventually(async () => (await cabinet.ListMyTelegramLinksAsync()).Result.Items.Should().BeEmpty());
        var exception = await FluentActions.Awaiting(() => BotApi().GetTelegramLinkAsync(UserId)).Should().ThrowAsync<MakCrmApiException>();
        exception.Which.StatusCode.Should().Be(404);
        (await ScalarAsync("SELECT count(*) FROM {schema}.chats WHERE chat_key = 'tg:5213344556' AND blocked_at IS NOT NULL")).Should().Be(1);

        // Nothing more is sent to the chat: later messages are written as dropped.
        await queue.EnqueueMessageAsync(new SendMessageRequest(UserId, "Ещё одно уведомление"), "n-2", CancellationToken.None);
        await Task.Delay(500);
        Telegram.Calls("sendMessage").Count(c => c.ErrorCode == 403).Should().Be(1);
        (await ScalarAsync("SELECT count(*) FROM {schema}.outbox WHERE status = 'dropped'")).Should().Be(2);
    }

    [Fact]
    public async Task Of_two_instances_one_polls_and_the_other_takes_over_when_it_stops()
    {
        var first = await StartBotAsync();
        await Eventually(() => Task.FromResult(first.Services.GetRequiredService<LongPoller>().HasPolled.Should().BeTrue()));
        var second = await StartBotAsync();

        Telegram.SendText(UserId, "/start");
        await Telegram.WaitForTextAsync(UserId, "Здравствуйте");
        await Task.Delay(TimeSpan.FromSeconds(3));
        second.Services.GetRequiredService<LongPoller>().HasPolled.Should().BeFalse();
        Telegram.PollConflicts.Should().Be(0);
        Telegram.Sent(UserId).Should().ContainSingle();

        await StopBotAsync(first);
        Telegram.SendText(UserId, "/menu");
        await Telegram.WaitForTextAsync(UserId, "Здравствуйте", skip: 1);
        second.Services.GetRequiredService<LongPoller>().HasPolled.Should().BeTrue();
        Telegram.PollConflicts.Should().Be(0);
    }

    [Fact]
    public async Task A_redelivered_update_has_one_effect()
    {
        await StartBotAsync();
        var updateId = Telegram.SendText(UserId, "/start");
        await Telegram.WaitForTextAsync(UserId, "Здравствуйте");

        Telegram.Redeliver(Telegram.History[updateId]);
        Telegram.SendText(UserId, "/help");
        await Telegram.WaitForTextAsync(UserId, "/newlead");

        Telegram.Sent(UserId).Count(m => m.Text.Contains("Здравствуйте", StringComparison.Ordinal)).Should().Be(1);
    }

    [Fact]
    public async Task The_tables_of_a_telegram_only_bot_are_brought_up_to_date_at_start_up_keeping_its_claims_and_queued_messages()
    {
        // The state an earlier version of the bot left: update 42 handled, a message still queued by chat id.
        await ScalarAsync($$"""
            CREATE SCHEMA {schema};
            CREATE TABLE {schema}.processed_updates (update_id bigint PRIMARY KEY, processed_at timestamptz NOT NULL DEFAULT now());
            INSERT INTO {schema}.processed_updates (update_id) VALUES (42);
            CREATE TABLE {schema}.chats (chat_key text PRIMARY KEY, telegram_user_id bigint, user_id uuid, step text,
                data jsonb NOT NULL DEFAULT jsonb_build_object(), blocked_at timestamptz, updated_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE {schema}.outbox (id bigserial PRIMARY KEY, chat_id bigint NOT NULL, method text NOT NULL, payload jsonb NOT NULL,
                dedupe_key text UNIQUE, not_before timestamptz NOT NULL DEFAULT now(), attempts int NOT NULL DEFAULT 0,
                status text NOT NULL DEFAULT 'pending', last_error text, created_at timestamptz NOT NULL DEFAULT now(), sent_at timestamptz);
            INSERT INTO {schema}.outbox (chat_id, method, payload) VALUES ({{UserId}}, 'sendMessage', '{"chat_id":{{UserId}},"text":"Сообщение из очереди"}');
            SELECT 1
            """);

        // Update 42 comes again with a new one: the first poll skips it, as the earlier version would have.
        Telegram.Redeliver(new System.Text.Json.Nodes.JsonObject
        {
            ["update_id"] = 42,
            ["message"] = new System.Text.Json.Nodes.JsonObject
            {
                ["message_id"] = 1, ["date"] = 1763798400, ["text"] = "/start",
                ["chat"] = new System.Text.Json.Nodes.JsonObject { ["id"] = UserId, ["type"] = "private", ["first_name"] = "Иван" },
                ["from"] = new System.Text.Json.Nodes.JsonObject { ["id"] = UserId, ["is_bot"] = false, ["first_name"] = "Иван" },
            },
        });
        Telegram.SendText(UserId, "/help");

        await StartBotAsync();
        await Telegram.WaitForTextAsync(UserId, "Сообщение из очереди");
        await Telegram.WaitForTextAsync(UserId, "/newlead");
        Telegram.Sent(UserId).Should().NotContain(m => m.Text.Contains("Здравствуйте", StringComparison.Ordinal), "update 42 was handled before the upgrade");
        var claim = $"tg-{FakeBotApi.BotIdOf(Telegram.Token)}-update-42";
        (await ScalarAsync($"SELECT count(*) FROM {{schema}}.processed_inputs WHERE key = '{claim}'"))
            .Should().Be(1, "the earlier version's claim is the bot's now");
        (await ScalarAsync("SELECT count(*) FROM information_schema.tables WHERE table_schema = '{schema}' AND table_name = 'processed_updates'")).Should().Be(0);
        await Eventually(async () => (await ScalarAsync(
            $"SELECT count(*) FROM {{schema}}.outbox WHERE chat_key = 'tg:{UserId}' AND payload->>'text' = 'Сообщение из очереди' AND status = 'sent'")).Should().Be(1));
    }

    [Fact]
    public async Task In_webhook_mode_the_bot_sets_its_webhook_and_takes_only_posts_with_the_secret_token()
    {
        var options = Options(UpdateMode.Webhook);
        var bot = await StartBotAsync(options);
        Telegram.WebhookUrl.Should().Be("https://bot.example/telegram/webhook");
        Telegram.WebhookSecret.Should().Be(options.WebhookSecret);

        var address = new Uri(bot.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var http = new HttpClient { BaseAddress = address };
        var update = new { update_id = 42, message = new { message_id = 1, date = 1763798400, chat = new { id = UserId, type = "private", first_name = "Иван" }, from = new { id = UserId, is_bot = false, first_name = "Иван" }, text = "/start" } };

        (await http.PostAsJsonAsync(WebhookEndpoint.Path, update)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, WebhookEndpoint.Path) { Content = JsonContent.Create(update) };
        wrong.Headers.Add(WebhookEndpoint.SecretHeader, "not-the-secret");
        (await http.SendAsync(wrong)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        for (var i = 0; i < 2; i++)
        {
            using var right = new HttpRequestMessage(HttpMethod.Post, WebhookEndpoint.Path) { Content = JsonContent.Create(update) };
            right.Headers.Add(WebhookEndpoint.SecretHeader, options.WebhookSecret);
            (await http.SendAsync(right)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await Telegram.WaitForTextAsync(UserId, "Здравствуйте");
        await Task.Delay(500);
        Telegram.Sent(UserId).Should().ContainSingle("the same update_id posted twice is handled once");
        Telegram.Calls("getUpdates").Should().BeEmpty();
    }
}
