using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Help;

public sealed class HelpChatLinksApiTests(ApiServerFixture server) : AuthTest(server)
{
    [Fact]
    public async Task Head_office_configures_the_links_and_each_kind_reads_its_own_in_order()
    {
        var telegram = await ExpectJson(await Http.PostAsync("/api/v1/help/chat-links",
            Body(new { title = "Партнёры в Telegram", url = "https://t.me/mak_partners", audience = new[] { "partner" } })), HttpStatusCode.Created);
        telegram["channel"]!.GetValue<string>().Should().Be("telegram");
        telegram["position"]!.GetValue<int>().Should().Be(0);
        var whatsapp = await ExpectJson(await Http.PostAsync("/api/v1/help/chat-links",
            Body(new { title = "WhatsApp", url = "https://wa.me/79990001122", audience = new[] { "franchisee", "partner" } })), HttpStatusCode.Created);
        whatsapp["position"]!.GetValue<int>().Should().Be(1);
        whatsapp["audience"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal("partner", "franchisee");

        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        (await Titles(alpha)).Should().Equal("Партнёры в Telegram", "WhatsApp");
        (await Titles(franchisee)).Should().Equal("WhatsApp");

        await ExpectJson(await Http.PostAsync("/api/v1/help/chat-links",
            Body(new { title = "Сотрудники", url = "https://vk.me/mak", audience = new[] { "head_office" } })), HttpStatusCode.Created);
        var moved = await ExpectJson(await Patch($"/api/v1/help/chat-links/{Id(telegram)}", new { position = 5 }, "\"1\""), HttpStatusCode.OK);
        moved["version"]!.GetValue<int>().Should().Be(2);
        await ExpectJson(await Patch($"/api/v1/help/chat-links/{Id(whatsapp)}", new { title = "Поддержка в WhatsApp" }, "\"1\""), HttpStatusCode.OK);
        (await Titles(alpha)).Should().Equal("Поддержка в WhatsApp", "Партнёры в Telegram");
        (await Titles(Http)).Should().HaveCount(3, "whoever manages the links sees every one");

        (await Http.DeleteAsync($"/api/v1/help/chat-links/{Id(telegram)}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Titles(alpha)).Should().Equal("Поддержка в WhatsApp");
        await ExpectProblem(await Http.DeleteAsync($"/api/v1/help/chat-links/{Id(telegram)}"), HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("http://t.me/mak")]
    [InlineData("https://t.me.evil.example/mak")]
    [InlineData("https://user@t.me/mak")]
    [InlineData("https://t.me:8443/mak")]
    [InlineData("https://example.com/chat")]
    [InlineData("не ссылка")]
    public async Task A_link_must_be_https_to_a_messengers_own_host(string url)
    {
        var problem = await ExpectProblem(await Http.PostAsync("/api/v1/help/chat-links", Body(new { title = "Чат", url, audience = new[] { "partner" } })),
            HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "url").Should().NotBeEmpty();
    }

    [Fact]
    public async Task Only_head_office_manages_the_links_and_changes_need_an_etag()
    {
        var link = await ExpectJson(await Http.PostAsync("/api/v1/help/chat-links",
            Body(new { title = "Чат", url = "https://t.me/mak", audience = new[] { "partner" } })), HttpStatusCode.Created);
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await ExpectProblem(await alpha.PostAsync("/api/v1/help/chat-links", Body(new { title = "Мой", url = "https://t.me/x", audience = new[] { "partner" } })),
            HttpStatusCode.Forbidden, "forbidden");
        await ExpectProblem(await Patch($"/api/v1/help/chat-links/{Id(link)}", new { title = "Без тега" }, null), (HttpStatusCode)428, "precondition_required");
        await ExpectProblem(await Patch($"/api/v1/help/chat-links/{Id(link)}", new { title = "Старый тег" }, "\"7\""), HttpStatusCode.PreconditionFailed, "precondition_failed");
        var problem = await ExpectProblem(await Patch($"/api/v1/help/chat-links/{Id(link)}", new { audience = Array.Empty<string>() }, "\"1\""),
            HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "audience").Should().NotBeEmpty();
    }

    private static async Task<List<string>> Titles(HttpClient http) =>
        (await ExpectJson(await http.GetAsync("/api/v1/help/chat-links"), HttpStatusCode.OK))["items"]!.AsArray()
            .Select(l => l!["title"]!.GetValue<string>()).ToList();
}
