using System.Net;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Tasks;

public sealed class NotificationsApiTests(ApiServerFixture server) : TaskTest(server)
{
    [Fact]
    public async Task A_user_sees_only_their_own_notifications_newest_first_and_paged()
    {
        var client = await CreateClient();
        var employee = await UserId(TestActor.Employee);
        var tasks = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            tasks.Add(Id(await CreateTask(Id(client), assignee: employee, title: $"Задача {i}")));
        }

        await CreateTask(Id(client), assignee: await UserId(TestActor.Guest));
        using var employeeHttp = await Server.CreateHttpClientAsync(TestActor.Employee);

        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await ExpectJson(await employeeHttp.GetAsync("/api/v1/notifications?limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")), HttpStatusCode.OK);
            ids.AddRange(page["items"]!.AsArray().Select(n => n!["subjectId"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        ids.Should().Equal(Enumerable.Reverse(tasks));
        (await Notifications(Http)).Should().BeEmpty();
    }

    [Fact]
    public async Task Reading_marks_one_or_all_and_someone_elses_is_not_found()
    {
        var client = await CreateClient();
        var employee = await UserId(TestActor.Employee);
        await CreateTask(Id(client), assignee: employee);
        await CreateTask(Id(client), assignee: employee);
        await CreateTask(Id(client), assignee: employee);
        using var employeeHttp = await Server.CreateHttpClientAsync(TestActor.Employee);
        var first = (await Notifications(employeeHttp))[0]!;
        var url = $"/api/v1/notifications/{Id(first.AsObject())}/read";

        await ExpectProblem(await Http.PostAsync(url, null), HttpStatusCode.NotFound, "not_found");
        var read = await ExpectJson(await employeeHttp.PostAsync(url, null), HttpStatusCode.OK);
        var readAgain = await ExpectJson(await employeeHttp.PostAsync(url, null), HttpStatusCode.OK);

        read["readAt"].Should().NotBeNull();
        readAgain["readAt"]!.GetValue<DateTimeOffset>().Should().Be(read["readAt"]!.GetValue<DateTimeOffset>());
        (await ExpectJson(await employeeHttp.GetAsync("/api/v1/notifications/unread-count"), HttpStatusCode.OK))["count"]!.GetValue<int>().Should().Be(2);
        (await Notifications(employeeHttp, "?unread=true")).Should().HaveCount(2);
        (await Notifications(employeeHttp, "?unread=false")).Select(n => Id(n!.AsObject())).Should().Equal(Id(first.AsObject()));

        (await employeeHttp.PostAsync("/api/v1/notifications/read-all", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await ExpectJson(await employeeHttp.GetAsync("/api/v1/notifications/unread-count"), HttpStatusCode.OK))["count"]!.GetValue<int>().Should().Be(0);
        (await Notifications(employeeHttp, "?unread=true")).Should().BeEmpty();
        await ExpectProblem(await employeeHttp.PostAsync($"/api/v1/notifications/{Guid.CreateVersion7()}/read", null), HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("limit=500", "limit")]
    [InlineData("cursor=abc", "cursor")]
    public async Task Invalid_list_parameters_are_field_errors(string query, string field)
    {
        var problem = await ExpectProblem(await Http.GetAsync($"/api/v1/notifications?{query}"), HttpStatusCode.BadRequest, field == "cursor" ? "invalid_cursor" : "validation_failed");
        FieldErrors(problem, field).Should().NotBeEmpty();
    }
}
