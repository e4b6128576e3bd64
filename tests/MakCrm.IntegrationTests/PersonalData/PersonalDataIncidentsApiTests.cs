using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Application.Common;
using MakCrm.Infrastructure.PersonalData;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.IntegrationTests.Webhooks;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.PersonalData;

/// <summary>Head office's register of personal-data leaks over the real HTTP pipeline and PostgreSQL: recorded, its two
/// deadlines to Роскомнадзор counted from detection, the notices recorded under If-Match and audited, and the reads
/// of personal data in the incident's window.</summary>
public sealed class PersonalDataIncidentsApiTests(ApiServerFixture server) : ApiTest(server)
{
    private const string Path = "/api/v1/personal-data-incidents";

    private static object Incident(DateTimeOffset detectedAt, DateTimeOffset windowFrom, string title = "Утечка") =>
        new
        {
            title,
            description = "Выгрузка клиентов ушла на чужой адрес.",
            detectedAt,
            windowFrom,
            dataKinds = new[] { "full_name", "phone", " phone " },
            affectedSubjects = 40,
        };

    private async Task<JsonObject> Create(object body) =>
        await ExpectJson(await Post(Path, body), HttpStatusCode.Created);

    private static string Status(JsonObject incident, string notice) => incident[notice]!["status"]!.GetValue<string>();

