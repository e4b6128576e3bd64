using MakCrm.Infrastructure.Identity;
using MakCrm.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.Client.Tests;

/// <summary>The task and notification operations through the SDK, against the real API on a loopback port.</summary>
public sealed class TasksSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task A_task_is_created_read_listed_updated_completed_and_deleted()
    {
        var client = (await Api.CreateClientAsync(TestData.NewClient())).Result;
        var due = DateTimeOffset.UtcNow.AddDays(1);

        var created = await Api.CreateTaskAsync(new CreateTaskRequest
        {
            SubjectType = TaskSubjectType.Client,
            SubjectId = client.Id,
            Title = "Перезвонить клиенту",
            DueAt = due,
            RemindAt = due.AddHours(-1),
        });

        created.StatusCode.Should().Be(201);
        created.ETag.Should().Be("\"1\"");
        created.Result.SubjectId.Should().Be(client.Id);
        (await Api.GetTaskAsync(created.Result.Id)).Result.Title.Should().Be("Перезвонить клиенту");
        (await Api.ListTasksAsync(assignee: "me", subjectType: TaskSubjectType.Client, subjectId: client.Id)).Result.Items.Should().ContainSingle();

        var updated = await Api.UpdateTaskAsync(created.Result.Id, created.ETag!, new UpdateTaskRequest { Title = "Отправить документы", ClearRemindAt = true });
        updated.Result.Title.Should().Be("Отправить документы");
        updated.Result.RemindAt.Should().BeNull();
        updated.Result.DueAt.Should().BeCloseTo(due, TimeSpan.FromMilliseconds(1), "an absent field stays as it is");

        var done = await Api.CompleteTaskAsync(created.Result.Id);
        done.Result.DoneAt.Should().NotBeNull();
        (await Api.CompleteTaskAsync(created.Result.Id)).Result.DoneAt.Should().Be(done.Result.DoneAt);

        (await Api.DeleteTaskAsync(created.Result.Id, done.ETag)).StatusCode.Should().Be(204);
        await Expect.ProblemAsync(() => Api.GetTaskAsync(created.Result.Id), 404, "not_found");
    }

    [Fact]
    public async Task Problems_for_deals_and_stale_etags()
    {
        var problem = await Expect.ProblemAsync(
            () => Api.CreateTaskAsync(new CreateTaskRequest { SubjectType = TaskSubjectType.Deal, SubjectId = Guid.NewGuid(), Title = "Сделка", DueAt = DateTimeOffset.UtcNow.AddDays(1) }),
            400,
            "validation_failed");
        problem.Errors.Should().ContainKey("subjectId");

        var client = (await Api.CreateClientAsync(TestData.NewClient())).Result;
        var task = (await Api.CreateTaskAsync(new CreateTaskRequest { SubjectType = TaskSubjectType.Client, SubjectId = client.Id, Title = "Т", DueAt = DateTimeOffset.UtcNow.AddDays(1) })).Result;
        await Api.UpdateTaskAsync(task.Id, "\"1\"", new UpdateTaskRequest { Title = "Новое" });
        await Expect.ProblemAsync(() => Api.UpdateTaskAsync(task.Id, "\"1\"", new UpdateTaskRequest { Title = "Старое" }), 412, "precondition_failed");
    }

    [Fact]
    public async Task The_assignee_is_notified_and_reads_the_notification()
    {
        var client = (await Api.CreateClientAsync(TestData.NewClient())).Result;
        var employee = await Server.WithServicesAsync(async services =>
            (await services.GetRequiredService<UserManager<MakUser>>().FindByEmailAsync(TestActor.Employee.Email()))!.Id);
        var task = (await Api.CreateTaskAsync(new CreateTaskRequest
        {
            SubjectType = TaskSubjectType.Client, SubjectId = client.Id, Title = "Проверить документы", AssigneeUserId = employee, DueAt = DateTimeOffset.UtcNow.AddDays(1),
        })).Result;
        using var employeeHttp = await Server.CreateHttpClientAsync(TestActor.Employee);
        var employeeApi = new MakCrmApiClient(employeeHttp);

        var inbox = (await employeeApi.ListNotificationsAsync(unread: true)).Result.Items;
        var notification = inbox.Should().ContainSingle().Subject;
        notification.Kind.Should().Be(NotificationKind.Task_assigned);
        notification.SubjectId.Should().Be(task.Id);
        (await employeeApi.CountUnreadNotificationsAsync()).Result.Count.Should().Be(1);

        (await employeeApi.MarkNotificationReadAsync(notification.Id)).Result.ReadAt.Should().NotBeNull();
        (await employeeApi.MarkAllNotificationsReadAsync()).StatusCode.Should().Be(204);
        (await employeeApi.CountUnreadNotificationsAsync()).Result.Count.Should().Be(0);
        await Expect.ProblemAsync(() => Api.MarkNotificationReadAsync(notification.Id), 404, "not_found");
    }
}
