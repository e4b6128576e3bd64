using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MakCrm.Application.Common;
using MakCrm.Domain.SubjectRequests;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.SubjectRequests;
using MakCrm.IntegrationTests.Documents;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.IntegrationTests.Webhooks;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.SubjectRequests;

/// <summary>Subject requests over the real HTTP pipeline and PostgreSQL: registered, verified by a mailed code or a
/// paper scan before anything is answered, on the working-day clock with one extension, an access request answered
/// with the ZIP of the person's data, every step audited, and head office reminded before the deadline.</summary>
public sealed partial class SubjectRequestsApiTests(ApiServerFixture server) : ApiTest(server)
{
    private const string Path = "/api/v1/subject-requests";

    [GeneratedRegex(@"\b(\d{6})\b")]
    private static partial Regex SixDigits();

    private static object Request(
        string clientId,
        string kind = "access",
        string channel = "cabinet",
        string[]? purposes = null
    ) =>
        new
        {
            clientId,
            kind,
            channel,
            details = "Прошу предоставить мои данные.",
            purposes = purposes ?? (kind == "consent_withdrawal" ? ["advertising_messages"] : []),
        };

    private Task<HttpResponseMessage> Step(string id, string step, object? body, string? ifMatch) =>
        Send(HttpMethod.Post, $"{Path}/{id}/{step}", body is null ? null : Json(body), ifMatch: ifMatch);

    private async Task<string> MailedCode(HttpClient http, string id, string email)
    {
        var sent = await ExpectJson(
            await http.PostAsync($"{Path}/{id}/verification-code", null),
            HttpStatusCode.Accepted
        );
        sent["sentTo"]!.GetValue<string>().Should().Be($"{email[0]}***{email[email.IndexOf('@')..]}");
        var mail = await Server.Mail.NextMailToAsync(email);
        mail.Subject.Should()
            .Be("Код подтверждения запроса о персональных данных");
        return SixDigits().Match(mail.Text).Groups[1].Value;
    }

    private SubjectRequestClock Clock => Server.Services.GetRequiredService<SubjectRequestClock>();

