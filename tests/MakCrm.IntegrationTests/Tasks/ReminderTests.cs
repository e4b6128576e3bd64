using System.Net;
using MakCrm.Application.Common;
using MakCrm.Domain.Notifications;
using MakCrm.Domain.Organizations;
using MakCrm.Domain.Tasks;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Reminders;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Tasks;

/// <summary>A server whose reminder batches are small, so that concurrent dispatchers contend over many batches.</summary>
public sealed class SmallReminderBatchesFixture() : ApiServerFixture(new Dictionary<string, string> { ["Mak:Reminders:BatchSize"] = "17" });

/// <summary>The reminder dispatcher, called directly as the worker calls it.</summary>
public sealed class ReminderTests(SmallReminderBatchesFixture server) : TaskTest(server), IClassFixture<SmallReminderBatchesFixture>
{
    [Fact]
    public async Task Two_dispatchers_racing_over_the_same_due_tasks_send_each_reminder_exactly_once()
    {
        var admin = await UserId(TestActor.Admin);
        for (var round = 0; round < 3; round++)
        {
            var ids = await AddDueTasks(200, admin);

            var delivered = await Task.WhenAll(DrainAsync(), DrainAsync());

            delivered.Sum().Should().Be(200, "round {0}", round);
            var perTask = await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>()
                .Set<MakCrm.Domain.Notifications.Notification>()
                .Where(n => n.Kind == NotificationKind.TaskReminder && ids.Contains(n.SubjectId!.Value))
                .GroupBy(n => n.SubjectId)
                .Select(g => g.Count())
                .ToListAsync());
            perTask.Should().HaveCount(200).And.OnlyContain(count => count == 1);
            var unsent = await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>()
                .Set<MakCrm.Domain.Tasks.CrmTask>()
                .CountAsync(t => ids.Contains(t.Id) && t.ReminderSentAt == null));
            unsent.Should().Be(0);
        }
    }

    [Fact]
    public async Task Done_deleted_and_not_yet_due_tasks_get_no_reminder_and_remind_at_comes_before_due_at()
    {
        var client = await CreateClient();
        var done = await CreateTask(Id(client), due: TimeSpan.FromMinutes(-5));
        await ExpectJson(await Http.PostAsync($"/api/v1/tasks/{Id(done)}/completion", null), HttpStatusCode.OK);
        var deleted = await CreateTask(Id(client), due: TimeSpan.FromMinutes(-5));
        (await Http.DeleteAsync($"/api/v1/tasks/{Id(deleted)}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var waiting = await CreateTask(Id(client), due: TimeSpan.FromHours(1));
        var remindedEarly = await CreateTask(Id(client), due: TimeSpan.FromHours(1), remind: TimeSpan.FromMinutes(-1));

        (await DrainAsync()).Should().Be(1);

        var reminders = await Notifications(Http);
        reminders.Should().ContainSingle().Which!["subjectId"]!.GetValue<string>().Should().Be(Id(remindedEarly));
        reminders[0]!["kind"]!.GetValue<string>().Should().Be("task_reminder");
        (await ExpectJson(await Http.GetAsync($"/api/v1/tasks/{Id(remindedEarly)}"), HttpStatusCode.OK))["reminderSentAt"].Should().NotBeNull();
        (await ExpectJson(await Http.GetAsync($"/api/v1/tasks/{Id(waiting)}"), HttpStatusCode.OK))["reminderSentAt"].Should().BeNull();
        (await DrainAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Moving_the_reminder_into_the_future_re_arms_it_and_a_sent_reminder_changes_the_etag()
    {
        var client = await CreateClient();
        var task = await CreateTask(Id(client), due: TimeSpan.FromMinutes(-1));
        (await DrainAsync()).Should().Be(1);
        var url = $"/api/v1/tasks/{Id(task)}";

        var sent = await Http.GetAsync(url);
        (await ExpectJson(sent, HttpStatusCode.OK))["reminderSentAt"].Should().NotBeNull();
        ETagOf(sent).Should().Be("\"2\"");
        await ExpectProblem(await Patch(url, new { title = "Поздно" }, "\"1\""), HttpStatusCode.PreconditionFailed, "precondition_failed");

        var titleOnly = await ExpectJson(await Patch(url, new { title = "Только название" }, "\"2\""), HttpStatusCode.OK);
        titleOnly["reminderSentAt"].Should().NotBeNull("a change that does not move the reminder keeps it sent");

        var moved = await ExpectJson(await Patch(url, new { dueAt = In(TimeSpan.FromHours(1)) }, "\"3\""), HttpStatusCode.OK);
        moved["reminderSentAt"].Should().BeNull();
        (await DrainAsync()).Should().Be(0, "the new time has not come yet");

        await ExpectJson(await Patch(url, new { dueAt = In(TimeSpan.FromSeconds(-1)) }, "\"4\""), HttpStatusCode.OK);
        (await DrainAsync()).Should().Be(1, "the re-armed reminder's time has come");
        (await Notifications(Http, "?unread=true")).Should().HaveCount(2);
    }

    private Task<HashSet<Guid>> AddDueTasks(int count, Guid assignee) =>
        Server.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<MakCrmDbContext>();
            var clock = TimeProvider.System;
            var now = clock.UtcNowMicroseconds();
            var ids = new HashSet<Guid>();
            for (var i = 0; i < count; i++)
            {
                var details = new TaskDetails($"Задача {i}", null, assignee, now.AddMinutes(-1 - (i % 7)), null);
                var task = CrmTask.Create(clock.NewId(), Organization.HeadOfficeId, TaskSubjectType.Client, Guid.CreateVersion7(), details, assignee, now).Value;
                db.Set<MakCrm.Domain.Tasks.CrmTask>().Add(task);
                ids.Add(task.Id);
            }

            await db.SaveChangesAsync();
            return ids;
        });

    /// <summary>Delivers batches from a DI scope of its own until none are due, as one API instance's worker would.</summary>
    private async Task<int> DrainAsync()
    {
        var total = 0;
        while (true)
        {
            var delivered = await Server.WithServicesAsync(services => services.GetRequiredService<TaskReminderDispatcher>().DeliverBatchAsync(CancellationToken.None));
            total += delivered;
            if (delivered == 0)
            {
                return total;
            }
        }
    }
}

/// <summary>A server whose reminder worker runs, polling every 200 ms.</summary>
public sealed class RunningReminderWorkerFixture() : ApiServerFixture(new Dictionary<string, string>
{
    ["Mak:Reminders:Enabled"] = "true",
    ["Mak:Reminders:PollInterval"] = "00:00:00.200",
});

public sealed class ReminderWorkerTests(RunningReminderWorkerFixture server) : TaskTest(server), IClassFixture<RunningReminderWorkerFixture>
{
    [Fact]
    public async Task The_hosted_worker_delivers_a_due_reminder_to_the_assignees_notifications()
    {
        var client = await CreateClient();
        var employee = await UserId(TestActor.Employee);
        var task = await CreateTask(Id(client), assignee: employee, due: TimeSpan.FromHours(1), remind: TimeSpan.FromSeconds(1));
        using var employeeHttp = await Server.CreateHttpClientAsync(TestActor.Employee);

        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        System.Text.Json.Nodes.JsonNode? reminder = null;
        while (reminder is null && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(200);
            reminder = (await Notifications(employeeHttp)).FirstOrDefault(n => n!["kind"]!.GetValue<string>() == "task_reminder");
        }

        reminder.Should().NotBeNull("the worker should have delivered the reminder within 30 s");
        reminder!["subjectId"]!.GetValue<string>().Should().Be(Id(task));
        (await Notifications(employeeHttp)).Count(n => n!["kind"]!.GetValue<string>() == "task_reminder").Should().Be(1);
    }
}
