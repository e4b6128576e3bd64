using MakCrm.Client;
using MakCrm.Testing;
using MakCrm.TelegramSimulator;

namespace MakCrm.TelegramBot.Tests;

/// <summary>The conversations end to end: the real API, the fake Bot API, a user pressing buttons.</summary>
public sealed class ConversationTests(BotApiFixture server) : BotTest(server)
{
    private static int _phones = Environment.ProcessId % 1000 * 1000;

    [Fact]
    public async Task Link_then_a_new_lead_with_a_duplicate_warning_then_a_status_change_in_the_cabinet_arrives_in_the_chat()
    {
        const long user = 6_100_000_001;
        await StartBotAsync();
        var (_, cabinet) = await NewPartnerAsync();
        var phone = NextPhone();
        var first = (await cabinet.SubmitLeadAsync(new CreateLeadSubmissionRequest { FullName = "Первый Лид Иванович", Phone = phone, Source = "partner" }, Guid.NewGuid().ToString())).Result;
        await LinkAsync(cabinet, user);

        var menu = await Telegram.WaitForTextAsync(user, "Главное меню");
        Telegram.Press(user, menu, menu.Button("Новый лид"));
        await Telegram.WaitForTextAsync(user, "ФИО клиента");
        Telegram.SendText(user, "Петров Иван Сергеевич");
        await Telegram.WaitForTextAsync(user, "Телефон клиента");
        Telegram.SendText(user, "12");
        await Telegram.WaitForTextAsync(user, "Телефон не принят");
        Telegram.SendText(user, phone);

        var warning = await Telegram.WaitForTextAsync(user, "Проверка на дубли: с этим телефоном уже есть");
        warning.Text.Should().Contain("будет помечен как дубль");
        Telegram.Press(user, warning, warning.Button("Всё равно создать"));
        await Telegram.WaitForTextAsync(user, "Сумма кредита");
        Telegram.SendText(user, "3 500 000");
        var products = await Telegram.WaitForTextAsync(user, "Продукт:");
        Telegram.Press(user, products, products.Button("Ипотека"));
        await Telegram.WaitForTextAsync(user, "Комментарий к лиду");
        Telegram.SendText(user, "Звонить после 18:00");
        var summary = await Telegram.WaitForTextAsync(user, "Проверьте лид");
        summary.Text.Should().Contain("Петров Иван Сергеевич").And.Contain("Ипотека").And.Contain("Звонить после 18:00");

        // The client agreed to the credit-history request too: both consents go with the lead.
        var confirm = Telegram.Press(user, summary, summary.Button("кредитной истории"));
        var created = await Telegram.WaitForTextAsync(user, "Лид создан");
        created.Text.Should().Contain("помечен как дубль");

        // The same confirmation delivered again makes no second lead.
        Telegram.Redeliver(Telegram.History[confirm]);
        Telegram.SendText(user, "/help");
        await Telegram.WaitForTextAsync(user, "/newlead");
        var leads = (await cabinet.ListLeadsAsync(limit: 100)).Result.Items.Where(l => l.Id != first.Lead.Id).ToList();
        leads.Should().ContainSingle("the first lead and the one made in the chat, once");
        var lead = leads.Single();
        lead.RequestedAmount.Should().Be(3_500_000m);
        lead.Product.Should().Be(LoanProduct.Mortgage);
        lead.DuplicateOf.Should().NotBeNull();
        lead.Consent!.TextVersion.Should().Be("telegram-bot-2026-11");
        var consents = (await cabinet.ListConsentsAsync(clientId: lead.ClientId)).Result.Items;
        consents.Select(c => c.Purpose).Should()
            .BeEquivalentTo([ConsentPurpose.PersonalDataProcessing, ConsentPurpose.CreditHistoryRequest]);
        consents.Should().OnlyContain(c => c.Source == ConsentSource.Bot && c.LeadId == lead.Id);
        consents.Single(c => c.Purpose == ConsentPurpose.CreditHistoryRequest).ExpiresAt.Should().NotBeNull();
        Telegram.AllCallbacksAnswered().Should().BeTrue();

        // The user wants status changes by Telegram; head office moves the lead in the cabinet.
        await cabinet.ReplaceMyNotificationPreferencesAsync(new ReplaceNotificationPreferencesRequest
        {
            Items = [new NotificationPreferenceChoice { Kind = NotificationKind.Lead_status_changed, Channel = NotificationChannel.Telegram, Enabled = true }],
        });
        var admin = new MakCrmApiClient(await Server.CreateHttpClientAsync(TestActor.Admin));
        await admin.UpdateLeadAsync(lead.Id, $"\"{lead.Version}\"", new UpdateLeadRequest { Status = "in_progress" });

        var notice = await Telegram.WaitForTextAsync(user, "🔔", timeout: TimeSpan.FromSeconds(30));
        notice.Button("Открыть лид").Should().NotBeNull();
        Telegram.Press(user, notice, notice.Button("Открыть лид"));
        var card = await Telegram.WaitForTextAsync(user, "Статус: в работе");
        card.Text.Should().Contain("История:").And.Contain("статус: новый → в работе");
    }

