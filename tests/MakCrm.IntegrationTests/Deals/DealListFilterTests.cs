using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Deals;

/// <summary>The deal list's search and its filters by amount, creation and closing time and open or closed state.</summary>
public sealed class DealListFilterTests(ApiServerFixture server) : DealTest(server)
{
    [Fact]
    public async Task Q_searches_the_title_and_the_clients_name_in_any_case()
    {
        var sidorov = await CreateClient(fullName: "Сидоров Семён");
        var kuznetsova = await CreateClient(fullName: "Кузнецова Анна");
        var mortgage = await CreateTitled(Id(sidorov), "Ипотека, новостройка", 4_000_000m);
        var car = await CreateTitled(Id(kuznetsova), "Автокредит 100%_верно", 900_000m);

        (await Listed("q=СИДОР")).Should().Equal(Id(mortgage));
        (await Listed("q=автокредит")).Should().Equal(Id(car));
        (await Listed("q=%25")).Should().Equal([Id(car)], "a wildcard is searched as the character it is");
        (await Listed("q=100%25_")).Should().Equal(Id(car));
        (await Listed("q=анна")).Should().Equal(Id(car));
        (await Listed("q=нет такого")).Should().BeEmpty();
    }

    [Fact]
    public async Task Deals_filter_by_amount_creation_time_closing_time_and_state()
    {
        var client = await CreateClient();
        var small = await CreateDeal(Id(client), amount: 100_000m);
        var middle = await CreateDeal(Id(client), amount: 1_000_000m);
        var large = await CreateDeal(Id(client), amount: 5_000_000m);
        var before = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O");
        var after = DateTimeOffset.UtcNow.AddMinutes(5).ToString("O");
        (await Move(Id(middle), WonStage)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Move(Id(large), LostStage)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await Listed("amountMin=1000000")).Should().BeEquivalentTo([Id(middle), Id(large)]);
        (await Listed("amountMax=1000000")).Should().BeEquivalentTo([Id(small), Id(middle)]);
        (await Listed("amountMin=500000&amountMax=2000000")).Should().Equal(Id(middle));
        (await Listed("state=open")).Should().Equal(Id(small));
        (await Listed("state=closed")).Should().BeEquivalentTo([Id(middle), Id(large)]);
        (await Listed($"closedFrom={Uri.EscapeDataString(before)}&closedTo={Uri.EscapeDataString(after)}")).Should().BeEquivalentTo([Id(middle), Id(large)]);
        (await Listed($"closedFrom={Uri.EscapeDataString(after)}")).Should().BeEmpty();
        (await Listed($"createdFrom={Uri.EscapeDataString(before)}")).Should().HaveCount(3);
        (await Listed($"createdTo={Uri.EscapeDataString(before)}")).Should().BeEmpty();
        (await Listed("state=closed&amountMax=2000000")).Should().Equal(Id(middle));
    }

    [Fact]
    public async Task A_partner_searches_only_its_own_deals()
    {
        var client = await CreateClient(fullName: "Общий Поиск");
        await CreateDeal(Id(client));
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var own = await ExpectJson(await alpha.PostAsync("/api/v1/clients", Body(new { fullName = "Общий Поиск", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created);
        var deal = await ExpectJson(
            await alpha.PostAsync("/api/v1/deals", Body(new { clientId = Id(own), title = "Ипотека", amount = 1_000_000m, product = "mortgage" })), HttpStatusCode.Created);

        var items = (await ExpectJson(await alpha.GetAsync("/api/v1/deals?q=общий"), HttpStatusCode.OK))["items"]!.AsArray();

        items.Select(d => Id(d!.AsObject())).Should().Equal(Id(deal));
    }

    [Theory]
    [InlineData("state=maybe", "state")]
    [InlineData("amountMin=-1", "amountMin")]
    [InlineData("amountMin=10&amountMax=5", "amountMax")]
    [InlineData("createdFrom=2026-02-01T00:00:00Z&createdTo=2026-01-01T00:00:00Z", "createdTo")]
    [InlineData("closedFrom=2026-02-01T00:00:00Z&closedTo=2026-02-01T00:00:00Z", "closedTo")]
    [InlineData("closedFrom=yesterday", "closedFrom")]
    public async Task Bad_filters_are_400s_naming_the_parameter(string query, string field)
    {
        var problem = await ExpectProblem(await Http.GetAsync($"/api/v1/deals?{query}"), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_search_text_over_200_characters_is_a_400()
    {
        var problem = await ExpectProblem(await Http.GetAsync($"/api/v1/deals?q={new string('a', 201)}"), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "q").Should().NotBeEmpty();
    }

    private async Task<JsonObject> CreateTitled(string clientId, string title, decimal amount) =>
        await ExpectJson(await Post("/api/v1/deals", new { clientId, title, amount, product = "mortgage" }), HttpStatusCode.Created);

    private async Task<string[]> Listed(string query) =>
        (await ExpectJson(await Http.GetAsync($"/api/v1/deals?{query}&limit=100"), HttpStatusCode.OK))["items"]!.AsArray().Select(d => Id(d!.AsObject())).ToArray();
}