    [Fact]
    public async Task An_access_request_is_verified_by_the_mailed_code_extended_once_and_answered_with_the_data()
    {
        var email = $"subject{Guid.NewGuid():N}@example.com";
        var client = Id(await CreateClient(email: email));
        var lead = Id(await CreateLead(client, comment: "Ипотека"));
        using var form = DocumentForms.Upload(DocumentForms.Pdf, "паспорт.pdf", "scan", "application/pdf");
        form.Add(new StringContent("client"), "subjectType");
        form.Add(new StringContent(client), "subjectId");
        var document = await ExpectJson(await Http.PostAsync("/api/v1/documents", form), HttpStatusCode.Created);
        (await Http.GetAsync($"/api/v1/clients/{client}")).StatusCode.Should().Be(HttpStatusCode.OK);

        var response = await Post(Path, Request(client));
        var created = await ExpectJson(response, HttpStatusCode.Created);
        var id = Id(created);
        response.Headers.Location!.ToString().Should().Be($"{Path}/{id}");
        created["status"]!.GetValue<string>().Should().Be("received");
        var receivedAt = created["receivedAt"]!.GetValue<DateTimeOffset>();
        var dueOn = DateOnly.Parse(
            created["dueOn"]!.GetValue<string>(),
            System.Globalization.CultureInfo.InvariantCulture
        );
        dueOn.Should().Be(Clock.Calendar.AddWorkingDays(Clock.DayOf(receivedAt), 10));
        created["overdue"]!.GetValue<bool>().Should().BeFalse();

        await ExpectProblem(
            await Step(id, "answer", new { text = "Ответ" }, "\"1\""),
            HttpStatusCode.Conflict,
            "subject_request_state"
        );
        var code = await MailedCode(Http, id, email);
        var wrong = code == "000000" ? "111111" : "000000";
        await ExpectProblem(
            await Step(id, "verification", new { method = "email_code", code = wrong }, "\"1\""),
            HttpStatusCode.BadRequest,
            "subject_request_code_invalid"
        );
        await ExpectProblem(
            await Step(id, "verification", new { method = "email_code", code }, null),
            HttpStatusCode.PreconditionRequired,
            "precondition_required"
        );
        var verifiedResponse = await Step(id, "verification", new { method = "email_code", code }, "\"1\"");
        var verified = await ExpectJson(verifiedResponse, HttpStatusCode.OK);
        ETagOf(verifiedResponse).Should().Be("\"2\"");
        verified["status"]!.GetValue<string>().Should().Be("verified");
        verified["verificationMethod"]!.GetValue<string>().Should().Be("email_code");

        await ExpectProblem(
            await Step(id, "extension", new { reason = "" }, "\"2\""),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        var extended = await ExpectJson(
            await Step(id, "extension", new { reason = "Запрошены данные у банка." }, "\"2\""),
            HttpStatusCode.OK
        );
        extended["status"]!.GetValue<string>().Should().Be("extended");
        extended["dueOn"]!
            .GetValue<string>()
            .Should()
            .Be(
                Clock
                    .Calendar.AddWorkingDays(dueOn, 5)
                    .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            );
        await ExpectProblem(
            await Step(id, "extension", new { reason = "Ещё раз." }, "\"3\""),
            HttpStatusCode.Conflict,
            "subject_request_state"
        );

        var answered = await ExpectJson(
            await Step(id, "answer", new { text = "Копия ваших данных приложена." }, "\"3\""),
            HttpStatusCode.OK
        );
        answered["status"]!.GetValue<string>().Should().Be("answered");
        var archive = answered["answerDocumentId"]!.GetValue<string>();
        using var download = await Http.GetAsync($"/api/v1/documents/{archive}/content");
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.Should().Be("application/zip");
        await using var bytes = await download.Content.ReadAsStreamAsync();
        using var zip = new ZipArchive(bytes, ZipArchiveMode.Read);
        string Entry(string name)
        {
            using var reader = new StreamReader(zip.GetEntry(name)!.Open());
            return reader.ReadToEnd();
        }

        JsonNode
            .Parse(Entry("clients.json"))!
            .AsArray()
            .Select(c => c!["email"]!.GetValue<string>())
            .Should()
            .Equal(email);
        JsonNode.Parse(Entry("leads.json"))!.AsArray().Select(l => l!["id"]!.GetValue<string>()).Should().Equal(lead);
        JsonNode.Parse(Entry("documents.json"))!.AsArray().Should().ContainSingle();
        zip.Entries.Should().Contain(e => e.FullName == $"files/{Guid.Parse(Id(document)):N}-паспорт.pdf");
        zip.Entries.Select(e => e.Name).Should().Contain(["deals.json", "consents.json", "reads.json"]);
        JsonNode.Parse(Entry("reads.json"))!.AsArray().Should().NotBeEmpty("the client's card was shown");

        await ExpectProblem(
            await Step(id, "closure", null, "\"3\""),
            HttpStatusCode.PreconditionFailed,
            "precondition_failed"
        );
        var closed = await ExpectJson(await Step(id, "closure", null, "\"4\""), HttpStatusCode.OK);
        closed["status"]!.GetValue<string>().Should().Be("closed");
        (await ExpectJson(await Http.GetAsync($"{Path}/{id}"), HttpStatusCode.OK))
            .ToJsonString()
            .Should()
            .Be(closed.ToJsonString());

        var audit = await ExpectJson(await Http.GetAsync($"/api/v1/audit-events?entityId={id}"), HttpStatusCode.OK);
        audit["items"]!.AsArray().Should().HaveCount(5, "registered, verified, extended, answered and closed");
    }

    [Fact]
    public async Task A_code_is_one_time_dies_after_five_wrong_answers_and_goes_only_to_the_e_mail_on_record()
    {
        var email = $"subject{Guid.NewGuid():N}@example.com";
        var client = Id(await CreateClient(email: email));
        var id = Id(await ExpectJson(await Post(Path, Request(client, "destruction")), HttpStatusCode.Created));
        var code = await MailedCode(Http, id, email);
        var wrong = code == "000000" ? "111111" : "000000";
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await ExpectProblem(
                await Step(id, "verification", new { method = "email_code", code = wrong }, "\"1\""),
                HttpStatusCode.BadRequest,
                "subject_request_code_invalid"
            );
        }

        await ExpectProblem(
            await Step(id, "verification", new { method = "email_code", code }, "\"1\""),
            HttpStatusCode.BadRequest,
            "subject_request_code_invalid"
        );

        var fresh = await MailedCode(Http, id, email);
        (await Patch($"/api/v1/clients/{client}", new { email = "other@example.com" }, "\"1\""))
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);
        await ExpectProblem(
            await Step(id, "verification", new { method = "email_code", code = fresh }, "\"1\""),
            HttpStatusCode.BadRequest,
            "subject_request_code_invalid"
        );

