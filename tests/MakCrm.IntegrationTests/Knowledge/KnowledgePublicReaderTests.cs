using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Access;
using MakCrm.Domain.Organizations;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Knowledge;

/// <summary>
/// A chat bot's own client (<c>telegram.bot</c>, no user) reads the knowledge base as the public — what is shown to
/// everyone or to guests — though it belongs to head office: what it reads, it shows to anybody who writes to the bot.
/// </summary>
public sealed class KnowledgePublicReaderTests(ApiServerFixture server) : AuthTest(server)
{
    [Fact]
    public async Task The_bot_s_client_sees_only_public_and_guest_material_and_another_head_office_client_sees_head_office_s()
    {
        var section = Id(await ExpectJson(await Post("/api/v1/knowledge/sections", new { title = "Вопросы", position = 0 }), HttpStatusCode.Created));
        var everyone = await Faq(section, "Как стать партнёром банка?", [], []);
        var guests = await Faq(section, "Как стать партнёром для гостей?", [Roles.Guest], []);
        var headOffice = await Faq(section, "Как стать партнёром по внутреннему регламенту?", [], ["head_office"]);
        var admins = await Faq(section, "Как стать партнёром по регламенту админов?", [Roles.Admin], []);
        var partners = await Faq(section, "Как стать партнёром для партнёров?", [], ["partner"]);
        var publicArticle = await Article(section, "Партнёрская программа", "Стать партнёром может любая компания.", [], []);
        var internalArticle = await Article(section, "Партнёрская программа изнутри", "Внутренние условия партнёров.", [], ["head_office"]);

        using var bot = await ClientAsync([Permissions.TelegramBot, Permissions.KnowledgeRead]);
        (await Ids(bot, "/api/v1/knowledge/faq")).Should().BeEquivalentTo([everyone, guests]);
        (await Ids(bot, "/api/v1/knowledge/search?q=партнёр")).Should().BeEquivalentTo([everyone, guests, publicArticle]);
        (await Ids(bot, "/api/v1/knowledge/articles")).Should().BeEquivalentTo([publicArticle]);
        foreach (var hidden in new[] { headOffice, admins, partners })
        {
            await ExpectProblem(await bot.GetAsync($"/api/v1/knowledge/faq/{hidden}"), HttpStatusCode.NotFound, "not_found");
        }

        await ExpectProblem(await bot.GetAsync($"/api/v1/knowledge/articles/{internalArticle}"), HttpStatusCode.NotFound, "not_found");
        (await ExpectJson(await bot.GetAsync($"/api/v1/knowledge/faq/{guests}"), HttpStatusCode.OK))["question"]!.GetValue<string>().Should().Contain("гостей");

        // A head-office client that is not a chat bot reads as its organization (in the role of its kind), as before.
        using var integration = await ClientAsync([Permissions.KnowledgeRead]);
        (await Ids(integration, "/api/v1/knowledge/faq")).Should().BeEquivalentTo([everyone, headOffice, admins]);
    }

    private async Task<HttpClient> ClientAsync(string[] scopes)
    {
        var clientId = $"kb-{Guid.NewGuid():N}";
        const string secret = "secret-of-the-knowledge-public-reader-test";
        await RegisterApiClient(clientId, secret, Organization.HeadOfficeId, scopes);
        var tokens = await ExpectTokens(await TokenRequest(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, Basic(clientId, secret)));
        return Server.CreateHttpClient(tokens["access_token"]!.GetValue<string>());
    }

    private async Task<string> Faq(string section, string question, string[] roles, string[] kinds) =>
        Id(await ExpectJson(
            await Post("/api/v1/knowledge/faq", new { sectionId = section, question, answer = "Ответ.", position = 0, visibleToRoles = roles, visibleToKinds = kinds }),
            HttpStatusCode.Created));

    private async Task<string> Article(string section, string title, string body, string[] roles, string[] kinds) =>
        Id(await ExpectJson(
            await Post("/api/v1/knowledge/articles", new { sectionId = section, title, body, status = "published", visibleToRoles = roles, visibleToKinds = kinds }),
            HttpStatusCode.Created));

    private static async Task<List<string>> Ids(HttpClient http, string url) =>
        (await ExpectJson(await http.GetAsync(url), HttpStatusCode.OK))["items"]!.AsArray().Select(h => h!["id"]!.GetValue<string>()).ToList();
}
