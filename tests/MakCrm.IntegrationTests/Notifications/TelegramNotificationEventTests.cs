using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Domain.Access;
using MakCrm.Domain.Notifications;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Persistence;
using MakCrm.IntegrationTests.Tasks;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Notifications;

/// <summary>
/// <c>notification.telegram</c> (and <c>notification.whatsapp</c>): raised by the notification outbox for a recipient
/// with the messenger's channel on, in the change's transaction, and seen on the feed by the bot's client only.
/// </summary>
public sealed class TelegramNotificationEventTests(ApiServerFixture server) : TaskTest(server)
{
    private const string Type = "notification.telegram";

    [Fact]
    public async Task A_status_change_raises_it_only_for_the_recipients_with_telegram_on()
    {
        var employee = await UserId(TestActor.Employee);
        using var employeeHttp = await Server.CreateHttpClientAsync(TestActor.Employee);
        var lead = await CreateLead(Id(await CreateClient()));
        await ExpectJson(await Patch($"/api/v1/leads/{Id(lead)}", new { status = "in_progress" }, "\"1\""), HttpStatusCode.OK);
        (await TelegramEventsAsync()).Should().BeEmpty("Telegram is off by default");

        var choice = new { items = new object[] { new { kind = "lead_status_changed", channel = "telegram", enabled = true } } };
        await ExpectJson(await employeeHttp.PutAsync("/api/v1/me/notification-preferences", Body(choice)), HttpStatusCode.OK);
        await ExpectJson(await Patch($"/api/v1/leads/{Id(lead)}", new { status = "approved" }, "\"2\""), HttpStatusCode.OK);

        var events = await TelegramEventsAsync();
        events.Should().ContainSingle("only the employee turned Telegram on");
        var data = JsonNode.Parse(events[0].Data)!.AsObject();
        data["userId"]!.GetValue<string>().Should().Be(employee.ToString());
        data["kind"]!.GetValue<string>().Should().Be("lead_status_changed");
        data["subjectType"]!.GetValue<string>().Should().Be("lead");
        data["subjectId"]!.GetValue<string>().Should().Be(Id(lead));
        data["title"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        events[0].ResourceId.Should().Be(Guid.Parse(data["id"]!.GetValue<string>()));

        // The in-app row of the same notification exists with the same id: it is the notification as the API answers it.
        var inApp = await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>()
            .Set<MakCrm.Domain.Notifications.Notification>()
            .Where(n => n.RecipientUserId == employee && n.Kind == NotificationKind.LeadStatusChanged).Select(n => n.Id).ToListAsync());
        inApp.Should().Contain(events[0].ResourceId);
    }

    [Fact]
    public async Task The_whatsapp_channel_raises_notification_whatsapp_with_the_same_payload_and_no_telegram_event()
    {
        var employee = await UserId(TestActor.Employee);
        using var employeeHttp = await Server.CreateHttpClientAsync(TestActor.Employee);
        var choice = new { items = new object[] { new { kind = "lead_status_changed", channel = "whatsapp", enabled = true } } };
        var preferences = await ExpectJson(await employeeHttp.PutAsync("/api/v1/me/notification-preferences", Body(choice)), HttpStatusCode.OK);
        preferences["items"]!.AsArray().Should().Contain(i => i!["channel"]!.GetValue<string>() == "whatsapp" && i["kind"]!.GetValue<string>() == "lead_status_changed"
            && i["enabled"]!.GetValue<bool>() && i["chosen"]!.GetValue<bool>());
        var lead = await CreateLead(Id(await CreateClient()));
        await ExpectJson(await Patch($"/api/v1/leads/{Id(lead)}", new { status = "in_progress" }, "\"1\""), HttpStatusCode.OK);

        (await TelegramEventsAsync()).Should().BeEmpty("Telegram stays off");
        var events = await EventsAsync("notification.whatsapp");
        events.Should().ContainSingle();
        var data = JsonNode.Parse(events[0].Data)!.AsObject();
        data["userId"]!.GetValue<string>().Should().Be(employee.ToString());
        data["kind"]!.GetValue<string>().Should().Be("lead_status_changed");
        data["subjectId"]!.GetValue<string>().Should().Be(Id(lead));
    }

