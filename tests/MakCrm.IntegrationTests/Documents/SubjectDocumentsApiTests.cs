using System.Net;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Documents;

/// <summary>Documents filed on a client, lead or deal: uploaded, listed by their record, scoped to its
/// organization.</summary>
public sealed class SubjectDocumentsApiTests(SmallDocumentLimitServer server)
    : AuthTest(server), IClassFixture<SmallDocumentLimitServer>
{
    private static MultipartFormDataContent Upload(
        string? subjectType,
        string? subjectId,
        byte[]? file = null,
        string fileName = "Паспорт.pdf"
    )
    {
        var form = DocumentForms.Upload(file ?? DocumentForms.Pdf, fileName, "scan", "application/pdf");
        if (subjectType is not null)
        {
            form.Add(new StringContent(subjectType), "subjectType");
        }

        if (subjectId is not null)
        {
            form.Add(new StringContent(subjectId), "subjectId");
        }

        return form;
    }

    private static async Task<string> CreateClient(HttpClient http) =>
        Id(await ExpectJson(
            await http.PostAsync(
                "/api/v1/clients",
                Body(new { fullName = "Документов Иван", phone = UniquePhone(), source = "partner" })
            ),
            HttpStatusCode.Created
        ));

    private static async Task<string[]> ListedIds(HttpClient http, string query) =>
        (await ExpectJson(await http.GetAsync($"/api/v1/documents?{query}"), HttpStatusCode.OK))["items"]!
            .AsArray()
            .Select(i => i!["id"]!.GetValue<string>())
            .ToArray();

    [Fact]
    public async Task A_document_filed_on_a_client_is_listed_by_its_client_and_hidden_from_other_organizations()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        var clientId = await CreateClient(alpha);
        var own = await DocumentForms.UploadPdfAsync(alpha, "Устав.pdf");

        using var form = Upload("client", clientId);
        var document = await ExpectJson(await alpha.PostAsync("/api/v1/documents", form), HttpStatusCode.Created);
        document["subjectType"]!.GetValue<string>().Should().Be("client");
        document["subjectId"]!.GetValue<string>().Should().Be(clientId);
        document["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());
        var id = Id(document);

        (await ListedIds(alpha, $"subjectType=client&subjectId={clientId}")).Should().Equal(id);
        (await ListedIds(alpha, "subjectType=lead")).Should().NotContain(id);
        (await ListedIds(alpha, "")).Should().Contain([id, own]);
        var ownDocument = await ExpectJson(await alpha.GetAsync($"/api/v1/documents/{own}"), HttpStatusCode.OK);
        ownDocument["subjectType"].Should().BeNull();
        ownDocument["subjectId"].Should().BeNull();
        var download = await alpha.GetAsync($"/api/v1/documents/{id}/content");
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(DocumentForms.Pdf);
        var audit = await ExpectJson(await Http.GetAsync($"/api/v1/audit-events?entityId={id}"), HttpStatusCode.OK);
        audit["items"]!.AsArray().Should().NotBeEmpty("the upload is audited");

        (await ListedIds(beta, $"subjectType=client&subjectId={clientId}")).Should().BeEmpty();
        await ExpectProblem(await beta.GetAsync($"/api/v1/documents/{id}"), HttpStatusCode.NotFound, "not_found");
        using var intrusion = Upload("client", clientId);
        await ExpectProblem(await beta.PostAsync("/api/v1/documents", intrusion), HttpStatusCode.NotFound, "not_found");

        (await ListedIds(Http, $"subjectId={clientId}")).Should().Equal(id);
        (await alpha.DeleteAsync($"/api/v1/documents/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await ListedIds(alpha, $"subjectId={clientId}")).Should().BeEmpty();
    }

    [Fact]
    public async Task Head_office_files_on_a_partners_lead_and_the_document_belongs_to_the_partner()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var clientId = await CreateClient(alpha);
        var lead = await ExpectJson(
            await alpha.PostAsync(
                "/api/v1/leads",
                Body(new { clientId, requestedAmount = 1000m, product = "mortgage" })
            ),
            HttpStatusCode.Created
        );

        using var form = Upload("lead", Id(lead));
        var document = await ExpectJson(await Http.PostAsync("/api/v1/documents", form), HttpStatusCode.Created);
        document["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());
        document["subjectType"]!.GetValue<string>().Should().Be("lead");

        (await ListedIds(alpha, $"subjectType=lead&subjectId={Id(lead)}")).Should().Equal(Id(document));
    }

    [Fact]
    public async Task A_document_is_filed_on_a_deal()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var clientId = await CreateClient(alpha);
        var deal = await ExpectJson(
            await alpha.PostAsync(
                "/api/v1/deals",
                Body(new { clientId, title = "Ипотека", amount = 1000m, product = "mortgage" })
            ),
            HttpStatusCode.Created
        );

        using var form = Upload("deal", Id(deal));
        var document = await ExpectJson(await alpha.PostAsync("/api/v1/documents", form), HttpStatusCode.Created);
        (await ListedIds(alpha, $"subjectType=deal&subjectId={Id(deal)}")).Should().Equal(Id(document));

        using var missing = Upload("deal", Guid.CreateVersion7().ToString());
        await ExpectProblem(await alpha.PostAsync("/api/v1/documents", missing), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_subject_needs_both_its_type_and_id_and_the_usual_limits_still_hold()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var clientId = await CreateClient(alpha);
        var before = await ListedIds(alpha, $"subjectId={clientId}");

        using (var form = Upload("client", null))
        {
            var problem = await ExpectProblem(
                await alpha.PostAsync("/api/v1/documents", form),
                HttpStatusCode.BadRequest,
                "validation_failed"
            );
            FieldErrors(problem, "subjectId").Should().NotBeEmpty();
        }

        using (var form = Upload("organization", clientId))
        {
            var problem = await ExpectProblem(
                await alpha.PostAsync("/api/v1/documents", form),
                HttpStatusCode.BadRequest,
                "validation_failed"
            );
            FieldErrors(problem, "subjectType").Should().NotBeEmpty();
        }

        using (var form = Upload(null, "not-a-uuid"))
        {
            var problem = await ExpectProblem(
                await alpha.PostAsync("/api/v1/documents", form),
                HttpStatusCode.BadRequest,
                "validation_failed"
            );
            FieldErrors(problem, "subjectType").Should().NotBeEmpty();
            FieldErrors(problem, "subjectId").Should().NotBeEmpty();
        }

        await ExpectProblem(
            await alpha.GetAsync("/api/v1/documents?subjectType=organization"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );

        using (var form = Upload("client", clientId, "MZ\u0090 not a document"u8.ToArray()))
        {
            await ExpectProblem(
                await alpha.PostAsync("/api/v1/documents", form),
                HttpStatusCode.UnsupportedMediaType,
                "unsupported_media_type"
            );
        }

        var overLimit = new byte[70 * 1024];
        DocumentForms.Pdf.CopyTo(overLimit, 0);
        using (var form = Upload("client", clientId, overLimit))
        {
            await ExpectProblem(
                await alpha.PostAsync("/api/v1/documents", form),
                HttpStatusCode.RequestEntityTooLarge,
                "payload_too_large"
            );
        }

        (await ListedIds(alpha, $"subjectId={clientId}")).Should().Equal(before, "a refused upload stores nothing");
    }

    [Fact]
    public async Task A_filed_upload_retried_with_its_key_is_stored_once_and_the_guest_files_nothing()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var clientId = await CreateClient(alpha);
        var ids = new List<string>();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var form = Upload("client", clientId);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/documents") { Content = form };
            request.Headers.Add("Idempotency-Key", $"file-on-client-{clientId}");
            ids.Add(Id(await ExpectJson(await alpha.SendAsync(request), HttpStatusCode.Created)));
        }

        ids.Distinct().Should().ContainSingle();
        (await ListedIds(alpha, $"subjectId={clientId}")).Should().Equal(ids[0]);

        using var guest = await Server.CreateHttpClientAsync(TestActor.Guest);
        using var refused = Upload("client", clientId);
        await ExpectProblem(await guest.PostAsync("/api/v1/documents", refused), HttpStatusCode.Forbidden, "forbidden");
    }
}
