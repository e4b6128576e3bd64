using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Tasks;

/// <summary>Helpers for tests of tasks, reminders and notifications.</summary>
public abstract class TaskTest(ApiServerFixture server) : AuthTest(server)
{
    protected static string In(TimeSpan offset) => DateTimeOffset.UtcNow.Add(offset).ToString("O");

    protected Task<Guid> UserId(TestActor actor) => Server.UserIdAsync(actor);

    protected static async Task<JsonObject> CreateTask(HttpClient http, object body)
    {
        var response = await http.PostAsync("/api/v1/tasks", new StringContent(Json(body), System.Text.Encoding.UTF8, "application/json"));
        return await ExpectJson(response, HttpStatusCode.Created);
    }

    protected Task<JsonObject> CreateTask(string subjectId, string subjectType = "client", Guid? assignee = null, TimeSpan? due = null, TimeSpan? remind = null, string title = "Перезвонить клиенту") =>
        CreateTask(Http, new
        {
            subjectType,
            subjectId,
            title,
            assigneeUserId = assignee,
            dueAt = In(due ?? TimeSpan.FromDays(1)),
            remindAt = remind is null ? null : In(remind.Value),
        });

    protected static async Task<JsonArray> Notifications(HttpClient http, string query = "")
    {
        var page = await ExpectJson(await http.GetAsync($"/api/v1/notifications{query}"), HttpStatusCode.OK);
        return page["items"]!.AsArray();
    }
}
