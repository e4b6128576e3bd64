using System.Net;
using MakCrm.IntegrationTests.Documents;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Lists;

/// <summary>
/// <c>q</c> and <c>createdFrom</c>/<c>createdTo</c> on the lists of tasks, tickets and documents, as on the other
/// lists: a case-insensitive match on any part of the text, LIKE's wildcards taken literally, a creation window.
/// </summary>
public sealed class ListTextSearchTests(ApiServerFixture server) : ApiTest(server)
{
    [Fact]
    public async Task Tasks_are_found_by_any_part_of_their_title_and_by_when_they_were_made()
    {
        var client = Id(await CreateClient());
        var before = DateTimeOffset.UtcNow;
        var call = await CreateTask(client, "Позвонить Иванову по ипотеке");
        await CreateTask(client, "Отправить договор");
        await CreateTask(client, "Скидка 100% на комиссию");

        (await Ids("/api/v1/tasks?q=ИПОТЕК")).Should().Equal(call);
        (await Ids("/api/v1/tasks?q=" + Uri.EscapeDataString("100%"))).Should().HaveCount(1);
        (await Ids("/api/v1/tasks?q=" + Uri.EscapeDataString("%"))).Should().HaveCount(1, "% is a character here");
        (await Ids($"/api/v1/tasks?createdFrom={Instant(before)}")).Should().HaveCount(3);
        (await Ids($"/api/v1/tasks?createdTo={Instant(before)}")).Should().BeEmpty();
    }

    [Fact]
    public async Task Tickets_are_found_by_their_subject()
    {
        var printer = await CreateTicket("Не печатается акт сверки");
        await CreateTicket("Вопрос по комиссии");

        (await Ids("/api/v1/tickets?q=акт сверки")).Should().Equal(printer);
        (await Ids("/api/v1/tickets?q=нет такого")).Should().BeEmpty();
        (await Ids($"/api/v1/tickets?createdFrom={Instant(DateTimeOffset.UtcNow.AddMinutes(5))}")).Should().BeEmpty();
    }

    [Fact]
    public async Task Documents_are_found_by_their_file_name()
    {
        var passport = await DocumentForms.UploadPdfAsync(Http, "Паспорт_Иванов.pdf");
        await DocumentForms.UploadPdfAsync(Http, "Договор.pdf");

        (await Ids("/api/v1/documents?q=паспорт")).Should().Equal(passport);
        (await Ids($"/api/v1/documents?createdTo={Instant(DateTimeOffset.UtcNow.AddMinutes(5))}"))
            .Should()
            .HaveCount(2);
    }

    [Theory]
    [InlineData("/api/v1/tasks")]
    [InlineData("/api/v1/tickets")]
    [InlineData("/api/v1/documents")]
    public async Task A_window_that_ends_before_it_starts_or_a_too_long_search_is_a_400_on_the_field(string list)
    {
        var now = DateTimeOffset.UtcNow;
        var reversed = await ExpectProblem(
            await Http.GetAsync($"{list}?createdFrom={Instant(now)}&createdTo={Instant(now.AddDays(-1))}"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(reversed, "createdTo").Should().NotBeEmpty();

        var tooLong = await ExpectProblem(
            await Http.GetAsync($"{list}?q={new string('а', 201)}"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(tooLong, "q").Should().NotBeEmpty();
    }

    private async Task<string> CreateTask(string client, string title) =>
        Id(
            await ExpectJson(
                await Post(
                    "/api/v1/tasks",
                    new
                    {
                        subjectType = "client",
                        subjectId = client,
                        title,
                        dueAt = DateTimeOffset.UtcNow.AddDays(1),
                    }
                ),
                HttpStatusCode.Created
            )
        );

    private async Task<string> CreateTicket(string subject) =>
        Id(
            await ExpectJson(
                await Post(
                    "/api/v1/tickets",
                    new
                    {
                        subject,
                        category = "other",
                        text = "Подробности",
                    }
                ),
                HttpStatusCode.Created
            )
        );

    private async Task<List<string>> Ids(string url) =>
        (await ExpectJson(await Http.GetAsync(url), HttpStatusCode.OK))["items"]!
            .AsArray()
            .Select(i => i!["id"]!.GetValue<string>())
            .ToList();

    private static string Instant(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O"));
}