        var noMail = Id(await CreateClient());
        var other = Id(await ExpectJson(await Post(Path, Request(noMail)), HttpStatusCode.Created));
        await ExpectProblem(
            await Http.PostAsync($"{Path}/{other}/verification-code", null),
            HttpStatusCode.Conflict,
            "subject_contact_missing"
        );
    }

    [Fact]
    public async Task Head_office_attests_a_paper_request_a_partner_cannot_and_sees_only_its_own_clients_requests()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        var client = await ExpectJson(
            await alpha.PostAsync(
                "/api/v1/clients",
                Body(
                    new
                    {
                        fullName = "Петров Пётр",
                        phone = UniquePhone(),
                        source = "partner",
                    }
                )
            ),
            HttpStatusCode.Created
        );
        var clientId = Id(client);
        await ExpectProblem(
            await alpha.PostAsync(Path, Body(Request(clientId, channel: "head_office"))),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        await ExpectProblem(
            await beta.PostAsync(Path, Body(Request(clientId))),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        await ExpectProblem(
            await Post(Path, Request(Guid.NewGuid().ToString())),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        var created = await ExpectJson(
            await alpha.PostAsync(Path, Body(Request(clientId, "correction", "bot"))),
            HttpStatusCode.Created
        );
        var id = Id(created);
        created["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());
        (await beta.GetAsync($"{Path}/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await alpha.GetAsync($"{Path}/{id}")).StatusCode.Should().Be(HttpStatusCode.OK);

        var scan = await DocumentForms.UploadPdfAsync(Http, "заявление.pdf", "scan");
        using var partnerPaper = new HttpRequestMessage(HttpMethod.Post, $"{Path}/{id}/verification")
        {
            Content = Body(new { method = "paper", documentId = scan }),
        };
        partnerPaper.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        await ExpectProblem(await alpha.SendAsync(partnerPaper), HttpStatusCode.Forbidden, "forbidden");
        await ExpectProblem(
            await Step(id, "verification", new { method = "paper" }, "\"1\""),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        await ExpectProblem(
            await Step(id, "verification", new { method = "paper", documentId = Guid.NewGuid() }, "\"1\""),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        var verified = await ExpectJson(
            await Step(id, "verification", new { method = "paper", documentId = scan }, "\"1\""),
            HttpStatusCode.OK
        );
        verified["verificationDocumentId"]!.GetValue<string>().Should().Be(scan);
        verified["verificationMethod"]!.GetValue<string>().Should().Be("paper");

        var refused = await ExpectJson(
            await Step(
                id, "refusal", new { reason = "Данные верны, исправлять нечего." }, "\"2\""),
            HttpStatusCode.OK
        );
        refused["status"]!.GetValue<string>().Should().Be("refused");
        refused["answerDocumentId"].Should().BeNull();
        await ExpectProblem(
            await Step(id, "refusal", new { reason = "Ещё раз." }, "\"3\""),
            HttpStatusCode.Conflict,
            "subject_request_state"
        );
        (await ExpectJson(await Step(id, "closure", null, "\"3\""), HttpStatusCode.OK))["status"]!
            .GetValue<string>()
            .Should()
            .Be("closed");
        await ExpectProblem(await Http.GetAsync($"{Path}/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_consent_withdrawal_withdraws_the_consents_of_its_purposes_when_answered_and_no_others()
    {
        var client = Id(await CreateClient());
        var givenAt = DateTimeOffset.UtcNow.AddDays(-3);
        var advertising = await GiveConsent(client, "advertising_messages", givenAt);
        var creditHistory = await GiveConsent(client, "credit_history_request", givenAt);
        var processing = await GiveConsent(client, "personal_data_processing", givenAt);

        foreach (var (kind, purposes) in new[]
        {
            ("consent_withdrawal", Array.Empty<string>()),
            ("access", ["advertising_messages"]),
            ("consent_withdrawal", ["marketing"]),
        })
        {
            var problem = await ExpectProblem(
                await Post(Path, Request(client, kind, purposes: purposes)),
                HttpStatusCode.BadRequest,
                "validation_failed"
            );
            problem.ToJsonString().Should().Contain("purposes");
        }

        var created = await ExpectJson(
            await Post(
                Path,
                Request(
                    client,
                    "consent_withdrawal",
                    "head_office",
                    ["credit_history_request", "advertising_messages", "advertising_messages"]
                )
            ),
            HttpStatusCode.Created
        );
        var id = Id(created);
        created["purposes"]!.AsArray().Select(p => p!.GetValue<string>()).Should()
            .Equal("credit_history_request", "advertising_messages");
        (await ExpectJson(await Http.GetAsync($"{Path}/{id}"), HttpStatusCode.OK))["purposes"]!.AsArray()
            .Should().HaveCount(2);
        await ExpectProblem(
            await Step(id, "answer", new { text = "Согласия отозваны." }, "\"1\""),
            HttpStatusCode.Conflict,
            "subject_request_state"
        );
        (await ExpectJson(await Http.GetAsync($"/api/v1/consents/{advertising}"), HttpStatusCode.OK))["status"]!
            .GetValue<string>().Should().Be("active", "nothing is withdrawn for an unverified person");

        var scan = await DocumentForms.UploadPdfAsync(Http, "отзыв.pdf", "scan");
        await ExpectJson(
            await Step(id, "verification", new { method = "paper", documentId = scan }, "\"1\""),
            HttpStatusCode.OK
        );
        var answered = await ExpectJson(
            await Step(id, "answer", new { text = "Согласия отозваны." }, "\"2\""),
            HttpStatusCode.OK
        );
        answered["status"]!.GetValue<string>().Should().Be("answered");
        var answeredAt = answered["answeredAt"]!.GetValue<DateTimeOffset>();

        foreach (var withdrawn in new[] { advertising, creditHistory })
        {
            var consent = await ExpectJson(await Http.GetAsync($"/api/v1/consents/{withdrawn}"), HttpStatusCode.OK);
            consent["status"]!.GetValue<string>().Should().Be("withdrawn");
            consent["withdrawal"]!["source"]!.GetValue<string>().Should().Be("paper_scan");
            consent["withdrawal"]!["documentId"]!.GetValue<string>().Should().Be(scan);
            consent["withdrawal"]!["withdrawnAt"]!.GetValue<DateTimeOffset>().Should().Be(answeredAt);
        }

        var kept = await ExpectJson(await Http.GetAsync($"/api/v1/consents/{processing}"), HttpStatusCode.OK);
        kept["status"]!.GetValue<string>().Should().Be("active");
        kept["withdrawal"].Should().BeNull();
        var withdrawnList = await ExpectJson(
            await Http.GetAsync($"/api/v1/consents?clientId={client}&status=withdrawn"),
            HttpStatusCode.OK
        );
        withdrawnList["items"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).Should()
            .BeEquivalentTo([advertising, creditHistory]);
    }

    [Fact]
    public async Task A_consent_withdrawal_from_the_bot_verified_by_code_is_recorded_as_the_bot_s()
    {
        var email = $"withdraw{Guid.NewGuid():N}@example.com";
        var client = Id(await CreateClient(email: email));
        var advertising = await GiveConsent(client, "advertising_messages", DateTimeOffset.UtcNow.AddDays(-1), "bot");
        var id = Id(
            await ExpectJson(
                await Post(Path, Request(client, "consent_withdrawal", "bot")),
                HttpStatusCode.Created
            )
        );
        var code = await MailedCode(Http, id, email);
        await ExpectJson(
            await Step(id, "verification", new { method = "email_code", code }, "\"1\""),
            HttpStatusCode.OK
        );
        await ExpectJson(await Step(id, "answer", new { text = "Рассылка отключена." }, "\"2\""), HttpStatusCode.OK);

        var consent = await ExpectJson(await Http.GetAsync($"/api/v1/consents/{advertising}"), HttpStatusCode.OK);
        consent["withdrawal"]!["source"]!.GetValue<string>().Should().Be("bot");
        consent["withdrawal"]!["documentId"].Should().BeNull();
        var audit = await ExpectJson(
            await Http.GetAsync($"/api/v1/audit-events?entityType=consent&entityId={advertising}"),
            HttpStatusCode.OK
        );
        audit["items"]!.AsArray().Should().Contain(e => e!["action"]!.GetValue<string>() == "consent.updated");
    }

    [Fact]
    public async Task The_list_filters_by_status_kind_client_and_deadline_and_pages_by_cursor()
    {
        var first = Id(await CreateClient());
        var second = Id(await CreateClient());
        var access = Id(await ExpectJson(await Post(Path, Request(first)), HttpStatusCode.Created));
        var destruction = Id(
            await ExpectJson(await Post(Path, Request(second, "destruction")), HttpStatusCode.Created)
        );
        var withdrawal = Id(
            await ExpectJson(await Post(Path, Request(second, "consent_withdrawal")), HttpStatusCode.Created)
        );
        await ExpectJson(
            await Step(withdrawal, "refusal", new { reason = "Не подтверждён." }, "\"1\""),
            HttpStatusCode.OK
        );

        async Task<string[]> Ids(string query) =>
            [
                .. (await ExpectJson(await Http.GetAsync($"{Path}?{query}"), HttpStatusCode.OK))["items"]!
                    .AsArray()
                    .Select(r => r!["id"]!.GetValue<string>()),
            ];

        (await Ids("")).Should().Equal(withdrawal, destruction, access);
        (await Ids("status=received")).Should().Equal(destruction, access);
        (await Ids("kind=destruction")).Should().Equal(destruction);
        (await Ids($"clientId={second}")).Should().Equal(withdrawal, destruction);
        (await Ids("dueBefore=2000-01-01")).Should().BeEmpty();
        (await Ids("dueBefore=2100-01-01&sort=dueOn")).Should().HaveCount(3);
        (await ListAllIds(Path, 1)).Should().Equal(withdrawal, destruction, access);
        await ExpectProblem(await Http.GetAsync($"{Path}?status=lost"), HttpStatusCode.BadRequest, "validation_failed");
        await ExpectProblem(await Http.GetAsync($"{Path}?sort=kind"), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Head_office_is_reminded_once_before_the_deadline_and_again_after_an_extension()
    {
        var client = Id(await CreateClient());
        var created = await ExpectJson(await Post(Path, Request(client)), HttpStatusCode.Created);
        var id = Guid.Parse(Id(created));
        var dueOn = DateOnly.Parse(
            created["dueOn"]!.GetValue<string>(),
            System.Globalization.CultureInfo.InvariantCulture
        );
        var remindAt = Clock.RemindAt(dueOn);
        var clock = new ManualClock(remindAt.AddMinutes(-1));

        Task<int> Remind() =>
            Server.WithServicesAsync(services =>
                ActivatorUtilities
                    .CreateInstance<SubjectRequestReminders>(services, (TimeProvider)clock)
                    .RemindBatchAsync(CancellationToken.None)
            );

        Task<DateTimeOffset?> SentAt() =>
            Server.WithServicesAsync(async services =>
                await services
                    .GetRequiredService<MakCrmDbContext>()
                    .Set<SubjectRequest>()
                    .Where(r => r.Id == id)
                    .Select(r => r.ReminderSentAt)
                    .SingleAsync()
            );

        (await Remind()).Should().Be(0, "the reminder's working day has not begun");
        clock.Now = remindAt.AddMinutes(1);
        (await Remind()).Should().Be(1);
        (await SentAt()).Should().Be(clock.Now.ToMicroseconds());
        (await Remind()).Should().Be(0, "each deadline is reminded of once");
        var notifications = await ExpectJson(await Http.GetAsync("/api/v1/notifications"), HttpStatusCode.OK);
        notifications["items"]!
            .AsArray()
            .Select(n => n!["title"]!.GetValue<string>())
            .Should()
            .Contain(
                $"Запрос субъекта персональных данных: срок ответа {dueOn:dd.MM.yyyy}");

        await ExpectJson(
            await Step(id.ToString(), "extension", new { reason = "Нужны данные банка." }, "\"2\""),
            HttpStatusCode.OK
        );
        (await SentAt()).Should().BeNull("an extension arms the reminder for the new deadline");
        (await Remind()).Should().Be(0, "the new deadline is five working days later");
        clock.Now = Clock.RemindAt(Clock.Calendar.AddWorkingDays(dueOn, 5)).AddSeconds(1);
        (await Remind()).Should().Be(1);
    }
}
