using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Access;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Help;

public sealed class CalendarFeedsApiTests(ApiServerFixture server) : AuthTest(server)
{
    [Fact]
    public async Task A_feed_carries_the_users_open_tasks_escaped_and_folded_without_an_authorization_header()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var client = await ExpectJson(await alpha.PostAsync("/api/v1/clients", Body(new { fullName = "Клиент", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created);
        var title = "Позвонить; уточнить, сумму \\ срок — " + new string('д', 60);
        var task = await ExpectJson(await alpha.PostAsync("/api/v1/tasks", Body(new
        {
            subjectType = "client", subjectId = Id(client), title, description = "Строка 1\nСтрока 2", dueAt = DateTimeOffset.UtcNow.AddDays(1),
        })), HttpStatusCode.Created);
        var done = await ExpectJson(await alpha.PostAsync("/api/v1/tasks", Body(new { subjectType = "client", subjectId = Id(client), title = "Сделано", dueAt = DateTimeOffset.UtcNow.AddDays(2) })), HttpStatusCode.Created);
        await alpha.PostAsync($"/api/v1/tasks/{Id(done)}/completion", null);

        var feed = await ExpectJson(await alpha.PostAsync("/api/v1/me/calendar-feed", null), HttpStatusCode.Created);
        var url = feed["url"]!.GetValue<string>();
        url.Should().EndWith($"/api/v1/calendar-feeds/{feed["token"]!.GetValue<string>()}.ics");

        var response = await Anonymous.GetAsync(new Uri(url).PathAndQuery);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/calendar");
        text.Should().StartWith("BEGIN:VCALENDAR\r\n").And.EndWith("END:VCALENDAR\r\n");
        text.Replace("\r\n", "").Should().NotContain("\n", "every line ends with CRLF");
        text.Split("\r\n").Should().OnlyContain(line => System.Text.Encoding.UTF8.GetByteCount(line) <= 75);
        var unfolded = text.Replace("\r\n ", "");
        unfolded.Should().Contain($"UID:task-{Id(task)}@mak-crm\r\n");
        unfolded.Should().Contain("SUMMARY:Позвонить\\; уточнить\\, сумму \\\\ срок — " + new string('д', 60) + "\r\n");
        unfolded.Should().Contain("DESCRIPTION:Строка 1\\nСтрока 2\r\n");
        unfolded.Should().Contain("DTSTAMP:").And.NotContain("Сделано");

        var read = await ExpectJson(await alpha.GetAsync("/api/v1/me/calendar-feed"), HttpStatusCode.OK);
        read["lastReadAt"].Should().NotBeNull();
        read.Should().NotContainKey("token");
    }

    [Fact]
    public async Task A_revoked_or_rotated_token_and_a_deactivated_users_token_are_not_found()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var first = await Path(await ExpectJson(await alpha.PostAsync("/api/v1/me/calendar-feed", null), HttpStatusCode.Created));
        var second = await Path(await ExpectJson(await alpha.PostAsync("/api/v1/me/calendar-feed", null), HttpStatusCode.Created));
        await ExpectProblem(await Anonymous.GetAsync(first), HttpStatusCode.NotFound, "not_found");
        (await Anonymous.GetAsync(second)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await alpha.DeleteAsync("/api/v1/me/calendar-feed")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await alpha.DeleteAsync("/api/v1/me/calendar-feed")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectProblem(await Anonymous.GetAsync(second), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await alpha.GetAsync("/api/v1/me/calendar-feed"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Anonymous.GetAsync("/api/v1/calendar-feeds/not-a-token.ics"), HttpStatusCode.NotFound, "not_found");

        var email = $"feed-{Guid.NewGuid():N}@test.mak";
        var colleague = await Server.CreateUserAsync(email, Roles.Partner, TestActors.PartnerAlphaOrganization);
        var token = (await Server.PasswordGrantAsync(email, TestActors.Password)).GetProperty("access_token").GetString()!;
        using var colleagueHttp = Server.CreateHttpClient(token);
        var feed = await Path(await ExpectJson(await colleagueHttp.PostAsync("/api/v1/me/calendar-feed", null), HttpStatusCode.Created));
        (await Anonymous.GetAsync(feed)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Http.PostAsync($"/api/v1/users/{colleague.Id}/deactivation", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await ExpectProblem(await Anonymous.GetAsync(feed), HttpStatusCode.NotFound, "not_found");
    }

    private static Task<string> Path(JsonObject feed) => Task.FromResult(new Uri(feed["url"]!.GetValue<string>()).PathAndQuery);
}
