using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Knowledge;

/// <summary>The knowledge base over HTTP and PostgreSQL: articles, versions, visibility, safe Markdown, the FAQ and the Russian search.</summary>
public sealed class KnowledgeApiTests(ApiServerFixture server) : AuthTest(server)
{
    [Fact]
    public async Task A_draft_is_hidden_until_published_and_every_change_of_title_or_body_is_a_version()
    {
        var section = await Section("Кредиты");
        var created = await Post("/api/v1/knowledge/articles", new { sectionId = section, title = "Потребительский кредит", body = "Первый текст.", tags = new[] { "Кредит", "кредит " } });
        var article = await ExpectJson(created, HttpStatusCode.Created);
        created.Headers.Location!.ToString().Should().Be($"/api/v1/knowledge/articles/{Id(article)}");
        article["status"]!.GetValue<string>().Should().Be("draft");
        article["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("кредит");
        article["revision"]!.GetValue<int>().Should().Be(1);
        article["publishedAt"].Should().BeNull();

        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await ExpectProblem(await partner.GetAsync($"/api/v1/knowledge/articles/{Id(article)}"), HttpStatusCode.NotFound, "not_found");
        (await ExpectJson(await partner.GetAsync("/api/v1/knowledge/articles"), HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty();

        await ExpectProblem(await Patch($"/api/v1/knowledge/articles/{Id(article)}", new { status = "published" }, null), HttpStatusCode.PreconditionRequired, "precondition_required");
        await ExpectProblem(await Patch($"/api/v1/knowledge/articles/{Id(article)}", new { status = "published" }, "\"7\""), HttpStatusCode.PreconditionFailed, "precondition_failed");
        var published = await ExpectJson(await Patch($"/api/v1/knowledge/articles/{Id(article)}", new { status = "published" }, "\"1\""), HttpStatusCode.OK);
        published["publishedAt"].Should().NotBeNull();
        published["revision"]!.GetValue<int>().Should().Be(1, "publishing changes neither title nor body");
        (await ExpectJson(await partner.GetAsync($"/api/v1/knowledge/articles/{Id(article)}"), HttpStatusCode.OK))["title"]!.GetValue<string>().Should().Be("Потребительский кредит");

        var edited = await ExpectJson(await Patch($"/api/v1/knowledge/articles/{Id(article)}", new { body = "Второй текст." }, "\"2\""), HttpStatusCode.OK);
        edited["revision"]!.GetValue<int>().Should().Be(2);
        await ExpectJson(await Patch($"/api/v1/knowledge/articles/{Id(article)}", new { title = "Кредит наличными", body = "Третий текст." }, "\"3\""), HttpStatusCode.OK);

        var versions = (await ExpectJson(await Http.GetAsync($"/api/v1/knowledge/articles/{Id(article)}/versions"), HttpStatusCode.OK))["items"]!.AsArray();
        versions.Select(v => v!["number"]!.GetValue<int>()).Should().Equal(1, 2, 3);
        versions[1]!["changedFields"]!.AsArray().Select(f => f!.GetValue<string>()).Should().Equal("body");
        versions[2]!["changedFields"]!.AsArray().Select(f => f!.GetValue<string>()).Should().Equal("title", "body");
        versions.Should().OnlyContain(v => v!["body"] == null && v["changedByUserId"] != null);
        var first = await ExpectJson(await Http.GetAsync($"/api/v1/knowledge/articles/{Id(article)}/versions/1"), HttpStatusCode.OK);
        first["title"]!.GetValue<string>().Should().Be("Потребительский кредит");
        first["body"]!.GetValue<string>().Should().Be("Первый текст.");
        await ExpectProblem(await Http.GetAsync($"/api/v1/knowledge/articles/{Id(article)}/versions/9"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await partner.GetAsync($"/api/v1/knowledge/articles/{Id(article)}/versions"), HttpStatusCode.Forbidden, "forbidden");

        var audit = await ExpectJson(await Http.GetAsync($"/api/v1/audit-events?entityId={Id(article)}"), HttpStatusCode.OK);
        audit["items"]!.AsArray().Should().NotBeEmpty("articles are audited");
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "<script")]
    [InlineData("<img src=x onerror=alert(1)>", "<img")]
    [InlineData("<a href=\"https://ok.example\" onclick=\"alert(1)\">x</a>", "onclick=\"")]
    [InlineData("[нажми](javascript:alert(1))", "javascript:")]
    [InlineData("[нажми](JaVaScRiPt:alert(1))", "avascript:")]
    [InlineData("[нажми](java\tscript:alert(1))", "href=")]
    [InlineData("[нажми](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "data:")]
    [InlineData("![x](data:image/svg+xml,<svg onload=alert(1)>)", "src=")]
    [InlineData("![x](data:image/png;base64,iVBORw0KGgo=)", "data:")]
    [InlineData("<javascript:alert(1)>", "href=\"javascript")]
    [InlineData("<style>body{display:none}</style>", "<style")]
    [InlineData("<div style=\"position:fixed\">x</div>", "<div")]
    [InlineData("[x](vbscript:msgbox(1))", "vbscript:")]
    [InlineData("[x](https://ok.example){onclick=alert(1)}", "onclick=\"")]
    public async Task Markdown_that_tries_to_inject_script_or_styles_is_neutralised(string markdown, string forbidden)
    {
        var section = await Section("Безопасность");
        var article = await ExpectJson(await Post("/api/v1/knowledge/articles", new { sectionId = section, title = "XSS", body = "Текст. " + markdown }), HttpStatusCode.Created);
        var html = article["bodyHtml"]!.GetValue<string>();
        html.Should().NotContainEquivalentOf(forbidden);
        article["body"]!.GetValue<string>().Should().Contain(markdown, "the Markdown is kept as written");
    }

    [Fact]
    public async Task Allowed_links_images_and_formatting_are_rendered()
    {
        var section = await Section("Оформление");
        var body = "## Шаги\n\n**Важно**: [сайт](https://mak.example/a?b=1), [почта](mailto:help@mak.example), [раздел](/help#faq), ![схема](https://mak.example/s.png)";
        var html = (await ExpectJson(await Post("/api/v1/knowledge/articles", new { sectionId = section, title = "Ссылки", body }), HttpStatusCode.Created))["bodyHtml"]!.GetValue<string>();
        html.Should().Contain("<h2").And.Contain("<strong>Важно</strong>").And.Contain("href=\"https://mak.example/a?b=1\"")
            .And.Contain("href=\"mailto:help@mak.example\"").And.Contain("href=\"/help#faq\"").And.Contain("src=\"https://mak.example/s.png\"");
    }

    [Fact]
    public async Task Visibility_by_role_and_organization_kind_applies_to_reads_lists_and_search()
    {
        var section = await Section("Франшиза");
        var forFranchisees = await Article(section, "Аукцион лидов для франчайзи", "Как делать ставки.", kinds: ["franchisee"]);
        var forEmployees = await Article(section, "Внутренний регламент сотрудников", "Только для сотрудников.", roles: ["employee"]);
        var forEveryone = await Article(section, "Общие правила работы", "Для всех.");

        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        using var employee = await Server.CreateHttpClientAsync(TestActor.Employee);
        using var guest = await Server.CreateHttpClientAsync(TestActor.Guest);

        await ExpectProblem(await partner.GetAsync($"/api/v1/knowledge/articles/{forFranchisees}"), HttpStatusCode.NotFound, "not_found");
        (await franchisee.GetAsync($"/api/v1/knowledge/articles/{forFranchisees}")).StatusCode.Should().Be(HttpStatusCode.OK);
        await ExpectProblem(await partner.GetAsync($"/api/v1/knowledge/articles/{forEmployees}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await guest.GetAsync($"/api/v1/knowledge/articles/{forEmployees}"), HttpStatusCode.NotFound, "not_found");
        (await employee.GetAsync($"/api/v1/knowledge/articles/{forEmployees}")).StatusCode.Should().Be(HttpStatusCode.OK);

        (await Ids(partner, "/api/v1/knowledge/articles")).Should().BeEquivalentTo([forEveryone]);
        (await Ids(franchisee, "/api/v1/knowledge/articles")).Should().BeEquivalentTo([forEveryone, forFranchisees]);
        (await Ids(guest, "/api/v1/knowledge/articles")).Should().BeEquivalentTo([forEveryone]);

        (await Ids(partner, "/api/v1/knowledge/search?q=аукцион")).Should().BeEmpty();
        (await Ids(franchisee, "/api/v1/knowledge/search?q=аукцион")).Should().Equal(forFranchisees);
        (await Ids(partner, "/api/v1/knowledge/search?q=регламент")).Should().BeEmpty();
        (await Ids(employee, "/api/v1/knowledge/search?q=регламент")).Should().Equal(forEmployees);

        await ExpectProblem(
            await partner.PostAsync("/api/v1/knowledge/articles", Body(new { sectionId = section, title = "x", body = "y" })), HttpStatusCode.Forbidden, "forbidden");
    }

    [Theory]
    [InlineData("кредиты", "Кредит наличными")]
    [InlineData("ипотеку", "Ипотека для молодых семей")]
    [InlineData("оформили", "Как оформить страховку")]
    [InlineData("рефинансирования", "Рефинансирование")]
    [InlineData("кредит", "Кредиты для бизнеса")]
    [InlineData("ипотечный", "Ипотека для молодых семей")]
    public async Task Search_finds_other_forms_of_a_word(string query, string title)
    {
        var section = await Section("Продукты");
        await Article(section, "Кредит наличными", "Условия выдачи.");
        await Article(section, "Ипотека для молодых семей", "Господдержка и первоначальный взнос.");
        await Article(section, "Как оформить страховку", "Полис жизни и имущества.");
        await Article(section, "Рефинансирование", "Снижение ставки.");
        await Article(section, "Кредиты для бизнеса", "Оборотные средства.");

        var hits = await Hits(Http, $"/api/v1/knowledge/search?q={Uri.EscapeDataString(query)}");
        hits.Select(h => h["title"]!.GetValue<string>()).Should().Contain(title);
        hits.First(h => h["title"]!.GetValue<string>() == title)["fuzzy"]!.GetValue<bool>().Should().BeFalse();
    }

    [Theory]
    [InlineData("ипатека", "Ипотека", true)]
    [InlineData("крелит", "Кредит наличными", true)]
    [InlineData("страховкп", "Страховка", false)] // the stem's prefix (страховк:*) finds it before similarity is needed
    public async Task A_short_query_with_one_wrong_letter_still_finds(string query, string title, bool fuzzy)
    {
        var section = await Section("Продукты");
        await Article(section, "Ипотека", "Господдержка.");
        await Article(section, "Кредит наличными", "Условия.");
        await Article(section, "Страховка", "Полис.");

        var hits = await Hits(Http, $"/api/v1/knowledge/search?q={Uri.EscapeDataString(query)}");
        hits.Should().NotBeEmpty();
        hits[0]["title"]!.GetValue<string>().Should().Be(title);
        hits[0]["fuzzy"]!.GetValue<bool>().Should().Be(fuzzy);
    }

    [Fact]
    public async Task A_match_in_the_title_ranks_above_one_in_the_body_and_filters_apply()
    {
        var loans = await Section("Кредиты");
        var other = await Section("Прочее");
        var inBody = await Article(loans, "Документы для банка", "Для него нужна справка: рефинансирование требует справки о доходах.", tags: ["документы"]);
        var inTitle = await Article(loans, "Рефинансирование кредита", "Как снизить платёж.", tags: ["ставки"]);
        var elsewhere = await Article(other, "Рефинансирование ипотеки", "Тоже про ставку.");

        (await Ids(Http, "/api/v1/knowledge/search?q=рефинансирование&sectionId=" + loans)).Should().Equal(inTitle, inBody);
        (await Ids(Http, "/api/v1/knowledge/search?q=рефинансирование&tag=документы")).Should().Equal(inBody);
        (await Ids(Http, "/api/v1/knowledge/search?q=рефинансирование")).Should().HaveCount(3).And.Contain(elsewhere);
        (await Ids(Http, "/api/v1/knowledge/search?q=рефинансирование&limit=1")).Should().HaveCount(1);
    }

    [Fact]
    public async Task Snippets_highlight_the_matches_in_escaped_text()
    {
        var section = await Section("Справка");
        await Article(section, "Справка о доходах", "Сначала <script>alert(1)</script> и <b>жирный</b>, потом справка о доходах & прочее.");

        var hit = (await Hits(Http, "/api/v1/knowledge/search?q=" + Uri.EscapeDataString("справка")))[0];
        var snippet = hit["snippet"]!.GetValue<string>();
        snippet.Should().Contain("<mark>справка</mark>").And.Contain("&amp;").And.NotContain("<script").And.NotContain("<b>");
        snippet.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal).Should().NotContain("<");
    }

    [Theory]
    [InlineData("& | !")]
    [InlineData("кредит & ипотека | !страховка")]
    [InlineData("\"кредит наличными")]
    [InlineData("'; DROP TABLE knowledge_articles; --")]
    [InlineData("(кредит:* <-> !!)")]
    [InlineData("\\\\ %_ ")]
    [InlineData("-")]
    [InlineData("or or or")]
    public async Task Operators_and_odd_input_never_fail(string query)
    {
        var section = await Section("Продукты");
        await Article(section, "Кредит наличными", "Условия.");
        (await Http.GetAsync("/api/v1/knowledge/search?q=" + Uri.EscapeDataString(query))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_query_too_long_empty_or_missing_is_a_400()
    {
        (await Http.GetAsync("/api/v1/knowledge/search?q=" + new string('к', 200))).StatusCode.Should().Be(HttpStatusCode.OK);
        await ExpectProblem(await Http.GetAsync("/api/v1/knowledge/search?q=" + new string('к', 201)), HttpStatusCode.BadRequest, "validation_failed");
        await ExpectProblem(await Http.GetAsync("/api/v1/knowledge/search?q=%20"), HttpStatusCode.BadRequest, "validation_failed");
        await ExpectProblem(await Http.GetAsync("/api/v1/knowledge/search"), HttpStatusCode.BadRequest, "validation_failed");
        await ExpectProblem(await Http.GetAsync("/api/v1/knowledge/search?q=a&limit=51"), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task The_faq_is_listed_in_order_by_section_then_position_to_those_it_is_shown_to_and_is_searched()
    {
        var second = await Section("Баланс", 2);
        var first = await Section("Регистрация", 1);
        var b = await Faq(second, "Как пополнить баланс?", "Выставьте **счёт**.", 1);
        var a2 = await Faq(first, "Что делать после одобрения?", "Войти в кабинет.", 2);
        var a1 = await Faq(first, "Как зарегистрироваться?", "Заполните анкету.", 1);
        var hidden = await Faq(first, "Как работает аукцион?", "Ставки.", 0, kinds: ["franchisee"]);

        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        (await Ids(partner, "/api/v1/knowledge/faq")).Should().Equal(a1, a2, b);
        (await Ids(Http, "/api/v1/knowledge/faq")).Should().Equal(hidden, a1, a2, b);
        (await Ids(partner, $"/api/v1/knowledge/faq?sectionId={second}")).Should().Equal(b);
        await ExpectProblem(await partner.GetAsync($"/api/v1/knowledge/faq/{hidden}"), HttpStatusCode.NotFound, "not_found");
        var entry = await ExpectJson(await partner.GetAsync($"/api/v1/knowledge/faq/{b}"), HttpStatusCode.OK);
        entry["answerHtml"]!.GetValue<string>().Should().Contain("<strong>счёт</strong>");

        var hits = await Hits(partner, "/api/v1/knowledge/search?q=" + Uri.EscapeDataString("пополнение баланса"));
        hits.Select(h => h["id"]!.GetValue<string>()).Should().Equal(b);
        hits[0]["kind"]!.GetValue<string>().Should().Be("faq");

        var moved = await ExpectJson(await Patch($"/api/v1/knowledge/faq/{b}", new { sectionId = first, position = 0 }, "\"1\""), HttpStatusCode.OK);
        moved["version"]!.GetValue<int>().Should().Be(2);
        (await Ids(partner, "/api/v1/knowledge/faq")).Should().Equal(b, a1, a2);
        await ExpectProblem(await partner.DeleteAsync($"/api/v1/knowledge/faq/{b}"), HttpStatusCode.Forbidden, "forbidden");
        (await Http.DeleteAsync($"/api/v1/knowledge/faq/{b}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectProblem(await Http.GetAsync($"/api/v1/knowledge/faq/{b}"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Bad_references_and_fields_are_400()
    {
        var section = await Section("Раздел");
        var missing = Guid.NewGuid();
        var problem = await ExpectProblem(await Post("/api/v1/knowledge/articles", new { sectionId = missing, title = "x", body = "y" }), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "sectionId").Should().NotBeEmpty();
        problem = await ExpectProblem(
            await Post("/api/v1/knowledge/articles", new { sectionId = section, title = "x", body = "y", attachmentIds = new[] { missing } }), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "attachmentIds").Should().NotBeEmpty();
        problem = await ExpectProblem(
            await Post("/api/v1/knowledge/articles", new { sectionId = section, title = "x", body = "y", videoUrl = "javascript:alert(1)" }), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "videoUrl").Should().NotBeEmpty();
        problem = await ExpectProblem(
            await Post("/api/v1/knowledge/articles", new { sectionId = section, title = "x", body = "y", visibleToRoles = new[] { "root" }, visibleToKinds = new[] { "bank" } }),
            HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "visibleToRoles").Should().NotBeEmpty();
        FieldErrors(problem, "visibleToKinds").Should().NotBeEmpty();

        var video = await ExpectJson(
            await Post("/api/v1/knowledge/articles", new { sectionId = section, title = "Видео", body = "y", videoUrl = "https://video.example/v/1" }), HttpStatusCode.Created);
        video["videoUrl"]!.GetValue<string>().Should().Be("https://video.example/v/1");
    }

    [Fact]
    public async Task Only_an_empty_section_is_deleted_and_content_filed_meanwhile_never_lands_in_a_deleted_one()
    {
        var section = await Section("Удаляемый");
        var other = await Section("Оставшийся");
        var draft = Id(await ExpectJson(await Post("/api/v1/knowledge/articles", new { sectionId = section, title = "Черновик", body = "Текст." }), HttpStatusCode.Created));
        var faq = await Faq(section, "Вопрос?", "Ответ.", 0);

        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await ExpectProblem(await partner.DeleteAsync($"/api/v1/knowledge/sections/{section}"), HttpStatusCode.Forbidden, "forbidden");
        await ExpectProblem(await Http.DeleteAsync($"/api/v1/knowledge/sections/{section}"), HttpStatusCode.Conflict, "knowledge_section_not_empty");
        (await Http.DeleteAsync($"/api/v1/knowledge/faq/{faq}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectProblem(await Http.DeleteAsync($"/api/v1/knowledge/sections/{section}"), HttpStatusCode.Conflict, "knowledge_section_not_empty");

        await ExpectJson(await Patch($"/api/v1/knowledge/articles/{draft}", new { sectionId = other }, "\"1\""), HttpStatusCode.OK);
        (await Http.DeleteAsync($"/api/v1/knowledge/sections/{section}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Ids(Http, "/api/v1/knowledge/sections")).Should().Contain(other).And.NotContain(section);
        await ExpectProblem(await Http.DeleteAsync($"/api/v1/knowledge/sections/{section}"), HttpStatusCode.NotFound, "not_found");
        var problem = await ExpectProblem(await Patch($"/api/v1/knowledge/articles/{draft}", new { sectionId = section }, "\"2\""), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "sectionId").Should().NotBeEmpty();

        // An article filed while its section is deleted: one of the two wins, never both.
        for (var round = 0; round < 5; round++)
        {
            var racing = await Section("Гонка " + round);
            var filing = Post("/api/v1/knowledge/articles", new { sectionId = racing, title = "Статья", body = "Текст." });
            var deleting = Http.DeleteAsync($"/api/v1/knowledge/sections/{racing}");
            var (filed, deleted) = ((await filing).StatusCode, (await deleting).StatusCode);
            (filed, deleted).Should().BeOneOf(
                [(HttpStatusCode.Created, HttpStatusCode.Conflict), (HttpStatusCode.BadRequest, HttpStatusCode.NoContent)],
                "the article waits for the deletion or the deletion sees the article");
        }
    }

    [Fact]
    public async Task A_reader_downloads_the_files_an_article_names_and_nothing_else()
    {
        var section = await Section("Шаблоны");
        var template = await Documents.DocumentForms.UploadPdfAsync(Http, "шаблон договора.pdf");
        var unnamed = await Documents.DocumentForms.UploadPdfAsync(Http, "внутреннее.pdf");
        var article = Id(await ExpectJson(await Post("/api/v1/knowledge/articles", new
        {
            sectionId = section, title = "Шаблон договора", body = "Скачайте шаблон.", status = "published",
            visibleToKinds = new[] { "partner" }, attachmentIds = new[] { template },
        }), HttpStatusCode.Created));
        var draft = Id(await ExpectJson(await Post("/api/v1/knowledge/articles", new
        {
            sectionId = section, title = "Черновик с файлом", body = "Ещё не готово.", attachmentIds = new[] { template },
        }), HttpStatusCode.Created));

        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await ExpectProblem(await partner.GetAsync($"/api/v1/documents/{template}/content"), HttpStatusCode.NotFound, "not_found");
        var response = await partner.GetAsync($"/api/v1/knowledge/articles/{article}/attachments/{template}/content");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(Documents.DocumentForms.Pdf);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        response.Content.Headers.ContentDisposition!.FileNameStar.Should().Be("шаблон договора.pdf");

        // Only what the article names, only while the caller may read the article.
        await ExpectProblem(await partner.GetAsync($"/api/v1/knowledge/articles/{article}/attachments/{unnamed}/content"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await partner.GetAsync($"/api/v1/knowledge/articles/{draft}/attachments/{template}/content"), HttpStatusCode.NotFound, "not_found");
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        await ExpectProblem(await franchisee.GetAsync($"/api/v1/knowledge/articles/{article}/attachments/{template}/content"), HttpStatusCode.NotFound, "not_found");
        (await Http.GetAsync($"/api/v1/knowledge/articles/{draft}/attachments/{template}/content")).StatusCode.Should().Be(HttpStatusCode.OK, "an author reads drafts");
    }

    private async Task<string> Section(string title, int position = 0) =>
        Id(await ExpectJson(await Post("/api/v1/knowledge/sections", new { title, position }), HttpStatusCode.Created));

    private async Task<string> Article(string section, string title, string body, string[]? roles = null, string[]? kinds = null, string[]? tags = null) =>
        Id(await ExpectJson(
            await Post("/api/v1/knowledge/articles", new { sectionId = section, title, body, status = "published", visibleToRoles = roles ?? [], visibleToKinds = kinds ?? [], tags = tags ?? [] }),
            HttpStatusCode.Created));

    private async Task<string> Faq(string section, string question, string answer, int position, string[]? kinds = null) =>
        Id(await ExpectJson(await Post("/api/v1/knowledge/faq", new { sectionId = section, question, answer, position, visibleToKinds = kinds ?? [] }), HttpStatusCode.Created));

    private static async Task<List<JsonNode>> Hits(HttpClient http, string url) =>
        (await ExpectJson(await http.GetAsync(url), HttpStatusCode.OK))["items"]!.AsArray().Select(h => h!).ToList();

    private static async Task<List<string>> Ids(HttpClient http, string url) =>
        (await Hits(http, url)).Select(h => h["id"]!.GetValue<string>()).ToList();
}
