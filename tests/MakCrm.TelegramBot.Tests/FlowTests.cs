using MakCrm.Client;
using MakCrm.Domain.Access;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Testing;
using MakCrm.TelegramSimulator;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.TelegramBot.Tests;

/// <summary>The FAQ and search, support tickets and the franchisee's auction, end to end: the real API, the fake Bot API.</summary>
public sealed class FlowTests(BotApiFixture server) : BotTest(server)
{
    private static int _phones = Environment.ProcessId % 1000 * 1000 + 500;

    [Fact]
    public async Task An_unlinked_chat_sees_only_the_public_faq_and_finds_only_public_material()
    {
        const long user = 6_200_000_001;
        await StartBotAsync();
        var admin = await AdminAsync();
        var general = (await admin.CreateKnowledgeSectionAsync(new CreateKnowledgeSectionRequest { Title = "Общие вопросы", Position = 0 }, Guid.NewGuid().ToString())).Result;
        var inside = (await admin.CreateKnowledgeSectionAsync(new CreateKnowledgeSectionRequest { Title = "Внутренние регламенты", Position = 1 }, Guid.NewGuid().ToString())).Result;
        await FaqAsync(admin, general.Id, "Как подать заявку на кредит?", "Через партнёра или на сайте.", [], []);
        await FaqAsync(admin, general.Id, "Как гостю узнать статус заявки?", "Спросите партнёра.", [Roles.Guest], []);
        await FaqAsync(admin, inside.Id, "Какая заявка считается внутренней?", "Секретный регламент офиса.", [], ["head_office"]);
        await FaqAsync(admin, general.Id, "Какая комиссия партнёра за заявку?", "Партнёрская ставка 1,5%.", [], ["partner"]);

        var menu = await NextAsync(user, () => Telegram.SendText(user, "/start"), "Здравствуйте");
        var faq = await NextAsync(user, () => Telegram.Press(user, menu, menu.Button("FAQ")), "Частые вопросы");
        var questions = faq.Buttons.SelectMany(r => r).Select(b => b.Text).ToList();
        questions.Should().Contain(q => q.Contains("подать заявку")).And.Contain(q => q.Contains("гостю"));
        questions.Should().NotContain(q => q.Contains("внутренней") || q.Contains("комиссия") || q.Contains("Внутренние"));
        var answer = await NextAsync(user, () => Telegram.Press(user, faq, faq.Button("подать заявку")), "Через партнёра");
        answer.Text.Should().Contain("❓ Как подать заявку на кредит?");

        await NextAsync(user, () => Telegram.SendText(user, "/search"), "Что ищем");
        var found = await NextAsync(user, () => Telegram.SendText(user, "заявки"), "Нашлось");
        found.Text.Should().Contain("подать заявку").And.NotContain("<mark>").And.NotContain("внутренней").And.NotContain("Партнёрская ставка").And.NotContain("комиссия");
        Telegram.Sent(user).Should().NotContain(m => m.Text.Contains("Секретный") || m.Text.Contains("1,5%"));
    }

    [Fact]
    public async Task A_linked_partner_finds_an_article_by_another_form_of_a_word_and_opens_it()
    {
        const long user = 6_200_000_002;
        await StartBotAsync();
        var admin = await AdminAsync();
        var section = (await admin.CreateKnowledgeSectionAsync(new CreateKnowledgeSectionRequest { Title = "Продукты", Position = 0 }, Guid.NewGuid().ToString())).Result;
        await admin.CreateArticleAsync(new CreateArticleRequest
        {
            SectionId = section.Id,
            Title = "Ипотечные программы банков-партнёров",
            Body = "Ставки по ипотеке & условия для партнёров: первоначальный взнос от 20%.",
            Status = ArticleStatus.Published,
            VisibleToKinds = ["partner"],
        }, Guid.NewGuid().ToString());
        var (_, cabinet) = await NewPartnerAsync();
        await LinkAsync(cabinet, user);

        var menu = await Telegram.WaitForTextAsync(user, "Главное меню");
        await NextAsync(user, () => Telegram.Press(user, menu, menu.Button("Поиск")), "Что ищем");
        var found = await NextAsync(user, () => Telegram.SendText(user, "ипотека"), "Нашлось");
        found.Text.Should().Contain("Ипотечные программы банков-партнёров").And.NotContain("<mark>").And.NotContain("&amp;");
        var article = await NextAsync(user, () => Telegram.Press(user, found, found.Button("Ипотечные")), "первоначальный взнос");
        article.Text.Should().Contain("📄 Ипотечные программы");
    }

