using MakCrm.Client;
using MakCrm.Testing;
using MakCrm.TelegramSimulator;

namespace MakCrm.TelegramBot.Tests;

/// <summary>
/// The bot in Telegram groups, through the fake Bot API: an owner links the team's group with a group code, the group
/// gets the organization's notifications by topic, a lead nobody is responsible for is taken from it once, and the bot
/// leaving the group ends the group's link in the CRM.
/// </summary>
public sealed class GroupTests(BotApiFixture server) : BotTest(server)
{
    private const long Owner = 6_300_000_001, Colleague = 6_300_000_002, Outsider = 6_300_000_003;
    private const long Group = -1_006_300_000_001;
    private const string NewLead = "Новый лид без ответственного";
    private const string Topics = "Уведомления в этой группе";
    private static readonly Guid Alpha = TestActors.PartnerAlphaOrganization;

    [Fact]
    public async Task A_linked_group_gets_new_leads_one_member_takes_one_and_the_bot_leaves_cleanly()
    {
        await StartBotAsync();
        var (ownerId, owner) = await NewPartnerAsync();
        var (_, colleague) = await NewPartnerAsync();
        await ScalarAsync($"UPDATE organizations SET owner_user_id = '{ownerId}' WHERE id = '{Alpha}' RETURNING 1");
        await LinkAsync(owner, Owner);
        await LinkAsync(colleague, Colleague);
        await FollowingAsync();

        // The owner adds the bot to the team's group and sends the group code there (the startgroup link does).
        Telegram.AddToGroup(Group, Owner);
        await Telegram.WaitForTextAsync(Group, "код группы");
        var code = (await owner.CreateTelegramGroupCodeAsync(Alpha, Guid.NewGuid().ToString())).Result;
        Telegram.SendGroupText(Group, Owner, $"/start@mak_crm_bot {code.Code}");
        await Telegram.WaitForTextAsync(Group, "группа подключена");
        var topics = await Telegram.WaitForTextAsync(Group, Topics);
        (await BotApi().ListTelegramGroupLinksAsync(Alpha)).Result.Items
            .Should().ContainSingle(l => l.ChatId == Group && l.Title == "Отдел продаж");

        // A command for another bot of the group is none of this bot's business.
        var before = Telegram.Sent(Group).Count;
        Telegram.SendGroupText(Group, Owner, "/settings@other_bot");

        // Someone not linked, or not the owner, cannot turn a topic off; the owner can.
        Telegram.Press(Outsider, topics, topics.Button("Смена статусов"));
        await Telegram.WaitForTextAsync(Group, "подключите свой аккаунт", skip: before);
        Telegram.Press(Colleague, topics, topics.Button("Смена статусов"));
        await Telegram.WaitForTextAsync(Group, "только владелец", skip: before);
        Telegram.Sent(Group).Skip(before).Should().NotContain(m => m.Text.Contains(Topics, StringComparison.Ordinal));
        Telegram.Press(Owner, topics, topics.Button("Смена статусов"));
        var edited = await Telegram.WaitForMessageAsync(Group, m => m.Edited && m.MessageId == topics.MessageId);
        edited.Button("🔕 Смена статусов").Should().NotBeNull();

        // A partner of the organization submits a lead nobody is responsible for: the group is told, with a button.
        var (_, submitter) = await NewPartnerAsync();
        var submission = Submission("Группова Галина", LoanProduct.Mortgage, 4_200_000m);
        var lead = (await submitter.SubmitLeadAsync(submission, Guid.NewGuid().ToString())).Result.Lead;
        var announced = await Telegram.WaitForTextAsync(Group, NewLead, timeout: TimeSpan.FromSeconds(30));
        announced.Text.Should().Contain("4\u00a0200\u00a0000 ₽").And.NotContain(lead.Id.ToString());

        // Two members press "take" at once: one takes it, the other is told who did.
        Telegram.Press(Colleague, announced, announced.Button("Взять в работу"));
        Telegram.Press(Owner, announced, announced.Button("Взять в работу"));
        var taken = await Telegram.WaitForTextAsync(Group, "в работу лид «Группова Галина»");
        var told = await Telegram.WaitForTextAsync(Group, "уже взял(а) в работу");
        var responsible = (await owner.GetLeadAsync(lead.Id)).Result.ResponsibleUser;
        responsible.Should().NotBeNull();
        taken.Text.Should().Contain(responsible!.DisplayName);
        told.Text.Should().Contain(responsible.DisplayName);

        // Statuses are off in this group: moving the lead tells the group nothing.
        var current = (await owner.GetLeadAsync(lead.Id)).Result;
        var admin = new MakCrmApiClient(await Server.CreateHttpClientAsync(TestActor.Admin));
        var move = new UpdateLeadRequest { Status = "in_progress" };
        await admin.UpdateLeadAsync(lead.Id, $"\"{current.Version}\"", move);
        await submitter.SubmitLeadAsync(Submission("Второва Вера"), Guid.NewGuid().ToString());
        var next = Telegram.Sent(Group).ToList().IndexOf(announced) + 1;
        (await Telegram.WaitForTextAsync(Group, NewLead, skip: next)).Text.Should().NotContain("Сумма");
        Telegram.Sent(Group).Should().NotContain(m => m.Text.Contains("Статус", StringComparison.Ordinal));

        // The bot is removed from the group: the CRM ends the group's link and nothing more goes there.
        Telegram.RemoveFromGroup(Group, Owner);
        await Eventually(async () => (await BotApi().ListTelegramGroupLinksAsync(Alpha)).Result.Items
            .Should().NotContain(l => l.ChatId == Group));
        var sentBefore = Telegram.Sent(Group).Count;
        await submitter.SubmitLeadAsync(Submission("Третьякова Тамара"), Guid.NewGuid().ToString());
        var owners = Telegram.Sent(Owner).Count;
        Telegram.SendText(Owner, "/help");
        (await Telegram.WaitForTextAsync(Owner, "/newlead", skip: owners)).Text.Should().Contain("код группы");
        Telegram.Sent(Group).Count.Should().Be(sentBefore);
        Telegram.AllCallbacksAnswered().Should().BeTrue();
    }

    [Fact]
    public async Task A_wrong_code_in_a_group_is_explained_and_a_group_never_starts_a_conversation()
    {
        await StartBotAsync();
        Telegram.SendGroupText(Group, Owner, "gr_made_up_code");
        await Telegram.WaitForTextAsync(Group, "Код группы недействителен");
        Telegram.SendGroupText(Group, Owner, "/newlead");
        Telegram.SendGroupText(Group, Owner, "/help");
        await Telegram.WaitForTextAsync(Group, "/settings");
        Telegram.Sent(Group).Should()
            .NotContain(m => m.Text.Contains("ФИО", StringComparison.Ordinal), "conversations are private");
    }

    private static long _phones;

    private static CreateLeadSubmissionRequest Submission(
        string name, LoanProduct? product = null, decimal? amount = null) =>
        new()
        {
            FullName = name,
            Phone = $"+7918{Interlocked.Increment(ref _phones) % 10_000_000:D7}",
            Source = "partner",
            Product = product,
            RequestedAmount = amount,
        };

    /// <summary>Waits until the bot follows the event feed (it starts from the latest event).</summary>
    private Task FollowingAsync() =>
        Eventually(async () =>
            (await ScalarAsync("SELECT count(*) FROM {schema}.settings WHERE key = 'event_cursor'")).Should().Be(1));
}
