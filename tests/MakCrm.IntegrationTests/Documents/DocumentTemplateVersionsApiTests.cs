using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;
using static MakCrm.IntegrationTests.Documents.GeneratedDocumentTexts;

namespace MakCrm.IntegrationTests.Documents;

/// <summary>
/// Head office's document templates over HTTP and PostgreSQL: the templates with their versions and the fields their
/// models give, a new version checked before it is stored and then used by the next document, an older document
/// rendered again with its own version, previews that store nothing, and who may do what.
/// </summary>
public sealed class DocumentTemplateVersionsApiTests(ApiServerFixture server) : AuthTest(server)
{
    private const string Templates = "/api/v1/document-templates";
    private const string Invoices = "/api/v1/documents/invoices";
    private const string Marker = "Шаблон head office, версия со штампом";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await FillRequisitesAsync(Http);
    }

    private static string Str(JsonNode? node) => node!.GetValue<string>();

    private async Task<string> EmbeddedBody(string name, int version) =>
        Str((await ExpectJson(await Http.GetAsync($"{Templates}/{name}/versions/{version}"),
            HttpStatusCode.OK))["body"]);

    private Task<HttpResponseMessage> AddVersion(string name, string body, string? key = null, string? note = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post,
            $"{Templates}/{name}/versions") { Content = Body(new { body, note }) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString("N"));
        return Http.SendAsync(request);
    }

    private Task<HttpResponseMessage> Preview(string name, object request) => Post($"{Templates}/{name}/preview",
        request);

    private async Task<JsonObject> Invoice(string format = "pdf") => await ExpectJson(
        await Post(Invoices, new { amount = 1234.5m, organizationId = TestActors.FranchiseeOrganization, format }),
            HttpStatusCode.Created);

    [Fact]
    public async Task Head_office_lists_every_template_with_its_versions_and_the_fields_of_its_model()
    {
        var list = await ExpectJson(await Http.GetAsync(Templates), HttpStatusCode.OK);
        var templates = list["items"]!.AsArray().Select(t => t!.AsObject()).ToDictionary(t => Str(t["name"]));
        templates.Keys.Should().Contain(["invoice", "contract", "act", "reconciliation", "dashboard", "table"]);

        var act = templates["act"];
        act["currentVersion"]!.GetValue<int>().Should().Be(2);
        act["versions"]!.AsArray().Select(v => (v!["version"]!.GetValue<int>(), Str(v["source"]),
            v["current"]!.GetValue<bool>()))
            .Should().Equal((1, "embedded", false), (2, "embedded", true));
        act["versions"]![0]!["createdAt"].Should().BeNull();

        var fields = templates["invoice"]["fields"]!.AsArray().ToDictionary(f => Str(f!["path"]),
            f => (Type: Str(f!["type"]), Sample: f!["sample"]?.GetValue<string>()));
        fields["number"].Should().Be(("string", "number"));
        fields["date"].Should().Be(("date", "2026-11-22"));
        fields["payee.name"].Should().Be(("string", "payee.name"));
        fields["lines"].Type.Should().Be("list");
        fields["lines[].amount"].Should().Be(("number", "12345.67"));
        fields["lines[].position"].Type.Should().Be("integer");
        fields["vat.amount"].Type.Should().Be("number");
        fields.Should().NotContainKey("template", "the template's name is not a field to print");
        templates["table"]["fields"]!.AsArray().Select(f => Str(f!["path"])).Should().Contain(["columns[]",
            "rows[][]"]);

        var invoice = await ExpectJson(await Http.GetAsync($"{Templates}/invoice"), HttpStatusCode.OK);
        invoice.ToJsonString().Should().Be(templates["invoice"].ToJsonString());
        var version = await ExpectJson(await Http.GetAsync($"{Templates}/act/versions/1"), HttpStatusCode.OK);
        Str(version["source"]).Should().Be("embedded");
        version["current"]!.GetValue<bool>().Should().BeFalse();
        Str(version["body"]).Should().Contain("{{#each lines}}");

        await ExpectProblem(await Http.GetAsync($"{Templates}/nothing"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Http.GetAsync($"{Templates}/act/versions/9"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Http.GetAsync($"{Templates}/nothing/versions/1"), HttpStatusCode.NotFound,
            "not_found");
    }

    [Fact]
    public async Task Every_embedded_version_passes_the_check_a_new_version_passes()
    {
        var list = await ExpectJson(await Http.GetAsync(Templates), HttpStatusCode.OK);
        foreach (var template in list["items"]!.AsArray())
        {
            var name = Str(template!["name"]);
            foreach (var version in template["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<int>()))
            {
                var response = await Preview(name, new { body = await EmbeddedBody(name, version), format = "html" });
                response.StatusCode.Should().Be(HttpStatusCode.OK, "{0} v{1}: {2}", name, version,
                    await response.Content.ReadAsStringAsync());
            }
        }
    }

    [Theory]
    [InlineData("<p>{{payee.nmae}}</p>", "document_template_unknown_field", "`payee.nmae` is not a field")]
    [InlineData("{{#each lines}}<p>{{number}}</p>{{/each}}", "document_template_unknown_field",
        "`number` is not a field")]
    [InlineData("{{#each lines}}<p>{{../number}} {{@index}} {{amount}}</p>{{/each}}<p>{{upper basis}}</p>",
        "document_template_unknown_field", "`upper` is not a helper")]
    [InlineData("{{> header}}", "document_template_unknown_field", "`header` is not a partial")]
    [InlineData("<p>{{{basis}}}</p>", "document_template_unknown_field", "unescaped output")]
    [InlineData("{{#each basis}}{{/each}}", "document_template_invalid", "is not a list")]
    [InlineData("{{#if basis}}<p>open</p>", "document_template_invalid", "is not closed")]
    [InlineData("<p>{{basis}}</b>", "document_template_invalid", "well-formed XHTML")]
    [InlineData("<img src=\"http://169.254.169.254/latest\"/>", "document_template_invalid", "loads from outside")]
    [InlineData("<p style=\"background: url(http://example.com/x.png)\">{{basis}}</p>", "document_template_invalid",
        "loads from outside")]
    public async Task A_body_using_unknown_fields_or_rendering_bad_XHTML_is_422_naming_the_line_and_storing_nothing(
        string snippet, string code, string message)
    {
        var body = "<!DOCTYPE html>\n<html lang=\"ru\">\n<head>{{> styles}}</head>\n<body>\n"
            + $"{snippet}\n</body>\n</html>\n";
        var problem = await ExpectProblem(await AddVersion("invoice", body), HttpStatusCode.UnprocessableEntity, code);
        Str(problem["detail"]).Should().Contain(message);
        if (code == "document_template_unknown_field")
        {
            Str(problem["detail"]).Should().StartWith("Line 5:", "the snippet is on the body's fifth line");
        }

        problem["errors"]!["body"]![0]!.GetValue<string>().Should().Be(Str(problem["detail"]));
        await ExpectProblem(await Preview("invoice", new { body, format = "html" }),
            HttpStatusCode.UnprocessableEntity, code);
        var invoice = await ExpectJson(await Http.GetAsync($"{Templates}/invoice"), HttpStatusCode.OK);
        invoice["currentVersion"]!.GetValue<int>().Should().Be(1, "nothing was stored");
    }

    [Fact]
    public async Task A_bad_request_is_a_field_error_and_an_unknown_template_is_404()
    {
        var problem = await ExpectProblem(await AddVersion("invoice", " "), HttpStatusCode.BadRequest,
            "validation_failed");
        problem["errors"]!["body"].Should().NotBeNull();
        problem = await ExpectProblem(await AddVersion("invoice", "<html><body/></html>", note: new string('n', 501)),
            HttpStatusCode.BadRequest, "validation_failed");
        problem["errors"]!["note"].Should().NotBeNull();
        problem = await ExpectProblem(await Preview("invoice", new { body = "<html><body/></html>", version = 1 }),
            HttpStatusCode.BadRequest, "validation_failed");
        problem["errors"]!["version"].Should().NotBeNull();
        await ExpectProblem(await AddVersion("nothing", "<html><body/></html>"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Preview("nothing", new { format = "html" }), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Preview("invoice", new { version = 7, format = "html" }), HttpStatusCode.NotFound,
            "not_found");
    }

    [Fact]
    public async Task A_new_version_is_used_by_the_next_invoice_and_an_older_invoice_renders_again_with_its_own()
    {
        var before = await Invoice();
        before["generatedFrom"]!["templateVersion"]!.GetValue<int>().Should().Be(1);
        var beforeNumber = Str(before["generatedFrom"]!["input"]!["number"]);

        var v1 = await EmbeddedBody("invoice", 1);
        var body = v1.Replace("<body>\n", $"<body>\n<p>{Marker}</p>\n", StringComparison.Ordinal);
        var response = await AddVersion("invoice", body, key: "invoice-template-2", note: "Штамп");
        var created = await ExpectJson(response, HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().Be($"{Templates}/invoice/versions/2");
        created["version"]!.GetValue<int>().Should().Be(2);
        Str(created["source"]).Should().Be("stored");
        created["current"]!.GetValue<bool>().Should().BeTrue();
        Str(created["note"]).Should().Be("Штамп");
        var createdBy = Guid.Parse(Str(created["createdBy"]));
        Str(created["body"]).Should().Be(body);

        var replay = await AddVersion("invoice", body, key: "invoice-template-2", note: "Штамп");
        replay.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await ExpectJson(replay, HttpStatusCode.Created))["version"]!.GetValue<int>().Should().Be(2,
            "the retry stored nothing new");

        var template = await ExpectJson(await Http.GetAsync($"{Templates}/invoice"), HttpStatusCode.OK);
        template["currentVersion"]!.GetValue<int>().Should().Be(2);
        template["versions"]!.AsArray().Select(v => (v!["version"]!.GetValue<int>(), Str(v["source"]),
            v["current"]!.GetValue<bool>()))
            .Should().Equal((1, "embedded", false), (2, "stored", true));
        Guid.Parse(Str(template["versions"]![1]!["createdBy"])).Should().Be(createdBy);
        template["versions"]![1]!["createdAt"]!.GetValue<DateTimeOffset>().Should().BeCloseTo(DateTimeOffset.UtcNow,
            TimeSpan.FromMinutes(5));
        Str((await ExpectJson(await Http.GetAsync($"{Templates}/invoice/versions/2"), HttpStatusCode.OK))["body"])
            .Should().Be(body);

        var after = await Invoice();
        after["generatedFrom"]!["templateVersion"]!.GetValue<int>().Should().Be(2);
        var afterNumber = Str(after["generatedFrom"]!["input"]!["number"]);
        (await PdfTextAsync(await DownloadAsync(Http, Id(after))))
            .Should().Contain(Marker).And.Contain($"Счёт на оплату № {afterNumber}");
        DocxText(await Content(Id(after), "docx")).Should().Contain(Marker).And.Contain(afterNumber);

        var again = DocxText(await Content(Id(before), "docx"));
        again.Should().Contain($"Счёт на оплату № {beforeNumber}").And.Contain("1 234,50")
            .And.NotContain(Marker, "the older invoice keeps version 1");

        var audit = await ExpectJson(
            await Http.GetAsync("/api/v1/audit-events?entityType=document_template_version"), HttpStatusCode.OK);
        audit["items"]!.AsArray().Select(e => Str(e!["action"])).Should().Contain("document_template_version.created");

        // A third version follows the second.
        var third = await ExpectJson(await AddVersion("invoice", v1), HttpStatusCode.Created);
        third["version"]!.GetValue<int>().Should().Be(3);
        (await Invoice())["generatedFrom"]!["templateVersion"]!.GetValue<int>().Should().Be(3);
    }

    [Fact]
    public async Task A_preview_renders_a_draft_a_version_or_a_documents_input_and_stores_nothing()
    {
        var invoice = await Invoice("docx");
        var number = Str(invoice["generatedFrom"]!["input"]!["number"]);
        var documentsBefore = await DocumentIds();

        var draft = (await EmbeddedBody("invoice", 1)).Replace("<body>\n", "<body>\n<p>Черновик</p>\n",
            StringComparison.Ordinal);
        var html = await Preview("invoice", new { body = draft, format = "html" });
        html.StatusCode.Should().Be(HttpStatusCode.OK);
        html.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        html.Content.Headers.ContentDisposition!.FileNameStar.Should().Be("invoice-draft-preview.html");
        var text = Collapse(await html.Content.ReadAsStringAsync());
        text.Should().Contain("Черновик").And.Contain("payee.name", "a sample string is its own path")
            .And.Contain("12 345,67");

        var docx = await Preview("invoice", new { version = 1, format = "docx" });
        docx.StatusCode.Should().Be(HttpStatusCode.OK);
        docx.Content.Headers.ContentType!.MediaType
            .Should().Be("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        DocxText(await docx.Content.ReadAsByteArrayAsync()).Should().Contain("Счёт на оплату № number");

        var pdf = await Preview("invoice", new { documentId = Id(invoice) });
        pdf.StatusCode.Should().Be(HttpStatusCode.OK);
        pdf.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        var pdfText = await PdfTextAsync(await pdf.Content.ReadAsByteArrayAsync());
        pdfText.Should().Contain($"Счёт на оплату № {number}").And.Contain("1 234,50");

        var withInput = await Preview("invoice", new { body = draft, documentId = Id(invoice), format = "html" });
        (await withInput.Content.ReadAsStringAsync()).Should().Contain("Черновик").And.Contain(number);

        var problem = await ExpectProblem(await Preview("act", new { documentId = Id(invoice), format = "html" }),
            HttpStatusCode.BadRequest, "validation_failed");
        problem["errors"]!["documentId"].Should().NotBeNull();
        await ExpectProblem(await Preview("invoice", new { documentId = Guid.CreateVersion7(), format = "html" }),
            HttpStatusCode.NotFound, "not_found");
        var upload = await Upload();
        await ExpectProblem(await Preview("invoice", new { documentId = upload, format = "html" }),
            HttpStatusCode.Conflict, "document_not_generated");
        await ExpectProblem(await Http.GetAsync($"/api/v1/documents/{upload}/rendition?format=docx"),
            HttpStatusCode.Conflict, "document_not_generated");
        await ExpectProblem(await Http.GetAsync($"/api/v1/documents/{upload}/rendition?format=odt"),
            HttpStatusCode.BadRequest, "validation_failed");
        await ExpectProblem(await Http.GetAsync($"/api/v1/documents/{Id(invoice)}/rendition"),
            HttpStatusCode.BadRequest, "validation_failed");

        (await DocumentIds()).Should().BeEquivalentTo([.. documentsBefore, upload], "a preview stores no document");
        (await ExpectJson(await Http.GetAsync($"{Templates}/invoice"),
            HttpStatusCode.OK))["currentVersion"]!.GetValue<int>()
            .Should().Be(1, "a preview stores no version");
        var next = await Invoice();
        long.Parse(Str(next["generatedFrom"]!["input"]!["number"])[^6..],
            System.Globalization.CultureInfo.InvariantCulture)
            .Should().Be(long.Parse(number[^6..], System.Globalization.CultureInfo.InvariantCulture) + 1,
                "a preview uses no number");
    }

    [Fact]
    public async Task Only_head_offices_admins_read_manage_and_preview_templates()
    {
        foreach (var actor in new[] { TestActor.Employee, TestActor.PartnerAlpha, TestActor.Franchisee,
            TestActor.Guest })
        {
            using var http = await Server.CreateHttpClientAsync(actor);
            await ExpectProblem(await http.GetAsync(Templates), HttpStatusCode.Forbidden, "forbidden");
            await ExpectProblem(await http.GetAsync($"{Templates}/invoice/versions/1"), HttpStatusCode.Forbidden,
                "forbidden");
            await ExpectProblem(await http.PostAsync($"{Templates}/invoice/preview", Body(new { format = "html" })),
                HttpStatusCode.Forbidden, "forbidden");
            using var request = new HttpRequestMessage(HttpMethod.Post,
                $"{Templates}/invoice/versions") { Content = Body(new { body = "<html><body/></html>" }) };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            await ExpectProblem(await http.SendAsync(request), HttpStatusCode.Forbidden, "forbidden");
        }
    }

    private async Task<byte[]> Content(string documentId, string format)
    {
        var response = await Http.GetAsync($"/api/v1/documents/{documentId}/rendition?format={format}");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentDisposition!.FileNameStar.Should().EndWith("." + format);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<List<string>> DocumentIds()
    {
        var page = await ExpectJson(await Http.GetAsync("/api/v1/documents?limit=100"), HttpStatusCode.OK);
        return page["items"]!.AsArray().Select(d => Id(d!.AsObject())).ToList();
    }

    private async Task<string> Upload()
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent("%PDF-1.4\n%скан\n"u8.ToArray()), "file", "scan.pdf" },
            { new StringContent("scan"), "kind" },
        };
        return Id(await ExpectJson(await Http.PostAsync("/api/v1/documents", form), HttpStatusCode.Created));
    }
}