    [Fact]
    public async Task A_forged_or_foreign_callback_cannot_open_another_user_s_lead()
    {
        const long owner = 6_100_000_002, stranger = 6_100_000_003;
        await StartBotAsync();
        var (_, ownerCabinet) = await NewPartnerAsync();
        var (_, strangerCabinet) = await NewPartnerAsync(TestActors.PartnerBetaOrganization);
        var submitted = (await ownerCabinet.SubmitLeadAsync(new CreateLeadSubmissionRequest { FullName = "Секретов Сергей", Phone = NextPhone(), Source = "partner", Product = LoanProduct.Auto, RequestedAmount = 1_234_567m }, Guid.NewGuid().ToString())).Result;
        await LinkAsync(ownerCabinet, owner);
        await LinkAsync(strangerCabinet, stranger);

        var menu = await Telegram.WaitForTextAsync(owner, "Главное меню");
        Telegram.Press(owner, menu, menu.Button("Мои лиды"));
        var list = await Telegram.WaitForTextAsync(owner, "Ваши лиды");
        // "Мои лиды" names each lead by its client.
        var leadButton = list.Button("Секретов Сергей");

        // The stranger replays the owner's callback data in their own chat, and makes some up.
        var before = Telegram.Sent(stranger).Count;
        Telegram.Press(stranger, new SentMessage(stranger, list.MessageId, list.Text, list.Buttons, list.At, false), leadButton.CallbackData!);
        await Telegram.WaitForTextAsync(stranger, "кнопка устарела", skip: before);
        Telegram.Press(stranger, new SentMessage(stranger, list.MessageId, list.Text, list.Buttons, list.At, false), $"lead:{submitted.Lead.Id}");
        await Telegram.WaitForTextAsync(stranger, "кнопка устарела", skip: before + 2);
        Telegram.Sent(stranger).Should().NotContain(m => m.Text.Contains("1 234 567", StringComparison.Ordinal) || m.Text.Contains("Секретов", StringComparison.Ordinal));

        // The owner's own press opens the card.
        Telegram.Press(owner, list, leadButton);
        var card = await Telegram.WaitForTextAsync(owner, "Статус: новый");
        card.Text.Should().Contain("Секретов Сергей").And.Contain("Автокредит")
            .And.Contain("1 234 567 ₽");
    }

    [Fact]
    public async Task Unexpected_input_gets_a_helpful_answer_and_an_unlinked_chat_gets_only_registration_linking_and_faq()
    {
        const long user = 6_100_000_004;
        await StartBotAsync();

        Telegram.SendSticker(user);
        await Telegram.WaitForTextAsync(user, "только текст и кнопки");
        Telegram.SendText(user, "привет");
        await Telegram.WaitForTextAsync(user, "не понял");
        Telegram.SendText(user, "/newlead");
        await Telegram.WaitForTextAsync(user, "после подключения аккаунта");
        Telegram.SendText(user, "/start lk_not-a-real-code");
        await Telegram.WaitForTextAsync(user, "недействительна");

        Telegram.Sent(user).SelectMany(m => m.Buttons).SelectMany(r => r).Select(b => b.Text).Distinct()
            .Should().OnlyContain(t => t == "Стать партнёром" || t == "Стать франчайзи" || t == "Подключить аккаунт" || t == "FAQ" || t == "☰ Меню");
    }