    [Fact]
    public async Task It_is_written_with_the_change_and_rolled_back_with_it()
    {
        var employee = await UserId(TestActor.Employee);
        using var employeeHttp = await Server.CreateHttpClientAsync(TestActor.Employee);
        var choice = new { items = new object[] { new { kind = "task_assigned", channel = "telegram", enabled = true }, new { kind = "task_assigned", channel = "in_app", enabled = false } } };
        await ExpectJson(await employeeHttp.PutAsync("/api/v1/me/notification-preferences", Body(choice)), HttpStatusCode.OK);

        async Task AddInTransactionAsync(bool commit) => await Server.WithServicesAsync(async services =>
        {
            using var scope = services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<MakCrmDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<INotificationOutbox>().AddAsync(
                [new NotificationDraft(employee, Organization.HeadOfficeId, NotificationKind.TaskAssigned, "Вам назначена задача")], CancellationToken.None);
            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<IEventWriter>().WriteRaisedAsync(CancellationToken.None);
            if (commit)
            {
                await transaction.CommitAsync();
            }
            else
            {
                await transaction.RollbackAsync();
            }

            return 0;
        });

        await AddInTransactionAsync(commit: false);
        (await TelegramEventsAsync()).Should().BeEmpty("the change was rolled back");

        await AddInTransactionAsync(commit: true);
        var events = await TelegramEventsAsync();
        events.Should().ContainSingle("in-app is off for this kind, Telegram still gets it");
        JsonNode.Parse(events[0].Data)!["title"]!.GetValue<string>().Should().Be("Вам назначена задача");
    }

