using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Tasks;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Operations;

/// <summary>
/// Requests about one record released together: each race is answered as the same requests one after another would
/// be, never with a 412 that no If-Match asked for.
/// </summary>
public sealed class ConcurrentRequestTests(ApiServerFixture server) : TaskTest(server)
{
    private const int Parallel = 10;
    private const int Rounds = 3;

    [Fact]
    public async Task Parallel_completions_of_one_task_all_succeed_and_complete_it_once()
    {
        var client = await CreateClient();
        for (var round = 0; round < Rounds; round++)
        {
            var task = await CreateTask(Id(client));
            var url = $"/api/v1/tasks/{Id(task)}/completion";

            var responses = await Together(Parallel, _ => Http.PostAsync(url, null));

            var completed = new List<DateTimeOffset>();
            foreach (var response in responses)
            {
                completed.Add((await ExpectJson(response, HttpStatusCode.OK))["doneAt"]!.GetValue<DateTimeOffset>());
            }

            completed.Distinct().Should().ContainSingle("the task is done once, and every answer reports that completion");
            var read = await Http.GetAsync($"/api/v1/tasks/{Id(task)}");
            ETagOf(read).Should().Be(ETagOf(responses[0]), "the task changed once");
            (await ExpectJson(read, HttpStatusCode.OK))["doneAt"]!.GetValue<DateTimeOffset>().Should().Be(completed[0]);
        }
    }

    [Fact]
    public async Task Parallel_approvals_and_rejections_of_one_registration_decide_it_once()
    {
        using var employee = await Server.CreateHttpClientAsync(TestActor.Employee);
        for (var round = 0; round < Rounds; round++)
        {
            var registration = await Register($"race-{Guid.NewGuid():N}@partner.example");
            var id = Id(registration);

            var responses = await Together(Parallel, i => i % 2 == 0
                ? employee.PostAsync($"/api/v1/organizations/{id}/approve", null)
                : employee.PostAsync($"/api/v1/organizations/{id}/reject", Body(new { reason = "Не прошли проверку" })));

            var decided = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
            decided.Should().ContainSingle("one decision wins; the rest find the registration decided");
            foreach (var response in responses.Except(decided))
            {
                await ExpectProblem(response, HttpStatusCode.Conflict, "organization_not_pending");
            }

            var winner = await ExpectJson(decided[0], HttpStatusCode.OK);
            var stored = await ExpectJson(await employee.GetAsync($"/api/v1/organizations?status={winner["status"]!.GetValue<string>()}&limit=200"), HttpStatusCode.OK);
            stored["items"]!.AsArray().Select(o => Id(o!.AsObject())).Should().Contain(id);
        }
    }

    [Fact]
    public async Task Parallel_reads_of_one_notification_keep_the_first_read_time()
    {
        var client = await CreateClient();
        using var employeeHttp = await Server.CreateHttpClientAsync(TestActor.Employee);
        var employee = await UserId(TestActor.Employee);
        for (var round = 0; round < Rounds; round++)
        {
            var task = await CreateTask(Id(client), assignee: employee);
            var notification = (await Notifications(employeeHttp)).Single(n => n!["subjectId"]!.GetValue<string>() == Id(task))!.AsObject();
            var url = $"/api/v1/notifications/{Id(notification)}/read";

            var responses = await Together(Parallel, _ => employeeHttp.PostAsync(url, null));

            var readAt = new List<DateTimeOffset>();
            foreach (var response in responses)
            {
                readAt.Add((await ExpectJson(response, HttpStatusCode.OK))["readAt"]!.GetValue<DateTimeOffset>());
            }

            readAt.Distinct().Should().ContainSingle("the first read is kept and reported to every reader");
            var later = await ExpectJson(await employeeHttp.PostAsync(url, null), HttpStatusCode.OK);
            later["readAt"]!.GetValue<DateTimeOffset>().Should().Be(readAt[0]);
            var listed = (await Notifications(employeeHttp, "?unread=false")).Single(n => Id(n!.AsObject()) == Id(notification))!;
            listed["readAt"]!.GetValue<DateTimeOffset>().Should().Be(readAt[0]);
        }
    }

    private async Task<JsonObject> Register(string email) =>
        await ExpectJson(await Anonymous.PostAsync("/api/v1/registrations", Body(RegistrationBody(email))), HttpStatusCode.Created);
}
