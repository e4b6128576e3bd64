using System.Net;
using System.Text;
using MakCrm.Client;
using MakCrm.Testing;
using MakCrm.TelegramSimulator;

namespace MakCrm.TelegramBot.Tests;

/// <summary>
/// The WhatsApp side end to end: the real API, the fake Cloud API (its documented wire format on 127.0.0.1) posting
/// signed webhook deliveries to a bot instance, and the same conversations as in Telegram.
/// </summary>
public sealed class WhatsAppTests(BotApiFixture server) : BotTest(server)
{
    private static int _numbers = Environment.ProcessId % 1000 * 1000;

    [Fact]
    public async Task The_webhook_answers_meta_s_handshake_only_with_the_verify_token()
    {
        await StartBotAsync(Options(whatsApp: true));

        var right = await WhatsApp.VerifyAsync(WhatsAppVerifyToken, "1158201444");
        right.Status.Should().Be(HttpStatusCode.OK);
        right.Body.Should().Be("1158201444");
        (await WhatsApp.VerifyAsync("not-the-verify-token", "1158201444")).Status.Should().Be(HttpStatusCode.Forbidden);
        (await WhatsApp.VerifyAsync(WhatsAppVerifyToken, "1158201444", mode: "unsubscribe")).Status.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_delivery_whose_signature_is_missing_or_wrong_is_refused_and_handled_nowhere()
    {
        await StartBotAsync(Options(whatsApp: true));
        var user = NextWaId();
        var body = WhatsApp.TextDelivery(user, "/start");
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("/start", "/menu", StringComparison.Ordinal));
        var otherSecret = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("another-app-secret"u8.ToArray(), body));

        (await WhatsApp.PostAsync(body, null)).Should().Be(HttpStatusCode.Unauthorized);
        (await WhatsApp.PostAsync(body, "sha256=not-hex")).Should().Be(HttpStatusCode.Unauthorized);
        (await WhatsApp.PostAsync(body, otherSecret)).Should().Be(HttpStatusCode.Unauthorized);
        (await WhatsApp.PostAsync(tampered, WhatsApp.Signature(body))).Should().Be(HttpStatusCode.Unauthorized);
        (await WhatsApp.PostAsync(body, WhatsApp.Signature(body).Replace("sha256=", "sha1=", StringComparison.Ordinal))).Should().Be(HttpStatusCode.Unauthorized);
        await Task.Delay(500);
        WhatsApp.Sent(user).Should().BeEmpty("nothing of a refused delivery is handled");
        (await ScalarAsync($"SELECT count(*) FROM {{schema}}.chats WHERE chat_key = 'wa:{user}'")).Should().Be(0);