    [Fact]
    public async Task An_incident_answers_its_24_and_72_hour_deadlines_from_detection_and_records_its_notices()
    {
        var detectedAt = DateTimeOffset.UtcNow.AddHours(-30);
        var response = await Post(Path, Incident(detectedAt, detectedAt.AddDays(-2)));
        var created = await ExpectJson(response, HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        response.Headers.Location!.ToString().Should().Be($"{Path}/{id}");
        ETagOf(response).Should().Be("\"1\"");
        var detected = created["detectedAt"]!.GetValue<DateTimeOffset>();
        created["windowTo"]!.GetValue<DateTimeOffset>().Should().Be(detected, "the window ends at detection");
        created["dataKinds"]!.AsArray().Select(k => k!.GetValue<string>()).Should().Equal("full_name", "phone");
        created["initialNotice"]!["dueAt"]!.GetValue<DateTimeOffset>().Should().Be(detected.AddHours(24));
        created["followUp"]!["dueAt"]!.GetValue<DateTimeOffset>().Should().Be(detected.AddHours(72));
        Status(created, "initialNotice").Should().Be("overdue", "30 hours have passed since detection");
        Status(created, "followUp").Should().Be("due");

        await ExpectProblem(
            await Patch($"{Path}/{id}", new { followUpSentAt = DateTimeOffset.UtcNow }, "\"1\""),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        await ExpectProblem(
            await Patch($"{Path}/{id}", new { initialNoticeSentAt = detected.AddHours(-1) }, "\"1\""),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        var noticed = await Patch($"{Path}/{id}", new { initialNoticeSentAt = detected.AddHours(25) }, "\"1\"");
        var late = await ExpectJson(noticed, HttpStatusCode.OK);
        ETagOf(noticed).Should().Be("\"2\"");
        Status(late, "initialNotice").Should().Be("missed", "it went an hour after its deadline");
        await ExpectProblem(
            await Patch($"{Path}/{id}", new { followUpSentAt = DateTimeOffset.UtcNow }, "\"1\""),
            HttpStatusCode.PreconditionFailed,
            "precondition_failed"
        );
        await ExpectProblem(
            await Patch($"{Path}/{id}", new { followUpSentAt = DateTimeOffset.UtcNow }, null),
            HttpStatusCode.PreconditionRequired,
            "precondition_required"
        );
        var followed = await ExpectJson(
            await Patch($"{Path}/{id}", new { followUpSentAt = DateTimeOffset.UtcNow.AddMinutes(-1) }, "\"2\""),
            HttpStatusCode.OK
        );
        Status(followed, "followUp").Should().Be("met");

        var read = await ExpectJson(await Http.GetAsync($"{Path}/{id}"), HttpStatusCode.OK);
        read.ToJsonString().Should().Be(followed.ToJsonString());
        var audit = await ExpectJson(await Http.GetAsync($"/api/v1/audit-events?entityId={id}"), HttpStatusCode.OK);
        audit["items"]!.AsArray().Should().HaveCount(3, "the record and both notices are audited");
    }

    [Fact]
    public async Task Deadlines_are_due_met_missed_or_overdue_as_the_clock_stands()
    {
        var fresh = await Create(Incident(DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddHours(-1)));
        Status(fresh, "initialNotice").Should().Be("due");
        Status(fresh, "followUp").Should().Be("due");
        var old = await Create(Incident(DateTimeOffset.UtcNow.AddHours(-80), DateTimeOffset.UtcNow.AddHours(-90)));
        Status(old, "initialNotice").Should().Be("overdue");
        Status(old, "followUp").Should().Be("overdue");
    }

    [Fact]
    public async Task The_reads_of_personal_data_in_the_window_are_listed_with_the_incident()
    {
        var windowFrom = DateTimeOffset.UtcNow.AddSeconds(-1);
        var client = await CreateClient();
        var clientId = client["id"]!.GetValue<string>();
        (await Http.GetAsync($"/api/v1/clients/{clientId}")).StatusCode.Should().Be(HttpStatusCode.OK);
        var incident = await Create(Incident(DateTimeOffset.UtcNow, windowFrom));
        var id = incident["id"]!.GetValue<string>();

        var reads = await ExpectJson(
            await Http.GetAsync($"{Path}/{id}/reads?access=card&limit=100"),
            HttpStatusCode.OK
        );
        var lines = reads["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        lines.Should().Contain(l => l["subjectId"]!.GetValue<string>() == clientId);
        lines.Should().OnlyContain(l => l["access"]!.GetValue<string>() == "card");
        lines
            .Should()
            .OnlyContain(l =>
                l["occurredAt"]!.GetValue<DateTimeOffset>() >= incident["windowFrom"]!.GetValue<DateTimeOffset>()
                && l["occurredAt"]!.GetValue<DateTimeOffset>() < incident["windowTo"]!.GetValue<DateTimeOffset>()
            );

        var earlier = await Create(Incident(windowFrom.AddSeconds(-2), windowFrom.AddMinutes(-30), "Раньше чтения"));
        var none = await ExpectJson(
            await Http.GetAsync($"{Path}/{earlier["id"]!.GetValue<string>()}/reads?access=card&limit=100"),
            HttpStatusCode.OK
        );
        none["items"]!.AsArray().Should().NotContain(l => l!["subjectId"]!.GetValue<string>() == clientId);
        await ExpectProblem(
            await Http.GetAsync($"{Path}/{id}/reads?access=glance"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        await ExpectProblem(
            await Http.GetAsync($"{Path}/{Guid.CreateVersion7()}/reads"),
            HttpStatusCode.NotFound,
            "not_found"
        );
    }

    [Fact]
    public async Task The_list_pages_newest_detected_first_and_narrows_to_open_ones()
    {
        var now = DateTimeOffset.UtcNow;
        var a = await Create(Incident(now.AddMinutes(-3), now.AddHours(-1), "A"));
        var b = await Create(Incident(now.AddMinutes(-2), now.AddHours(-1), "B"));
        var closed = await Create(Incident(now.AddMinutes(-1), now.AddHours(-1), "C"));
        var closedId = closed["id"]!.GetValue<string>();
        (await Patch($"{Path}/{closedId}", new { initialNoticeSentAt = now }, "\"1\"")).EnsureSuccessStatusCode();
        (await Patch($"{Path}/{closedId}", new { followUpSentAt = now }, "\"2\"")).EnsureSuccessStatusCode();

        var first = await ExpectJson(await Http.GetAsync($"{Path}?limit=2"), HttpStatusCode.OK);
        var firstDates = first["items"]!.AsArray().Select(i => i!["detectedAt"]!.GetValue<DateTimeOffset>()).ToList();
        firstDates.Should().BeInDescendingOrder();
        var lastOfFirst = firstDates[^1];
        var cursor = Uri.EscapeDataString(first["nextCursor"]!.GetValue<string>());
        var second = await ExpectJson(await Http.GetAsync($"{Path}?limit=2&cursor={cursor}"), HttpStatusCode.OK);
        second["items"]!
            .AsArray()
            .Select(i => i!["detectedAt"]!.GetValue<DateTimeOffset>())
            .Should()
            .OnlyContain(d => d <= lastOfFirst);

        var open = await ExpectJson(await Http.GetAsync($"{Path}?open=true&limit=100"), HttpStatusCode.OK);
        var openIds = open["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        openIds.Should().Contain([a["id"]!.GetValue<string>(), b["id"]!.GetValue<string>()]).And.NotContain(closedId);
        var done = await ExpectJson(await Http.GetAsync($"{Path}?open=false&limit=100"), HttpStatusCode.OK);
        done["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).Should().Contain(closedId);
        await ExpectProblem(await Http.GetAsync($"{Path}?sort=title"), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Bad_input_is_refused_with_the_field_and_nothing_is_written()
    {
        var now = DateTimeOffset.UtcNow;
        var future = await ExpectProblem(
            await Post(Path, Incident(now.AddHours(1), now.AddHours(-1))),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        future.ToJsonString().Should().Contain("detectedAt");
        var backwards = await ExpectProblem(
            await Post(Path, Incident(now.AddHours(-2), now.AddHours(-1))),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        backwards.ToJsonString().Should().Contain("windowFrom");
        await ExpectProblem(
            await Post(
                Path,
                new
                {
                    title = "",
                    description = "x",
                    detectedAt = now,
                    windowFrom = now.AddHours(-1),
                }
            ),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        await ExpectProblem(
            await Post(
                Path,
                new
                {
                    title = "x",
                    description = "x",
                    detectedAt = now,
                    windowFrom = now.AddHours(-1),
                    affectedSubjects = -1,
                }
            ),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );

        var created = await Create(Incident(now.AddHours(-1), now.AddHours(-2)));
        var id = created["id"]!.GetValue<string>();
        await ExpectProblem(
            await Patch($"{Path}/{id}", new { initialNoticeSentAt = (DateTimeOffset?)null }, "\"1\""),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        await ExpectProblem(
            await Patch($"{Path}/{id}", new { windowFrom = now }, "\"1\""),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        await ExpectProblem(
            await Patch($"{Path}/{Guid.CreateVersion7()}", new { title = "x" }, "\"1\""),
            HttpStatusCode.NotFound,
            "not_found"
        );
        var unchanged = await ExpectJson(await Http.GetAsync($"{Path}/{id}"), HttpStatusCode.OK);
        unchanged["version"]!.GetValue<int>().Should().Be(1);
        unchanged["windowFrom"]!
            .GetValue<DateTimeOffset>()
            .Should()
            .Be(created["windowFrom"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Head_office_is_reminded_six_hours_before_each_notice_not_sent_once_and_the_version_stays()
    {
        var detectedAt = DateTimeOffset.UtcNow.AddHours(-10).ToMicroseconds();
        var created = await Create(Incident(detectedAt, detectedAt.AddDays(-1), "Письмо не тому адресату"));
        var id = created["id"]!.GetValue<string>();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        Task<int> Remind() =>
            Server.WithServicesAsync(services =>
                ActivatorUtilities
                    .CreateInstance<IncidentReminders>(services, (TimeProvider)clock)
                    .RemindBatchAsync(CancellationToken.None)
            );
        async Task<string[]> Reminders() =>
            [
                .. (await ExpectJson(await Http.GetAsync("/api/v1/notifications?limit=100"), HttpStatusCode.OK))[
                    "items"
                ]!
                    .AsArray()
                    .Select(n => n!["title"]!.GetValue<string>())
                    .Where(t => t.StartsWith("Инцидент с персональными данными", StringComparison.Ordinal)),
            ];

        (await Remind()).Should().Be(0, "the first notice is due in 14 hours, the reminder in 8");
        clock.Now = detectedAt.AddHours(18).AddMinutes(1);
        (await Remind()).Should().Be(1);
        (await Remind()).Should().Be(0, "each notice is reminded of once");
        (await Reminders())
            .Should()
            .Equal(
                $"Инцидент с персональными данными: первое уведомление в Роскомнадзор до {detectedAt.AddHours(24):dd.MM.yyyy HH:mm} UTC"
            );
        var read = await Http.GetAsync($"{Path}/{id}");
        ETagOf(read).Should().Be("\"1\"", "a reminder is not a change of the incident as the API answers it");

        await ExpectJson(
            await Patch($"{Path}/{id}", new { initialNoticeSentAt = detectedAt.AddHours(9) }, "\"1\""),
            HttpStatusCode.OK
        );
        clock.Now = detectedAt.AddHours(66).AddMinutes(-1);
        (await Remind()).Should().Be(0, "the follow-up's reminder is six hours before its deadline");
        clock.Now = detectedAt.AddHours(66).AddMinutes(1);
        (await Remind()).Should().Be(1);
        (await Remind()).Should().Be(0);
        (await Reminders()).Should().HaveCount(2);

        // Recorded after both reminders' times: reminded of the first notice, then of the follow-up, each past due.
        var late = DateTimeOffset.UtcNow.AddHours(-80).ToMicroseconds();
        await Create(Incident(late, late.AddDays(-1), "Поздно замеченная утечка"));
        clock.Now = DateTimeOffset.UtcNow;
        (await Remind()).Should().Be(1);
        (await Remind()).Should().Be(1);
        (await Remind()).Should().Be(0);
        var titles = await Reminders();
        titles.Should().HaveCount(4);
        titles.Should().Contain(t => t.Contains("о результатах расследования", StringComparison.Ordinal));
    }
}