    [Fact]
    public async Task A_ticket_from_the_chat_is_opened_once_and_support_s_answer_arrives_in_the_chat()
    {
        const long user = 6_200_000_003;
        await StartBotAsync();
        var (_, cabinet) = await NewPartnerAsync();
        await cabinet.ReplaceMyNotificationPreferencesAsync(new ReplaceNotificationPreferencesRequest
        {
            Items = [new NotificationPreferenceChoice { Kind = NotificationKind.Ticket_message_added, Channel = NotificationChannel.Telegram, Enabled = true }],
        });
        await LinkAsync(cabinet, user);

        var menu = await Telegram.WaitForTextAsync(user, "Главное меню");
        var support = await NextAsync(user, () => Telegram.Press(user, menu, menu.Button("Поддержка")), "Поддержка MaK CRM");
        await NextAsync(user, () => Telegram.Press(user, support, support.Button("Новое обращение")), "Тема");
        var categories = await NextAsync(user, () => Telegram.SendText(user, "Не загружается договор"), "Категория обращения");
        await NextAsync(user, () => Telegram.Press(user, categories, categories.Button("Документы")), "Опишите вопрос");
        var summary = await NextAsync(user, () => Telegram.SendText(user, "При загрузке скана договора появляется ошибка."), "Проверьте обращение");
        summary.Text.Should().Contain("Категория: Документы");
        var confirm = Telegram.Press(user, summary, summary.Button("Отправить"));
        await Telegram.WaitForTextAsync(user, "отправлено");

        Telegram.Redeliver(Telegram.History[confirm]);
        await NextAsync(user, () => Telegram.SendText(user, "/help"), "/support");
        var tickets = (await cabinet.ListTicketsAsync(mine: true)).Result.Items;
        tickets.Should().ContainSingle("a redelivered confirmation opens no second ticket");
        var ticket = tickets.Single();
        ticket.Subject.Should().Be("Не загружается договор");
        ticket.Category.Should().Be(TicketCategory.Documents);

        var admin = await AdminAsync();
        await admin.CreateTicketMessageAsync(new CreateTicketMessageRequest { Text = "Попробуйте загрузить файл в формате PDF." }, ticket.Id, Guid.NewGuid().ToString());
        var notice = await Telegram.WaitForTextAsync(user, "🔔 Ответ поддержки", timeout: TimeSpan.FromSeconds(30));
        var card = await NextAsync(user, () => Telegram.Press(user, notice, notice.Button("Открыть обращение")), "Последний ответ поддержки");
        card.Text.Should().Contain("формате PDF").And.Contain("Статус:");

        await NextAsync(user, () => Telegram.Press(user, card, card.Button("Ответить")), "сообщение для поддержки");
        await NextAsync(user, () => Telegram.SendText(user, "PDF загрузился, спасибо!"), "Сообщение отправлено");
        (await cabinet.ListTicketMessagesAsync(ticket.Id)).Result.Items.Select(m => m.Text).Should().Contain("PDF загрузился, спасибо!");
    }

