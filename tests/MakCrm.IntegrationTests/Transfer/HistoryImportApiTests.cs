using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Imports;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Transfer;

/// <summary>Tasks and notes brought over from another CRM (<c>kind=tasks</c>, <c>kind=notes</c>), linked to the
/// franchisee's own deals, leads and clients, two rows per batch.</summary>
public sealed class HistoryImportApiTests(SmallBatchImportServer server)
    : TransferTest(server), IClassFixture<SmallBatchImportServer>
{
    private static readonly string[] TaskHeader =
    [
        "title", "dueAt", "doneAt", "assigneeEmail", "createdAt", "dealId", "leadExternalRef", "externalRef", "phone",
    ];

    private static readonly string[] NoteHeader = ["text", "authorEmail", "createdAt", "leadId", "email"];

    [Theory]
    [InlineData(ImportFileFormat.Csv)]
    [InlineData(ImportFileFormat.Xlsx)]
    public async Task Tasks_land_on_the_named_deal_lead_or_client_with_their_own_dates(ImportFileFormat format)
    {
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var reference = $"amo-{Guid.NewGuid():N}";
        var client = await ClientOf(franchisee, reference);
        var lead = await LeadOf(franchisee, Id(client), $"lead-{reference}");
        var deal = Id(await ExpectJson(
            await franchisee.PostAsync(
                "/api/v1/deals",
                Body(new { clientId = Id(client), title = "Ипотека", amount = 1_000_000m, product = "mortgage" })
            ),
            HttpStatusCode.Created
        ));
        var assignee = TestActor.Franchisee.Email().ToUpperInvariant();
        var phone = client["phone"]!.GetValue<string>();

        string?[][] rows =
        [
            ["Позвонить по сделке", "2024-03-20T10:00:00Z", "2024-03-19T12:00:00Z", assignee,
                "15.03.2024 10:30", deal,
                null, null, null],
            ["Запросить справку", "2024-04-01T09:00:00Z", null, null, null, null, $"lead-{reference}",
                null, null],
            ["Поздравить клиента", "2030-01-01T09:00:00Z", null, null, null, null, null, reference,
                null],
            ["По телефону", "2030-02-01T09:00:00Z", null, null, null, null, null, null, phone],
            ["Чужая сделка", "2030-01-01T09:00:00Z", null, null, null, Guid.CreateVersion7().ToString(),
                null, null,
                null],
            ["Нет срока", null, null, null, null, deal, null, null, null],
            ["Чужой исполнитель", "2030-01-01T09:00:00Z", null, TestActor.PartnerAlpha.Email(), null,
                deal, null,
                null, null],
            ["Нет ссылки", "2030-01-01T09:00:00Z", null, null, null, null, null, "no-such-ref", null],
        ];
        var file = format == ImportFileFormat.Csv ? await Csv(TaskHeader, rows) : await Xlsx(TaskHeader, rows);
        var location = await Queue(franchisee, file, $"tasks.{Extension(format)}", kind: "tasks");
        await RunImportsAsync();

        var operation = await ExpectJson(await franchisee.GetAsync(location), HttpStatusCode.OK);
        operation["status"]!.GetValue<string>().Should().Be("succeeded", operation.ToJsonString());
        operation["kind"]!.GetValue<string>().Should().Be("tasks");
        (Count(operation, "rowsRead"), Count(operation, "created"), Count(operation, "rejected"))
            .Should().Be((8L, 4L, 4L));

        var onDeal = await TaskOn(franchisee, "deal", deal);
        onDeal["title"]!.GetValue<string>().Should().Be("Позвонить по сделке");
        onDeal["createdAt"]!.GetValue<DateTimeOffset>()
            .Should().Be(new DateTimeOffset(2024, 3, 15, 10, 30, 0, default));
        onDeal["doneAt"]!.GetValue<DateTimeOffset>().Should().Be(new DateTimeOffset(2024, 3, 19, 12, 0, 0, default));
        (await TaskOn(franchisee, "lead", Id(lead)))["title"]!.GetValue<string>()
            .Should().Be("Запросить справку");
        var onClient = await ListTasks(franchisee, "client", Id(client));
        onClient.Select(t => t["title"]!.GetValue<string>())
            .Should().BeEquivalentTo("Поздравить клиента", "По телефону");

        var overdue = await Sql<long>(
            "SELECT count(*) FROM tasks WHERE subject_id = $1 AND overdue_notified_for IS NOT NULL",
            Guid.Parse(Id(lead))
        );
        overdue.Should().Be(1, "an open task already past due is imported as told about, not notified again");

        var rejected = await ReadTable(await franchisee.GetAsync($"{location}/rejected-rows"), ImportFileFormat.Csv);
        var reasons = rejected.Skip(1).Select(r => r[^1]!).ToList();
        reasons[0].Should().StartWith("dealId: The organization has no deal");
        reasons[1].Should().StartWith("dueAt: Is required");
        reasons[2].Should().StartWith("assigneeEmail: No user of the organization has the e-mail");
        reasons[3].Should().StartWith("externalRef: The organization has no client no-such-ref");
    }

    [Fact]
    public async Task Notes_become_comments_on_the_leads_timeline_at_their_own_time_and_by_their_author()
    {
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var client = await ClientOf(franchisee, $"amo-{Guid.NewGuid():N}", $"note-{Guid.NewGuid():N}@example.ru");
        var older = await LeadOf(franchisee, Id(client), null);
        var latest = await LeadOf(franchisee, Id(client), null);
        var author = TestActor.Franchisee.Email();

        string?[][] rows =
        [
            ["Клиент звонил, просил перезвонить", author, "2024-05-01T08:00:00Z",
                Id(older), null],
            ["Принёс справку 2-НДФЛ", null, "2024-05-02T08:00:00Z", null,
                client["email"]!.GetValue<string>()],
            ["Нет автора", TestActor.PartnerAlpha.Email(), null, Id(older), null],
            ["", null, null, Id(older), null],
            ["Из будущего", null, "2099-01-01T00:00:00Z", Id(older), null],
        ];
        var location = await Queue(franchisee, await Csv(NoteHeader, rows), "notes.csv", kind: "notes");
        await RunImportsAsync();

        var operation = await ExpectJson(await franchisee.GetAsync(location), HttpStatusCode.OK);
        (Count(operation, "rowsRead"), Count(operation, "created"), Count(operation, "rejected"))
            .Should().Be((5L, 2L, 3L));

        var comments = await Comments(franchisee, Id(older));
        var first = comments.Single();
        first["text"]!.GetValue<string>().Should().Be("Клиент звонил, просил перезвонить");
        first["createdAt"]!.GetValue<DateTimeOffset>().Should().Be(new DateTimeOffset(2024, 5, 1, 8, 0, 0, default));
        first["author"]!["userId"]!.GetValue<string>()
            .Should().Be((await Server.UserIdAsync(TestActor.Franchisee)).ToString());
        (await Comments(franchisee, Id(latest))).Single()["text"]!.GetValue<string>()
            .Should().Be("Принёс справку 2-НДФЛ",
                "a note named by its client goes on the client's latest lead");

        var timeline = await ExpectJson(
            await franchisee.GetAsync($"/api/v1/clients/{Id(client)}/timeline?limit=100"),
            HttpStatusCode.OK
        );
        timeline["items"]!.AsArray().Count(i => i!["kind"]!.GetValue<string>() == "comment").Should().Be(2);
    }

    [Fact]
    public async Task A_note_file_without_a_column_naming_the_lead_fails_and_importing_tasks_needs_tasks_write()
    {
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var location = await Queue(franchisee, Csv("text,authorEmail", "Заметка,"), "n.csv", kind: "notes");
        await RunImportsAsync();
        var operation = await ExpectJson(await franchisee.GetAsync(location), HttpStatusCode.OK);
        operation["status"]!.GetValue<string>().Should().Be("failed");
        operation["failure"]!["code"]!.GetValue<string>().Should().Be("import_file_invalid");
        operation["failure"]!["detail"]!.GetValue<string>().Should().Contain("leadId or leadExternalRef");

        using var guest = await Server.CreateHttpClientAsync(TestActor.Guest);
        (await Upload(guest, Csv("title,dueAt,phone", "A,2030-01-01T00:00:00Z,+79000000000"), "t.csv", "tasks"))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private static async Task<JsonObject> ClientOf(HttpClient http, string externalRef, string? email = null) =>
        await ExpectJson(
            await http.PostAsync(
                "/api/v1/clients",
                Body(new { fullName = "Историев Иван", phone = UniquePhone(), email, source = "partner",
                    externalRef })
            ),
            HttpStatusCode.Created
        );

    private static async Task<JsonObject> LeadOf(HttpClient http, string clientId, string? externalRef) =>
        await ExpectJson(
            await http.PostAsync(
                "/api/v1/leads",
                Body(new { clientId, requestedAmount = 500_000m, product = "consumer", externalRef })
            ),
            HttpStatusCode.Created
        );

    private static async Task<List<JsonObject>> ListTasks(HttpClient http, string subjectType, string subjectId) =>
        (await ExpectJson(
            await http.GetAsync($"/api/v1/tasks?subjectType={subjectType}&subjectId={subjectId}&limit=100"),
            HttpStatusCode.OK
        ))["items"]!.AsArray().Select(t => t!.AsObject()).ToList();

    private static async Task<JsonObject> TaskOn(HttpClient http, string subjectType, string subjectId) =>
        (await ListTasks(http, subjectType, subjectId)).Single();

    private static async Task<List<JsonObject>> Comments(HttpClient http, string leadId) =>
        (await ExpectJson(await http.GetAsync($"/api/v1/leads/{leadId}/comments"), HttpStatusCode.OK))["items"]!
            .AsArray().Select(c => c!.AsObject()).ToList();
}