    [Fact]
    public async Task A_partner_registers_from_the_chat_with_the_api_s_field_errors_shown()
    {
        const long user = 6_100_000_005;
        await StartBotAsync();
        Telegram.SendText(user, "/start");
        var menu = await Telegram.WaitForTextAsync(user, "Здравствуйте");
        Telegram.Press(user, menu, menu.Button("Стать партнёром"));
        await Telegram.WaitForTextAsync(user, "Название компании");
        Telegram.SendText(user, "ООО Ботов и партнёры");
        var forms = await Telegram.WaitForTextAsync(user, "Организационно-правовая форма");
        Telegram.Press(user, forms, forms.Button("ООО"));
        await Telegram.WaitForTextAsync(user, "ИНН");
        Telegram.SendText(user, "123");
        await Telegram.WaitForTextAsync(user, "Город");
        Telegram.SendText(user, "Казань");
        await Telegram.WaitForTextAsync(user, "Ниша");
        Telegram.SendText(user, "Недвижимость");
        await Telegram.WaitForTextAsync(user, "Ваши ФИО");
        Telegram.SendText(user, "Ботов Борис Борисович");
        await Telegram.WaitForTextAsync(user, "Контактный телефон");
        Telegram.SendText(user, NextPhone());
        await Telegram.WaitForTextAsync(user, "E-mail");
        var email = $"reg-{Guid.NewGuid():N}@bot.test";
        Telegram.SendText(user, email);

        var refused = await Telegram.WaitForTextAsync(user, "Заявка не принята");
        refused.Text.Should().Contain("•", "the API's own field error is shown");
        await Telegram.WaitForTextAsync(user, "ИНН", skip: Telegram.Sent(user).ToList().IndexOf(refused) + 1);
        Telegram.SendText(user, NextInn());
        await Telegram.WaitForTextAsync(user, "Заявка на регистрацию отправлена");
    }

    [Fact]
    public async Task The_chat_reads_times_in_its_zone_and_a_lead_s_history_in_words()
    {
        const long user = 6_100_000_009;
        await StartBotAsync();
        var (_, cabinet) = await NewPartnerAsync();
        var request = new CreateLeadSubmissionRequest
        {
            FullName = "Часова Зоя", Phone = NextPhone(), Source = "partner", RequestedAmount = 2_500_000m,
        };
        var lead = (await cabinet.SubmitLeadAsync(request, Guid.NewGuid().ToString())).Result.Lead;
        await LinkAsync(cabinet, user);

        // Moscow time until the user chooses; the help says how to choose.
        var help = await NextAsync(user, "/help", "/timezone");
        help.Text.Should().Contain("/newlead").And.Contain("/leads").And.NotContain("/lots", "not a franchisee");
        var zones = await NextAsync(user, "/timezone", "по МСК");
        Telegram.Press(user, zones, zones.Button("МСК+2"));
        await Telegram.WaitForTextAsync(user, "теперь по МСК+2");

        var menu = await NextAsync(user, "/menu", "Главное меню");
        Telegram.Press(user, menu, menu.Button("Мои лиды"));
        var list = await Telegram.WaitForTextAsync(user, "Ваши лиды");
        Telegram.Press(user, list, list.Button("Часова Зоя"));
        var card = await Telegram.WaitForTextAsync(user, "История:");
        var created = lead.CreatedAt.ToOffset(TimeSpan.FromHours(5));
        card.Text.Should().Contain(created.ToString("dd.MM HH:mm", System.Globalization.CultureInfo.InvariantCulture))
            .And.Contain("создан со статусом «новый»")
            .And.Contain("сумма: — → 2 500 000 ₽")
            .And.NotContain("requestedAmount").And.NotContain(lead.Id.ToString());
    }

    private async Task<SentMessage> NextAsync(long user, string text, string expected)
    {
        var before = Telegram.Sent(user).Count;
        Telegram.SendText(user, text);
        return await Telegram.WaitForTextAsync(user, expected, skip: before);
    }

    /// <summary>A 10-digit INN of an organization with a valid check digit.</summary>
    private static string NextInn()
    {
        int[] weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
        var digits = "77" + Random.Shared.Next(0, 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
        var check = digits.Select((c, i) => (c - '0') * weights[i]).Sum() % 11 % 10;
        return digits + check.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string NextPhone() => "+7913" + Interlocked.Increment(ref _phones).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
}
