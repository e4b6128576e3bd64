using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Access;
using MakCrm.Infrastructure.Persistence;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Training;

/// <summary>Training events over HTTP and PostgreSQL: capacity under parallel registrations, cancellation, attendance, check-in, the calendar feed and the registrants' notices.</summary>
public sealed class TrainingEventsApiTests(ApiServerFixture server) : AuthTest(server)
{
    [Fact]
    public async Task Twenty_parallel_registrations_for_five_places_leave_exactly_five_registered()
    {
        var trainingEvent = await CreateEvent(capacity: 5);
        var learners = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => NewLearner()));
        try
        {
            var answers = await Together(20, i => learners[i].PostAsync($"/api/v1/training-events/{Id(trainingEvent)}/registration", null));
            answers.Count(a => a.StatusCode == HttpStatusCode.OK).Should().Be(5);
            foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
            {
                await ExpectProblem(refused, HttpStatusCode.Conflict, "training_event_full");
            }

            var read = await ExpectJson(await Http.GetAsync($"/api/v1/training-events/{Id(trainingEvent)}"), HttpStatusCode.OK);
            read["registeredCount"]!.GetValue<int>().Should().Be(5);
            (await ExpectJson(await Http.GetAsync($"/api/v1/training-events/{Id(trainingEvent)}/registrations"), HttpStatusCode.OK))["items"]!.AsArray().Should().HaveCount(5);

            // A cancelled registration frees its place for the next learner.
            var winner = learners[Array.FindIndex(answers, a => a.StatusCode == HttpStatusCode.OK)];
            var loser = learners[Array.FindIndex(answers, a => a.StatusCode != HttpStatusCode.OK)];
            (await winner.DeleteAsync($"/api/v1/training-events/{Id(trainingEvent)}/registration")).StatusCode.Should().Be(HttpStatusCode.NoContent);
            (await winner.DeleteAsync($"/api/v1/training-events/{Id(trainingEvent)}/registration")).StatusCode.Should().Be(HttpStatusCode.NoContent);
            await ExpectJson(await loser.PostAsync($"/api/v1/training-events/{Id(trainingEvent)}/registration", null), HttpStatusCode.OK);
            await ExpectProblem(await winner.PostAsync($"/api/v1/training-events/{Id(trainingEvent)}/registration", null), HttpStatusCode.Conflict, "training_event_full");
        }
        finally
        {
            foreach (var learner in learners)
            {
                learner.Dispose();
            }
        }
    }

    [Fact]
    public async Task Attendance_is_marked_by_the_organiser_or_by_check_in_once_and_raises_one_event()
    {
        var trainingEvent = await CreateEvent(capacity: 10);
        var id = Id(trainingEvent);
        var code = trainingEvent["checkInCode"]!.GetValue<string>();
        code.Should().HaveLength(8);
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        (await ExpectJson(await alpha.GetAsync($"/api/v1/training-events/{id}"), HttpStatusCode.OK))["checkInCode"].Should().BeNull("learners learn the code at the event");

        await ExpectProblem(await alpha.PostAsync($"/api/v1/training-events/{id}/check-in", Body(new { code })), HttpStatusCode.Conflict, "training_event_not_registered");
        var registered = await ExpectJson(await alpha.PostAsync($"/api/v1/training-events/{id}/registration", null), HttpStatusCode.OK);
        var again = await ExpectJson(await alpha.PostAsync($"/api/v1/training-events/{id}/registration", null), HttpStatusCode.OK);
        again["registeredAt"]!.GetValue<DateTimeOffset>().Should().Be(registered["registeredAt"]!.GetValue<DateTimeOffset>(), "registering again answers the registration");
        await ExpectProblem(await alpha.PostAsync($"/api/v1/training-events/{id}/check-in", Body(new { code = "WRONG123" })), HttpStatusCode.UnprocessableEntity, "check_in_code_invalid");
        var checkedIn = await ExpectJson(await alpha.PostAsync($"/api/v1/training-events/{id}/check-in", Body(new { code = " " + code.ToLowerInvariant() })), HttpStatusCode.OK);
        checkedIn["attendedVia"]!.GetValue<string>().Should().Be("check_in");
        var marked = await ExpectJson(await Http.PutAsync($"/api/v1/training-events/{id}/attendances/{await Server.UserIdAsync(TestActor.PartnerAlpha)}", null), HttpStatusCode.OK);
        marked["attendedVia"]!.GetValue<string>().Should().Be("check_in", "attendance is recorded once");

        await ExpectJson(await beta.PostAsync($"/api/v1/training-events/{id}/registration", null), HttpStatusCode.OK);
        var betaUser = await Server.UserIdAsync(TestActor.PartnerBeta);
        (await ExpectJson(await Http.PutAsync($"/api/v1/training-events/{id}/attendances/{betaUser}", null), HttpStatusCode.OK))["attendedVia"]!.GetValue<string>().Should().Be("organiser");
        await ExpectProblem(await Http.PutAsync($"/api/v1/training-events/{id}/attendances/{Guid.NewGuid()}", null), HttpStatusCode.Conflict, "training_event_not_registered");
        await ExpectProblem(await alpha.PutAsync($"/api/v1/training-events/{id}/attendances/{betaUser}", null), HttpStatusCode.Forbidden, "forbidden");

        var attended = (await Events.EventFeedReading.ReadAll(Http, "types=training.event_attended")).Where(e => e["data"]!["eventId"]!.GetValue<string>() == id).ToList();
        for (var waited = 0; attended.Count < 2 && waited < 10_000; waited += 100)
        {
            await Task.Delay(100);
            attended = (await Events.EventFeedReading.ReadAll(Http, "types=training.event_attended")).Where(e => e["data"]!["eventId"]!.GetValue<string>() == id).ToList();
        }

        attended.Should().HaveCount(2);
        attended.Select(e => e["data"]!["via"]!.GetValue<string>()).Should().BeEquivalentTo("check_in", "organiser");
        (await Events.EventFeedReading.ReadAll(alpha, "types=training.event_attended")).Where(e => e["data"]!["eventId"]!.GetValue<string>() == id)
            .Should().ContainSingle("a learner sees its own organization's attendance only");
    }

    [Fact]
    public async Task Events_are_checked_visible_to_their_audience_and_closed_registration_is_refused()
    {
        FieldErrors(await ExpectProblem(await PostEvent(Event(capacity: 3) with { Url = null }), HttpStatusCode.BadRequest, "validation_failed"), "url").Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await PostEvent(Event(capacity: 3) with { EndsAt = DateTimeOffset.UtcNow }), HttpStatusCode.BadRequest, "validation_failed"), "endsAt").Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await PostEvent(Event(capacity: 0)), HttpStatusCode.BadRequest, "validation_failed"), "capacity").Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await PostEvent(Event(capacity: 3) with { Url = "http://meet.example/x" }), HttpStatusCode.BadRequest, "validation_failed"), "url").Should().NotBeEmpty();

        var forFranchisees = await ExpectJson(await PostEvent(Event(capacity: 3) with { AudienceKinds = ["franchisee"] }), HttpStatusCode.Created);
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await ExpectProblem(await alpha.GetAsync($"/api/v1/training-events/{Id(forFranchisees)}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await alpha.PostAsync($"/api/v1/training-events/{Id(forFranchisees)}/registration", null), HttpStatusCode.NotFound, "not_found");
        (await ExpectJson(await alpha.GetAsync("/api/v1/training-events"), HttpStatusCode.OK))["items"]!.AsArray().Should().NotContain(e => Id(e!.AsObject()) == Id(forFranchisees));
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        (await ExpectJson(await franchisee.GetAsync("/api/v1/training-events"), HttpStatusCode.OK))["items"]!.AsArray().Should().Contain(e => Id(e!.AsObject()) == Id(forFranchisees));

        var closed = await ExpectJson(await Patch($"/api/v1/training-events/{Id(forFranchisees)}", new { registrationOpen = false }, "\"1\""), HttpStatusCode.OK);
        closed["registrationOpen"]!.GetValue<bool>().Should().BeFalse();
        await ExpectProblem(await franchisee.PostAsync($"/api/v1/training-events/{Id(forFranchisees)}/registration", null), HttpStatusCode.Conflict, "training_event_registration_closed");
        await ExpectProblem(await Patch($"/api/v1/training-events/{Id(forFranchisees)}", new { capacity = 9 }, "\"1\""), HttpStatusCode.PreconditionFailed, "precondition_failed");
        await ExpectProblem(await Patch($"/api/v1/training-events/{Id(forFranchisees)}", new { capacity = 9 }, null), HttpStatusCode.PreconditionRequired, "precondition_required");
        await ExpectProblem(await alpha.PostAsync("/api/v1/training-events", new StringContent(System.Text.Json.JsonSerializer.Serialize(Event(capacity: 3), WebJson), System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task The_calendar_feed_lists_the_events_the_user_registered_for_until_cancelled()
    {
        var email = $"calendar-{Guid.NewGuid():N}@test.mak";
        await Server.CreateUserAsync(email, Roles.Partner, TestActors.PartnerAlphaOrganization);
        using var learner = Server.CreateHttpClient((await Server.PasswordGrantAsync(email, TestActors.Password)).GetProperty("access_token").GetString()!);
        var online = await CreateEvent(capacity: 5, title: "Вебинар; ипотека, ставки");
        var offline = await ExpectJson(await PostEvent(Event(capacity: 5) with
        {
            Title = "Встреча", Format = "offline", Url = null, Place = "Москва, ул. Тверская, 1",
        }), HttpStatusCode.Created);
        var other = await CreateEvent(capacity: 5, title: "Не записан");
        await ExpectJson(await learner.PostAsync($"/api/v1/training-events/{Id(online)}/registration", null), HttpStatusCode.OK);
        await ExpectJson(await learner.PostAsync($"/api/v1/training-events/{Id(offline)}/registration", null), HttpStatusCode.OK);

        var feed = new Uri((await ExpectJson(await learner.PostAsync("/api/v1/me/calendar-feed", null), HttpStatusCode.Created))["url"]!.GetValue<string>()).PathAndQuery;
        var text = (await (await Anonymous.GetAsync(feed)).Content.ReadAsStringAsync()).Replace("\r\n ", "");
        text.Should().Contain($"UID:training-event-{Id(online)}@mak-crm\r\n").And.Contain($"UID:training-event-{Id(offline)}@mak-crm\r\n");
        text.Should().Contain("SUMMARY:Вебинар\\; ипотека\\, ставки\r\n").And.Contain("URL:https://meet.example/webinar\r\n");
        text.Should().Contain("LOCATION:Москва\\, ул. Тверская\\, 1\r\n");
        text.Should().Contain("DTSTART:" + online["startsAt"]!.GetValue<DateTimeOffset>().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        text.Should().NotContain(Id(other));

        (await learner.DeleteAsync($"/api/v1/training-events/{Id(online)}/registration")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var after = (await (await Anonymous.GetAsync(feed)).Content.ReadAsStringAsync()).Replace("\r\n ", "");
        after.Should().NotContain(Id(online)).And.Contain(Id(offline));
    }

    [Fact]
    public async Task Registrants_are_told_of_their_registration_and_of_a_move_or_cancellation_by_their_channels()
    {
        var (learner, learnerEmail) = await NewLearnerWithEmail();
        var (quiet, quietEmail) = await NewLearnerWithEmail();
        var (bystander, _) = await NewLearnerWithEmail();
        try
        {
            // The quiet learner takes event changes in the cabinet only.
            await ExpectJson(await quiet.PutAsync("/api/v1/me/notification-preferences", Body(new
            {
                items = new object[] { new { kind = "training_event_changed", channel = "email", enabled = false } },
            })), HttpStatusCode.OK);
            var trainingEvent = await CreateEvent(capacity: 5, title: "Вебинар по ипотеке");
            var id = Id(trainingEvent);
            await ExpectJson(await learner.PostAsync($"/api/v1/training-events/{id}/registration", null), HttpStatusCode.OK);
            await ExpectJson(await learner.PostAsync($"/api/v1/training-events/{id}/registration", null), HttpStatusCode.OK);
            await ExpectJson(await quiet.PostAsync($"/api/v1/training-events/{id}/registration", null), HttpStatusCode.OK);

            var registered = (await Inbox(learner, "training_event_registered")).Should().ContainSingle("registering again confirms nothing again").Subject;
            registered["title"]!.GetValue<string>().Should().Be("Вы записаны на мероприятие «Вебинар по ипотеке»");
            registered["body"]!.GetValue<string>().Should().Contain("(МСК)").And.Contain("Ссылка: https://meet.example/webinar");
            registered["subjectType"]!.GetValue<string>().Should().Be("training_event");
            registered["subjectId"]!.GetValue<string>().Should().Be(id);
            (await Server.Mail.NextMailToAsync(learnerEmail)).Subject.Should().EndWith("Вы записаны на мероприятие «Вебинар по ипотеке»");

            // A new title or capacity moves nothing; a new time does, for the registrants only.
            var etag = "\"1\"";
            var renamed = await Patch($"/api/v1/training-events/{id}", new { title = "Вебинар: ипотека", capacity = 6 }, etag);
            await ExpectJson(renamed, HttpStatusCode.OK);
            (await Inbox(learner, "training_event_changed")).Should().BeEmpty();
            var startsAt = DateTimeOffset.UtcNow.AddDays(5);
            var moved = await Patch($"/api/v1/training-events/{id}", new { startsAt, endsAt = startsAt.AddHours(2) }, ETagOf(renamed));
            await ExpectJson(moved, HttpStatusCode.OK);
            foreach (var registrant in new[] { learner, quiet })
            {
                var notice = (await Inbox(registrant, "training_event_changed")).Should().ContainSingle().Subject;
                notice["title"]!.GetValue<string>().Should().Be("Мероприятие «Вебинар: ипотека» перенесено");
                notice["body"]!.GetValue<string>().Should().Contain(startsAt.ToOffset(TimeSpan.FromHours(3)).ToString("dd.MM.yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture));
            }

            (await Inbox(bystander, "training_event_changed")).Should().BeEmpty("only registrants are told");
            (await Inbox(Http, "training_event_changed")).Should().BeEmpty("nobody is told of their own change");
            (await Server.Mail.NextMailToAsync(learnerEmail)).Subject.Should().EndWith("Мероприятие «Вебинар: ипотека» перенесено");
            (await Mails(quietEmail, "notification")).Should().Be(1, "the quiet learner is mailed its confirmation only: it turned e-mail off for event changes");

            var relocated = await Patch($"/api/v1/training-events/{id}", new { format = "offline", place = "Москва, ул. Тверская, 1", url = (string?)null }, ETagOf(moved));
            await ExpectJson(relocated, HttpStatusCode.OK);
            (await Inbox(learner, "training_event_changed")).Select(n => n["title"]!.GetValue<string>())
                .Should().Contain("Изменилось место проведения мероприятия «Вебинар: ипотека»");

            // Cancelling needs the version; the event is gone, and its registrants are told.
            (await Http.DeleteAsync($"/api/v1/training-events/{id}")).StatusCode.Should().Be(HttpStatusCode.PreconditionRequired);
            using var cancel = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/training-events/{id}");
            cancel.Headers.TryAddWithoutValidation("If-Match", ETagOf(relocated));
            (await Http.SendAsync(cancel)).StatusCode.Should().Be(HttpStatusCode.NoContent);
            await ExpectProblem(await learner.GetAsync($"/api/v1/training-events/{id}"), HttpStatusCode.NotFound, "not_found");
            await ExpectProblem(await bystander.PostAsync($"/api/v1/training-events/{id}/registration", null), HttpStatusCode.NotFound, "not_found");
            (await ExpectJson(await learner.GetAsync("/api/v1/training-events"), HttpStatusCode.OK))["items"]!.AsArray().Should().NotContain(e => Id(e!.AsObject()) == id);
            foreach (var registrant in new[] { learner, quiet })
            {
                (await Inbox(registrant, "training_event_changed")).Select(n => n["title"]!.GetValue<string>())
                    .Should().Contain("Мероприятие «Вебинар: ипотека» отменено");
            }

            (await Inbox(bystander, "training_event_changed")).Should().BeEmpty();
            (await Mails(quietEmail, "notification")).Should().Be(1);
            (await Mails(learnerEmail, "notification")).Should().Be(4, "the confirmation, the move, the new place and the cancellation");
        }
        finally
        {
            learner.Dispose();
            quiet.Dispose();
            bystander.Dispose();
        }
    }

    /// <summary>The caller's notifications of one kind, newest first.</summary>
    private static async Task<List<JsonObject>> Inbox(HttpClient http, string kind) =>
        (await ExpectJson(await http.GetAsync("/api/v1/notifications?limit=100"), HttpStatusCode.OK))["items"]!.AsArray()
            .Select(n => n!.AsObject()).Where(n => n["kind"]!.GetValue<string>() == kind).ToList();

    private Task<int> Mails(string to, string template) =>
        Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>().Database
            .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM mail_outbox WHERE to_address = {to} AND template = {template}").SingleAsync());

    private sealed record EventBody(
        string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Format, string? Url, string? Place, int Capacity, string[] AudienceKinds);

    private static EventBody Event(int capacity, string title = "Вебинар") =>
        new(title, DateTimeOffset.UtcNow.AddDays(3), DateTimeOffset.UtcNow.AddDays(3).AddHours(1), "online", "https://meet.example/webinar", null, capacity, []);

    private static readonly System.Text.Json.JsonSerializerOptions WebJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>Head office creates an event (the body's names in camelCase, as the API reads them).</summary>
    private Task<HttpResponseMessage> PostEvent(EventBody body) => Send(HttpMethod.Post, "/api/v1/training-events", System.Text.Json.JsonSerializer.Serialize(body, WebJson));

    private async Task<JsonObject> CreateEvent(int capacity, string title = "Вебинар") =>
        await ExpectJson(await PostEvent(Event(capacity, title)), HttpStatusCode.Created);

    private async Task<HttpClient> NewLearner() => (await NewLearnerWithEmail()).Http;

    /// <summary>A partner user of Alpha's organization signed in, with its e-mail.</summary>
    private async Task<(HttpClient Http, string Email)> NewLearnerWithEmail()
    {
        var email = $"learner-{Guid.NewGuid():N}@test.mak";
        await Server.CreateUserAsync(email, Roles.Partner, TestActors.PartnerAlphaOrganization);
        return (Server.CreateHttpClient((await Server.PasswordGrantAsync(email, TestActors.Password)).GetProperty("access_token").GetString()!), email);
    }
}