    [Fact]
    public async Task A_franchisee_bids_with_confirmation_once_and_is_told_in_the_chat_when_another_organization_outbids_it()
    {
        const long user = 6_200_000_004, stranger = 6_200_000_005;
        await StartBotAsync();
        var admin = await AdminAsync();
        var franchisee = await NewFranchiseeAsync(admin, "Казань");
        var rival = await NewFranchiseeAsync(admin, "Казань");
        var client = (await admin.CreateClientAsync(new CreateClientRequest { FullName = "Скрытов Семён Петрович", Phone = NextPhone(), City = "Казань", Source = "partner" }, Guid.NewGuid().ToString())).Result;
        var lead = (await admin.CreateLeadAsync(new CreateLeadRequest { ClientId = client.Id, RequestedAmount = 2_500_000m, Product = LoanProduct.Mortgage }, Guid.NewGuid().ToString())).Result;
        var lot = (await admin.CreateLotAsync(new CreateLotRequest { LeadId = lead.Id, StartPrice = 1500m, MinStep = 100m, EndsAt = DateTimeOffset.UtcNow.AddHours(2) }, Guid.NewGuid().ToString())).Result;
        await franchisee.ReplaceMyNotificationPreferencesAsync(new ReplaceNotificationPreferencesRequest
        {
            Items = [new NotificationPreferenceChoice { Kind = NotificationKind.Auction, Channel = NotificationChannel.Telegram, Enabled = true }],
        });
        await LinkAsync(franchisee, user);
        var (_, strangerCabinet) = await NewPartnerAsync();
        await LinkAsync(strangerCabinet, stranger);

        var menu = await Telegram.WaitForTextAsync(user, "Главное меню");
        var lots = await NextAsync(user, () => Telegram.Press(user, menu, menu.Button("Аукцион")), "Открытые лоты");
        var card = await NextAsync(user, () => Telegram.Press(user, lots, lots.Button("Ипотека")), "Лот №");
        card.Text.Should().Contain("Стартовая цена: 1 500 ₽").And.Contain("Шаг: 100 ₽").And.Contain("Город: Казань");
        card.Text.Should().Contain("Лид: Семён С.").And.NotContain("Скрытов", "the API masks the lead's name for a franchisee").And.NotContain(client.Phone);
        var ask = await NextAsync(user, () => Telegram.Press(user, card, card.Button("Ставка 1 500 ₽")), "подтвердить?");
        ask.Text.Should().StartWith("Ставка 1 500 ₽ на лот №");

        // Another chat replays the confirmation's callback data: nothing is bid.
        var strangerBefore = Telegram.Sent(stranger).Count;
        Telegram.Press(stranger, new SentMessage(stranger, ask.MessageId, ask.Text, ask.Buttons, ask.At, false), ask.Button("Подтвердить").CallbackData!);
        await Telegram.WaitForTextAsync(stranger, "кнопка устарела", skip: strangerBefore);
        (await admin.GetLotAsync(lot.Id)).Result.BidCount.Should().Be(0);

        var confirm = Telegram.Press(user, ask, ask.Button("Подтвердить"));
        await Telegram.WaitForTextAsync(user, "принята");
        Telegram.Redeliver(Telegram.History[confirm]);
        await NextAsync(user, () => Telegram.SendText(user, "/help"), "/lots");
        var afterBid = (await admin.GetLotAsync(lot.Id)).Result;
        afterBid.BidCount.Should().Be(1, "a redelivered confirmation bids once");
        afterBid.CurrentPrice.Should().Be(1500m);

        // Too low a bid typed by hand is explained with the API's minimum.
        var again = await NextAsync(user, () => Telegram.SendText(user, "/lots"), "Открытые лоты");
        var fresh = await NextAsync(user, () => Telegram.Press(user, again, again.Button("Ипотека")), "Ваша ставка лидирует");
        await NextAsync(user, () => Telegram.Press(user, fresh, fresh.Button("Другая сумма")), "сумму ставки");
        var low = await NextAsync(user, () => Telegram.SendText(user, "1 550"), "подтвердить?");
        await NextAsync(user, () => Telegram.Press(user, low, low.Button("Подтвердить")), "ниже минимальной");

        // Another organization outbids: the message arrives with a button to the lot.
        await rival.PlaceBidAsync(lot.Id, new PlaceBidRequest { Amount = 1700m }, Guid.NewGuid().ToString());
        var notice = await Telegram.WaitForTextAsync(user, "🔔 Вашу ставку перебили", timeout: TimeSpan.FromSeconds(30));
        notice.Text.Should().Contain("1 700");
        var outbid = await NextAsync(user, () => Telegram.Press(user, notice, notice.Button("Открыть лот")), "Вашу ставку перебили.");
        outbid.Text.Should().Contain("Текущая цена: 1 700 ₽");
    }

    private async Task<IMakCrmApiClient> AdminAsync() => new MakCrmApiClient(await Server.CreateHttpClientAsync(TestActor.Admin));

    private static async Task FaqAsync(IMakCrmApiClient admin, Guid section, string question, string answer, string[] roles, string[] kinds) =>
        await admin.CreateFaqEntryAsync(new CreateFaqEntryRequest { SectionId = section, Question = question, Answer = answer, VisibleToRoles = roles, VisibleToKinds = kinds }, Guid.NewGuid().ToString());

    /// <summary>A new active franchisee in <paramref name="city"/> with a deposit, and its user's cabinet.</summary>
    private async Task<IMakCrmApiClient> NewFranchiseeAsync(IMakCrmApiClient admin, string city)
    {
        var organizationId = Guid.CreateVersion7();
        await Server.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<MakCrmDbContext>();
            db.Set<MakCrm.Domain.Organizations.Organization>()
                .Add(MakCrm.Domain.Organizations.Organization.CreateActive(
                organizationId, MakCrm.Domain.Organizations.OrganizationKind.Franchisee, $"Франчайзи {organizationId:N}", DateTimeOffset.UtcNow, city));
            return await db.SaveChangesAsync();
        });
        var email = $"tg-fr-{Guid.NewGuid():N}@bot.test";
        await Server.CreateUserAsync(email, Roles.Franchisee, organizationId);
        await admin.RecordDepositAsync(new RecordLedgerEntryRequest { OrganizationId = organizationId, Amount = 100_000m, Comment = "Депозит для аукциона" }, Guid.NewGuid().ToString());
        return Sdk(MakCrmCredentials.Password(MakCrm.Infrastructure.Identity.FirstPartyClients.Cabinet, email, TestActors.Password));
    }

    /// <summary>Does <paramref name="act"/> (a message or a press) and waits for the first message after it that contains <paramref name="text"/>.</summary>
    private async Task<SentMessage> NextAsync(long user, Func<long> act, string text)
    {
        var before = Telegram.Sent(user).Count;
        act();
        return await Telegram.WaitForTextAsync(user, text, skip: before);
    }

    private static string NextPhone() => $"+7917{Interlocked.Increment(ref _phones) % 10_000_000:D7}";
}