        (await WhatsApp.PostAsync(body, WhatsApp.Signature(body))).Should().Be(HttpStatusCode.OK);
        await WhatsApp.WaitForTextAsync(user, "Здравствуйте");
    }

    [Fact]
    public async Task Link_with_a_code_then_a_new_lead_with_a_duplicate_warning_then_a_status_change_in_the_cabinet_arrives_in_whatsapp()
    {
        var user = NextWaId();
        await StartBotAsync(Options(whatsApp: true));
        var (userId, cabinet) = await NewPartnerAsync();
        var phone = NextPhone();
        var first = (await cabinet.SubmitLeadAsync(new CreateLeadSubmissionRequest { FullName = "Первый Лид Иванович", Phone = phone, Source = "partner" }, Guid.NewGuid().ToString())).Result;

        // The cabinet's link opens WhatsApp with "/start <code>" typed in; the user sends it.
        var code = (await cabinet.CreateMyTelegramLinkCodeAsync(Guid.NewGuid().ToString())).Result;
        code.WhatsAppLink.Should().StartWith($"https://wa.me/{FakeWhatsAppApi.DisplayPhoneNumber}?text=");
        var typed = Uri.UnescapeDataString(code.WhatsAppLink!.Split("?text=")[1]);
        typed.Should().Be("/start " + code.Code);
        await NextAsync(user, () => WhatsApp.SendTextAsync(user, typed, "Иван Петров"), "подключён");
        var link = (await cabinet.ListMyWhatsAppLinksAsync()).Result.Items.Should().ContainSingle().Subject;
        link.WaId.Should().Be(user);
        link.ProfileName.Should().Be("Иван Петров");
        (await BotApi().GetWhatsAppLinkAsync(user)).Result.UserId.Should().Be(userId);

        var menu = await WhatsApp.WaitForTextAsync(user, "Главное меню");
        menu.IsList.Should().BeTrue("five choices do not fit three reply buttons");
        await NextAsync(user, () => WhatsApp.PressAsync(user, menu, menu.Button("Новый лид")), "ФИО клиента");
        await NextAsync(user, () => WhatsApp.SendTextAsync(user, "Петров Иван Сергеевич"), "Телефон клиента");
        await NextAsync(user, () => WhatsApp.SendTextAsync(user, "12"), "Телефон не принят");
        var warning = await NextAsync(user, () => WhatsApp.SendTextAsync(user, phone), "Проверка на дубли: с этим телефоном уже есть");
        warning.Text.Should().Contain("будет помечен как дубль");
        warning.IsList.Should().BeFalse("three short choices are reply buttons");
        warning.Buttons.Select(b => b.Title).Should().Equal("Всё равно создать", "Открыть лид", "Отмена");
        await NextAsync(user, () => WhatsApp.PressAsync(user, warning, warning.Button("Всё равно создать")), "Сумма кредита");
        var products = await NextAsync(user, () => WhatsApp.SendTextAsync(user, "3 500 000"), "Продукт:");
        products.IsList.Should().BeTrue();
        await NextAsync(user, () => WhatsApp.PressAsync(user, products, products.Button("Ипотека")), "Комментарий к лиду");
        var summary = await NextAsync(user, () => WhatsApp.SendTextAsync(user, "Звонить после 18:00"), "Проверьте лид");
        summary.Text.Should().Contain("Петров Иван Сергеевич").And.Contain("Ипотека").And.Contain("Звонить после 18:00");

        // "✅ Согласие получено, отправить" is longer than a reply button's 20 characters: a list row, the label whole in its description.
        summary.IsList.Should().BeTrue();
        var consent = summary.Button("Согласие получено");
        consent.Title.Length.Should().BeLessThanOrEqualTo(24);
        consent.Description.Should().Be("✅ Согласие получено, отправить");
        var confirm = await WhatsApp.PressAsync(user, summary, consent);
        var created = await WhatsApp.WaitForTextAsync(user, "Лид создан");
        created.Text.Should().Contain("помечен как дубль");

        // Meta delivers the confirming tap again: no second lead.
        (await WhatsApp.RedeliverAsync(confirm)).Should().Be(HttpStatusCode.OK);
        await NextAsync(user, () => WhatsApp.SendTextAsync(user, "/help"), "/newlead");
        var leads = (await cabinet.ListLeadsAsync(limit: 100)).Result.Items.Where(l => l.Id != first.Lead.Id).ToList();
        leads.Should().ContainSingle("the lead made in the chat, once");
        var lead = leads.Single();
        lead.RequestedAmount.Should().Be(3_500_000m);
        lead.Product.Should().Be(LoanProduct.Mortgage);
        lead.DuplicateOf.Should().NotBeNull();
        var consents = (await cabinet.ListConsentsAsync(clientId: lead.ClientId)).Result.Items;
        consents.Should().ContainSingle().Which.Purpose
            .Should().Be(ConsentPurpose.PersonalDataProcessing, "only processing was confirmed");

        // The user wants status changes in WhatsApp; head office moves the lead in the cabinet.
        await cabinet.ReplaceMyNotificationPreferencesAsync(new ReplaceNotificationPreferencesRequest
        {
            Items = [new NotificationPreferenceChoice { Kind = NotificationKind.Lead_status_changed, Channel = NotificationChannel.Whatsapp, Enabled = true }],
        });
        var admin = new MakCrmApiClient(await Server.CreateHttpClientAsync(TestActor.Admin));
        await admin.UpdateLeadAsync(lead.Id, $"\"{lead.Version}\"", new UpdateLeadRequest { Status = "in_progress" });

        var notice = await WhatsApp.WaitForTextAsync(user, "🔔", timeout: TimeSpan.FromSeconds(30));
        notice.Type.Should().Be("interactive", "the window is open: the notification comes in full, with its button");
        var card = await NextAsync(user, () => WhatsApp.PressAsync(user, notice, notice.Button("Открыть лид")), "Статус: в работе");
        card.Text.Should().Contain("История:").And.Contain("статус: новый → в работе");
        Telegram.Calls("sendMessage").Should().BeEmpty("a WhatsApp user's notifications go to WhatsApp only");
    }

    [Fact]
    public async Task An_unlinked_chat_sees_registration_linking_and_the_faq_in_a_list_and_forged_or_foreign_button_ids_are_refused()
    {
        var user = NextWaId();
        var stranger = NextWaId();
        await StartBotAsync(Options(whatsApp: true));

        var menu = await NextAsync(user, () => WhatsApp.SendTextAsync(user, "/start"), "Здравствуйте");
        menu.IsList.Should().BeTrue("four choices are a list");
        menu.Buttons.Select(b => b.Title).Should().BeEquivalentTo("Стать партнёром", "Стать франчайзи", "Подключить аккаунт", "FAQ");
        var howTo = await NextAsync(user, () => WhatsApp.PressAsync(user, menu, menu.Button("Подключить аккаунт")), "Чтобы подключить аккаунт");
        howTo.Text.Should().Contain("«Профиль → WhatsApp»");
        howTo.IsList.Should().BeFalse();
        howTo.Buttons.Should().ContainSingle().Which.Title.Should().Be("☰ Меню");

        await NextAsync(user, () => WhatsApp.SendImageAsync(user), "только текст и кнопки");
        await NextAsync(user, () => WhatsApp.SendTextAsync(user, "/newlead"), "после подключения аккаунта");
        await NextAsync(user, () => WhatsApp.SendTextAsync(user, "/start lk_not-a-real-code"), "недействительна");

        // A made-up id, and another chat's real one, resolve to nothing.
        await NextAsync(user, () => WhatsApp.PressAsync(user, menu, "lead:0192d6f0-0000-7000-8000-000000000000"), "кнопка устарела");
        await NextAsync(stranger, () => WhatsApp.PressAsync(stranger, menu with { To = stranger }, menu.Button("Стать партнёром").Id), "кнопка устарела");
        WhatsApp.Sent(stranger).Should().NotContain(m => m.Text.Contains("Название компании", StringComparison.Ordinal));

        WhatsApp.Sent(user).SelectMany(m => m.Buttons).Select(b => b.Title).Distinct()
            .Should().OnlyContain(t => t == "Стать партнёром" || t == "Стать франчайзи" || t == "Подключить аккаунт" || t == "FAQ" || t == "☰ Меню");
    }

    [Fact]
    public async Task Outside_the_24_hour_window_a_notification_is_announced_once_by_the_template_and_given_in_full_when_the_user_writes()
    {
        var user = NextWaId();
        await StartBotAsync(Options(whatsApp: true));
        var (_, cabinet) = await NewPartnerAsync();
        await LinkInWhatsAppAsync(cabinet, user);
        await cabinet.ReplaceMyNotificationPreferencesAsync(new ReplaceNotificationPreferencesRequest
        {
            Items = [new NotificationPreferenceChoice { Kind = NotificationKind.Lead_status_changed, Channel = NotificationChannel.Whatsapp, Enabled = true }],
        });
        var lead = (await cabinet.SubmitLeadAsync(new CreateLeadSubmissionRequest { FullName = "Оконный Олег Олегович", Phone = NextPhone(), Source = "partner" }, Guid.NewGuid().ToString())).Result.Lead;

        // The user last wrote 25 hours ago, as far as both WhatsApp and the bot know.
        WhatsApp.CloseWindow(user);
        await ScalarAsync($"UPDATE {{schema}}.chats SET last_inbound_at = now() - interval '25 hours' WHERE chat_key = 'wa:{user}' RETURNING 1");
        var before = WhatsApp.Sent(user).Count;
        var admin = new MakCrmApiClient(await Server.CreateHttpClientAsync(TestActor.Admin));
        lead = (await admin.UpdateLeadAsync(lead.Id, $"\"{lead.Version}\"", new UpdateLeadRequest { Status = "in_progress" })).Result;
        await admin.UpdateLeadAsync(lead.Id, $"\"{lead.Version}\"", new UpdateLeadRequest { Status = "approved" });

        var template = await WhatsApp.WaitForMessageAsync(user, m => m.Type == "template", skip: before, timeout: TimeSpan.FromSeconds(30));
        template.TemplateName.Should().Be(WhatsAppTemplate);
        template.TemplateParameters.Should().ContainSingle().Which.Should().NotBeNullOrWhiteSpace().And.NotContain("\n");
        await Eventually(async () => (await ScalarAsync($"SELECT count(*) FROM {{schema}}.outbox WHERE chat_key = 'wa:{user}' AND status = 'held'")).Should().Be(2));
        await Task.Delay(500);
        WhatsApp.Sent(user).Skip(before).Should().ContainSingle("one template for the closed window, nothing free-form");
        WhatsApp.Calls().Should().NotContain(c => c.ErrorCode == 131047, "the bot knew the window was closed");

        // The user answers: the window opens, the held notifications come in full, then the reply.
        await WhatsApp.SendTextAsync(user, "Что там с лидом?");
        await WhatsApp.WaitForTextAsync(user, "«Новый» → «В работе»", skip: before + 1);
        await WhatsApp.WaitForTextAsync(user, "«В работе» → «Одобрен»", skip: before + 1);
        await WhatsApp.WaitForTextAsync(user, "не понял", skip: before + 1);
        (await ScalarAsync($"SELECT count(*) FROM {{schema}}.outbox WHERE chat_key = 'wa:{user}' AND status = 'held'")).Should().Be(0);

        // WhatsApp closes a window the bot thinks open (131047): the notification is held again and announced again.
        WhatsApp.CloseWindow(user);
        before = WhatsApp.Sent(user).Count;
        lead = (await cabinet.GetLeadAsync(lead.Id)).Result;
        await admin.UpdateLeadAsync(lead.Id, $"\"{lead.Version}\"", new UpdateLeadRequest { Status = "rejected" });
        var again = await WhatsApp.WaitForMessageAsync(user, m => m.Type == "template", skip: before, timeout: TimeSpan.FromSeconds(30));
        again.TemplateName.Should().Be(WhatsAppTemplate);
        WhatsApp.Calls().Should().Contain(c => c.ErrorCode == 131047);
        await Eventually(async () => (await ScalarAsync($"SELECT count(*) FROM {{schema}}.outbox WHERE chat_key = 'wa:{user}' AND status = 'held'")).Should().Be(1));
    }

    [Fact]
    public async Task The_pair_rate_limit_is_waited_out_and_an_undeliverable_message_fails_alone()
    {
        var user = NextWaId();
        await StartBotAsync(Options(whatsApp: true));

        WhatsApp.FailNext(131056, "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.");
        await NextAsync(user, () => WhatsApp.SendTextAsync(user, "/start"), "Здравствуйте");
        WhatsApp.Calls().Should().Contain(c => c.ErrorCode == 131056);

        WhatsApp.FailNext(131026, "Message Undeliverable.");
        var before = WhatsApp.Sent(user).Count;
        await WhatsApp.SendTextAsync(user, "/help");
        await Eventually(async () => (await ScalarAsync($"SELECT count(*) FROM {{schema}}.outbox WHERE chat_key = 'wa:{user}' AND status = 'failed' AND last_error LIKE '131026:%'")).Should().Be(1));
        await NextAsync(user, () => WhatsApp.SendTextAsync(user, "/menu"), "Здравствуйте");
        WhatsApp.Sent(user).Skip(before).Should().NotContain(m => m.Text.Contains("/newlead", StringComparison.Ordinal), "the refused message is not sent again");

        // A message WhatsApp accepted and later could not deliver is recorded as failed too.
        var delivered = WhatsApp.Sent(user).Last();
        await Eventually(async () => (await ScalarAsync($"SELECT count(*) FROM {{schema}}.outbox WHERE external_id = '{delivered.Id}' AND status = 'sent'")).Should().Be(1));
        (await WhatsApp.FailStatusAsync(user, delivered.Id, 131026, "Message undeliverable", "Message Undeliverable.")).Should().Be(HttpStatusCode.OK);
        await Eventually(async () => (await ScalarAsync($"SELECT count(*) FROM {{schema}}.outbox WHERE chat_key = 'wa:{user}' AND status = 'failed'")).Should().Be(2));
    }

    /// <summary>Links <paramref name="waId"/> to the cabinet's user: a code from the cabinet, <c>/start code</c> sent in WhatsApp.</summary>
    private async Task LinkInWhatsAppAsync(IMakCrmApiClient cabinet, string waId)
    {
        var code = (await cabinet.CreateMyTelegramLinkCodeAsync(Guid.NewGuid().ToString())).Result;
        await NextAsync(waId, () => WhatsApp.SendTextAsync(waId, "/start " + code.Code), "подключён");
        await WhatsApp.WaitForTextAsync(waId, "Главное меню");
    }

    /// <summary>Does <paramref name="act"/> (a message or a tap) and waits for the first message after it that contains <paramref name="text"/>.</summary>
    private async Task<WhatsAppMessage> NextAsync(string waId, Func<Task> act, string text)
    {
        var before = WhatsApp.Sent(waId).Count;
        await act();
        return await WhatsApp.WaitForTextAsync(waId, text, skip: before);
    }

    private static string NextWaId() => $"7916{Interlocked.Increment(ref _numbers):D7}";

    private static string NextPhone() => $"+7915{Interlocked.Increment(ref _numbers):D7}";
}
