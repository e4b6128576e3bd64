using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Lists;

/// <summary>
/// <c>withTotal=true</c> on the CRM's lists: the page's <c>total</c> counts everything the filters match within what
/// the caller may see (not only the page), exactly up to 10,000, and as the database's estimate beyond; without it,
/// null.
/// </summary>
public sealed class ListTotalsTests(ApiServerFixture server) : ApiTest(server)
{
    [Fact]
    public async Task The_total_counts_every_lead_the_filters_match_not_only_the_page()
    {
        var client = Id(await CreateClient());
        await CreateLead(client, amount: 500_000m);
        await CreateLead(client, amount: 2_000_000m);
        await CreateLead(client, amount: 3_000_000m);

        var page = await ExpectJson(await Http.GetAsync("/api/v1/leads?withTotal=true&limit=1"), HttpStatusCode.OK);
        page["items"]!.AsArray().Should().HaveCount(1);
        Total(page).Should().Be((3, true));

        var filtered = await Page("/api/v1/leads?withTotal=true&limit=1&amountMin=1000000");
        Total(filtered).Should().Be((2, true));

        var cursor = Uri.EscapeDataString(filtered["nextCursor"]!.GetValue<string>());
        var next = await Page($"/api/v1/leads?withTotal=true&limit=1&cursor={cursor}&amountMin=1000000");
        Total(next).Should().Be((2, true), "the total is the list's, whichever page");

        (await Page("/api/v1/leads?limit=1"))["total"].Should().BeNull("nobody asked for it");
        (await Page("/api/v1/leads?withTotal=false"))["total"].Should().BeNull();
    }

    [Fact]
    public async Task A_partner_counts_only_what_it_may_read()
    {
        await CreateLead(Id(await CreateClient()));
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var own = await ExpectJson(
            await alpha.PostAsync(
                "/api/v1/clients",
                Body(new { fullName = "Клиент Альфы", phone = UniquePhone(), source = "partner" })
            ),
            HttpStatusCode.Created
        );
        await ExpectJson(
            await alpha.PostAsync(
                "/api/v1/leads",
                Body(new { clientId = Id(own), requestedAmount = 1m, product = "mortgage" })
            ),
            HttpStatusCode.Created
        );

        Total(await ExpectJson(await alpha.GetAsync("/api/v1/leads?withTotal=true"), HttpStatusCode.OK))
            .Should()
            .Be((1, true));
        Total(await ExpectJson(await alpha.GetAsync("/api/v1/clients?withTotal=true"), HttpStatusCode.OK))
            .Should()
            .Be((1, true));
        Total(await Page("/api/v1/leads?withTotal=true")).Should().Be((2, true), "head office sees both");
    }

    [Theory]
    [InlineData("/api/v1/clients")]
    [InlineData("/api/v1/leads")]
    [InlineData("/api/v1/deals")]
    [InlineData("/api/v1/tasks")]
    [InlineData("/api/v1/tickets")]
    [InlineData("/api/v1/organizations")]
    [InlineData("/api/v1/organizations/trash")]
    [InlineData("/api/v1/users")]
    public async Task Every_counting_list_gives_as_many_as_its_pages_hold(string list)
    {
        var client = Id(await CreateClient());
        await CreateLead(client);
        await ExpectJson(
            await Post(
                "/api/v1/deals",
                new { clientId = client, title = "Ипотека", amount = 1m, product = "mortgage" }
            ),
            HttpStatusCode.Created
        );
        await CreateTask(client);
        await ExpectJson(
            await Post("/api/v1/tickets", new { subject = "Вопрос", category = "other", text = "Текст" }),
            HttpStatusCode.Created
        );

        var ids = await ListAllIds(list, 2);
        var (count, exact) = Total(await Page($"{list}?withTotal=true&limit=2"));
        count.Should().Be(ids.Count);
        exact.Should().BeTrue();
    }

    [Fact]
    public async Task Beyond_ten_thousand_the_total_is_an_estimate_and_says_so()
    {
        var client = Id(await CreateClient());
        await CreateTask(client);
        await Execute(
            """
            CREATE TEMP TABLE many AS SELECT t.*, g AS n FROM tasks t CROSS JOIN generate_series(1, 10000) g;
            UPDATE many SET id = gen_random_uuid();
            ALTER TABLE many DROP COLUMN n;
            INSERT INTO tasks SELECT * FROM many;
            ANALYZE tasks;
            """
        );

        var (count, exact) = Total(await Page("/api/v1/tasks?withTotal=true&limit=1"));
        exact.Should().BeFalse();
        count.Should().BeGreaterThan(10_000, "an estimate is never below what was counted");

        Total(await Page("/api/v1/tasks?withTotal=true&q=нет такого")).Should().Be((0, true));
    }

    [Fact]
    public async Task A_with_total_that_is_not_a_boolean_is_a_400_on_the_parameter()
    {
        var problem = await ExpectProblem(
            await Http.GetAsync("/api/v1/leads?withTotal=maybe"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(problem, "withTotal").Should().NotBeEmpty();
    }

    private async Task CreateTask(string client) =>
        await ExpectJson(
            await Post(
                "/api/v1/tasks",
                new
                {
                    subjectType = "client",
                    subjectId = client,
                    title = "Позвонить",
                    dueAt = DateTimeOffset.UtcNow.AddDays(1),
                }
            ),
            HttpStatusCode.Created
        );

    private async Task<JsonObject> Page(string url) => await ExpectJson(await Http.GetAsync(url), HttpStatusCode.OK);

    private static (int Count, bool Exact) Total(JsonObject page) =>
        (page["total"]!["count"]!.GetValue<int>(), page["total"]!["exact"]!.GetValue<bool>());
}