    [Fact]
    public async Task Only_the_bot_s_client_sees_it_on_the_feed()
    {
        using var employeeHttp = await Server.CreateHttpClientAsync(TestActor.Employee);
        var choice = new { items = new object[] { new { kind = "lead_status_changed", channel = "telegram", enabled = true } } };
        await ExpectJson(await employeeHttp.PutAsync("/api/v1/me/notification-preferences", Body(choice)), HttpStatusCode.OK);
        var lead = await CreateLead(Id(await CreateClient()));
        await ExpectJson(await Patch($"/api/v1/leads/{Id(lead)}", new { status = "in_progress" }, "\"1\""), HttpStatusCode.OK);
        await WaitNumberedAsync();

        foreach (var actor in new[] { TestActor.Employee, TestActor.Admin })
        {
            using var user = await Server.CreateHttpClientAsync(actor);
            var page = await user.GetAsync($"/api/v1/events?types={Type}");
            if (page.StatusCode == HttpStatusCode.OK)
            {
                (await ExpectJson(page, HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty($"{actor} is a user, not the bot");
            }
            else
            {
                ((int)page.StatusCode).Should().BeInRange(400, 499);
            }
        }

        var clientId = $"tg-bot-{Guid.NewGuid():N}";
        const string secret = "secret-of-the-telegram-notification-test-bot";
        await RegisterApiClient(clientId, secret, Organization.HeadOfficeId, [Permissions.TelegramBot, Permissions.EventsRead]);
        var tokens = await ExpectTokens(await TokenRequest(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, Basic(clientId, secret)));
        using var bot = Server.CreateHttpClient(tokens["access_token"]!.GetValue<string>());
        var seen = (await ExpectJson(await bot.GetAsync($"/api/v1/events?types={Type}"), HttpStatusCode.OK))["items"]!.AsArray();
        seen.Should().ContainSingle();
        seen[0]!["type"]!.GetValue<string>().Should().Be(Type);
        seen[0]!["data"]!["userId"]!.GetValue<string>().Should().Be((await UserId(TestActor.Employee)).ToString());
    }

    [Fact]
    public async Task A_new_lead_without_a_manager_is_announced_and_a_linked_group_gets_each_notice_once()
    {
        var employee = await UserId(TestActor.Employee);
        var admin = await UserId(TestActor.Admin);
        var first = Guid.Parse(Id(await CreateLead(Id(await CreateClient()))));
        var announced = await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>()
            .Set<MakCrm.Domain.Notifications.Notification>()
            .Where(n => n.Kind == NotificationKind.LeadUnassigned && n.SubjectId == first)
            .Select(n => n.RecipientUserId).ToListAsync());
        announced.Should().Contain(employee, "head office's readers of every lead give its leads out")
            .And.NotContain(admin, "the admin made it");
        (await EventsAsync(GroupType)).Should().BeEmpty("head office has no Telegram group yet");

        // Head office links a group; the bot redeems the code.
        var clientId = $"tg-bot-{Guid.NewGuid():N}";
        const string secret = "secret-of-the-telegram-group-notification-test-bot";
        await RegisterApiClient(clientId, secret, Organization.HeadOfficeId,
            [Permissions.TelegramBot, Permissions.EventsRead]);
        var grant = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        var tokens = await ExpectTokens(await TokenRequest(grant, Basic(clientId, secret)));
        using var bot = Server.CreateHttpClient(tokens["access_token"]!.GetValue<string>());
        var codes = $"/api/v1/organizations/{Organization.HeadOfficeId}/telegram-group-codes";
        var code = await ExpectJson(await Http.PostAsync(codes, null), HttpStatusCode.Created);
        var group = new { code = code["code"]!.GetValue<string>(), chatId = -1001234567001L, title = "ГО" };
        await ExpectJson(await bot.PostAsync("/api/v1/telegram/group-links", Body(group)), HttpStatusCode.Created);

        var lead = await CreateLead(Id(await CreateClient()));
        await ExpectJson(await Patch($"/api/v1/leads/{Id(lead)}", new { status = "in_progress" }, "\"1\""),
            HttpStatusCode.OK);
        var events = await EventsAsync(GroupType);
        events.Select(e => JsonNode.Parse(e.Data)!["kind"]!.GetValue<string>()).Should()
            .Equal(["lead_unassigned", "lead_status_changed"], "one each, however many users were told");
        events.Should().OnlyContain(e => JsonNode.Parse(e.Data)!["subjectId"]!.GetValue<string>() == Id(lead)
            && e.OrganizationId == Organization.HeadOfficeId);
        var title = JsonNode.Parse(events[0].Data)!["title"]!.GetValue<string>();
        title.Should().Be("Новый лид без ответственного");

        // Only the bot's client sees them on the feed.
        for (var i = 0; i < 100 && (await EventsAsync(GroupType, numberedOnly: true)).Count < 2; i++)
        {
            await Task.Delay(100);
        }

        (await ExpectJson(await bot.GetAsync($"/api/v1/events?types={GroupType}"), HttpStatusCode.OK))["items"]!
            .AsArray().Should().HaveCount(2);
        var forUser = await Http.GetAsync($"/api/v1/events?types={GroupType}");
        if (forUser.StatusCode == HttpStatusCode.OK)
        {
            (await ExpectJson(forUser, HttpStatusCode.OK))["items"]!.AsArray()
                .Should().BeEmpty("a user is not the bot");
        }

        // The bot, removed from the group, ends the link: the next lead's notice goes to no group.
        (await bot.DeleteAsync($"/api/v1/telegram/group-links/{group.chatId}")).StatusCode.Should()
            .Be(HttpStatusCode.NoContent);
        await CreateLead(Id(await CreateClient()));
        (await EventsAsync(GroupType)).Should().HaveCount(2, "the group is no longer linked");
    }

    [Fact]
    public async Task A_new_lead_is_announced_to_its_organizations_owner_unless_they_made_it_else_to_head_office()
    {
        var owner = await UserId(TestActor.PartnerAlpha);
        var employee = await UserId(TestActor.Employee);
        const string secret = "secret-of-partner-alphas-lead-platform";
        var clientId = $"alpha-platform-{Guid.NewGuid():N}";
        await RegisterApiClient(clientId, secret, TestActors.PartnerAlphaOrganization, [Permissions.LeadsWrite]);
        var grant = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        var tokens = await ExpectTokens(await TokenRequest(grant, Basic(clientId, secret)));
        using var platform = Server.CreateHttpClient(tokens["access_token"]!.GetValue<string>());
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        async Task<List<Guid>> AnnouncedAfterSubmission(HttpClient http)
        {
            var body = new { fullName = "Петров Пётр", phone = UniquePhone(), source = "external", product = "auto" };
            var submitted = await ExpectJson(await http.PostAsync("/api/v1/lead-submissions", Body(body)),
                HttpStatusCode.Created);
            var lead = Guid.Parse(Id(submitted["lead"]!.AsObject()));
            return await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>()
                .Set<MakCrm.Domain.Notifications.Notification>()
                .Where(n => n.Kind == NotificationKind.LeadUnassigned && n.SubjectId == lead)
                .Select(n => n.RecipientUserId).ToListAsync());
        }

        (await AnnouncedAfterSubmission(platform)).Should().Equal([owner], "the owner gives the partner's leads out");
        (await AnnouncedAfterSubmission(alpha)).Should().BeEmpty("the owner made it");
        await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>().Database
            .ExecuteSqlAsync($"UPDATE users SET is_disabled = true WHERE id = {owner}"));
        try
        {
            (await AnnouncedAfterSubmission(platform)).Should().Contain(employee, "an owner who cannot sign in gives none out")
                .And.NotContain(owner);
        }
        finally
        {
            await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>().Database
                .ExecuteSqlAsync($"UPDATE users SET is_disabled = false WHERE id = {owner}"));
        }
    }

    private const string GroupType = "notification.telegram_group";

    private async Task WaitNumberedAsync()
    {
        for (var i = 0; i < 100 && (await TelegramEventsAsync(numberedOnly: true)).Count == 0; i++)
        {
            await Task.Delay(100);
        }
    }

    private Task<List<Row>> TelegramEventsAsync(bool numberedOnly = false) => EventsAsync(Type, numberedOnly);

    private Task<List<Row>> EventsAsync(string type, bool numberedOnly = false) =>
        Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>().Database
            .SqlQuery<Row>($"""
                SELECT resource_id AS "ResourceId", data::text AS "Data", organization_id AS "OrganizationId"
                FROM events WHERE type = {type} AND (sequence IS NOT NULL OR NOT {numberedOnly}) ORDER BY position
                """)
            .ToListAsync());

    private sealed record Row(Guid ResourceId, string Data, Guid OrganizationId);
}
