using System.Net;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;
using static MakCrm.IntegrationTests.Documents.GeneratedDocumentTexts;

namespace MakCrm.IntegrationTests.Documents;

/// <summary>A contract with a client, generated from its template by the client's organization and filed on the
/// client.</summary>
public sealed class ClientContractsApiTests(ApiServerFixture server) : AuthTest(server)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await FillRequisitesAsync(Http);
    }

    private static async Task<string> CreateClient(HttpClient http,
        string fullName = "Заёмщиков Павел Ильич") =>
        Id(await ExpectJson(
            await http.PostAsync(
                "/api/v1/clients",
                Body(new { fullName, phone = UniquePhone(), email = "borrower@example.ru", source = "partner" })
            ),
            HttpStatusCode.Created
        ));

    [Fact]
    public async Task A_franchisee_makes_a_contract_with_its_client_naming_the_credit_and_the_fee()
    {
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var client = await CreateClient(franchisee);
        var lead = Id(await ExpectJson(
            await franchisee.PostAsync(
                "/api/v1/leads",
                Body(new { clientId = client, requestedAmount = 1_500_000m, product = "mortgage" })
            ),
            HttpStatusCode.Created
        ));

        var response = await franchisee.PostAsync(
            $"/api/v1/clients/{client}/contracts",
            Body(new { leadId = lead, feePercent = 2.5m })
        );
        var document = await ExpectJson(response, HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().Be($"/api/v1/documents/{Id(document)}");
        document["kind"]!.GetValue<string>().Should().Be("contract");
        document["subjectType"]!.GetValue<string>().Should().Be("client");
        document["subjectId"]!.GetValue<string>().Should().Be(client);
        document["organizationId"]!.GetValue<string>().Should().Be(TestActors.FranchiseeOrganization.ToString());
        document["generatedFrom"]!["template"]!.GetValue<string>().Should().Be("client_contract");
        var number = document["generatedFrom"]!["input"]!["number"]!.GetValue<string>();
        number.Should().MatchRegex($"^К-{DateTime.UtcNow.Year}-[0-9]{{6}}$");

        var text = await PdfTextAsync(await DownloadAsync(franchisee, Id(document)));
        text.Should().Contain($"№ {number}").And.Contain("ИП Петров Пётр Петрович")
            .And.Contain("500100732259")
            .And.Contain("Заёмщиков Павел Ильич").And.Contain("borrower@example.ru")
            .And.Contain("ипотечный кредит").And.Contain("1 500 000,00").And.Contain("2,5 %");

        var listed = await ExpectJson(
            await franchisee.GetAsync($"/api/v1/documents?subjectType=client&subjectId={client}"),
            HttpStatusCode.OK
        );
        listed["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).Should().Equal(Id(document));
        var timeline = await ExpectJson(
            await franchisee.GetAsync($"/api/v1/clients/{client}/timeline"),
            HttpStatusCode.OK
        );
        timeline["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).Should().Contain(Id(document));
    }

    [Fact]
    public async Task Without_a_lead_or_fee_the_contract_leaves_them_to_an_agreement_and_the_docx_says_the_same()
    {
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var client = await CreateClient(franchisee, "Договоров Олег");
        var document = await ExpectJson(
            await franchisee.PostAsync($"/api/v1/clients/{client}/contracts", Body(new { format = "docx" })),
            HttpStatusCode.Created
        );
        document["fileName"]!.GetValue<string>().Should().EndWith(".docx");
        var text = DocxText(await DownloadAsync(franchisee, Id(document)));
        text.Should().Contain("Договоров Олег")
            .And.Contain("дополнительным соглашением").And.NotContain("ипотечный");
    }

    [Fact]
    public async Task Another_organizations_client_is_404_and_a_partner_generates_nothing()
    {
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var alphas = await CreateClient(alpha, "Альфин Клиент");

        await ExpectProblem(
            await franchisee.PostAsync($"/api/v1/clients/{alphas}/contracts", Body(new { })),
            HttpStatusCode.NotFound,
            "not_found"
        );
        await ExpectProblem(
            await alpha.PostAsync($"/api/v1/clients/{alphas}/contracts", Body(new { })),
            HttpStatusCode.Forbidden,
            "forbidden"
        );
        await ExpectProblem(
            await Http.PostAsync($"/api/v1/clients/{Guid.CreateVersion7()}/contracts", Body(new { })),
            HttpStatusCode.NotFound,
            "not_found"
        );
    }

    [Theory]
    [InlineData("{\"feePercent\":25}", "feePercent")]
    [InlineData("{\"feePercent\":0}", "feePercent")]
    [InlineData("{\"feePercent\":1.234}", "feePercent")]
    [InlineData("{\"format\":\"odt\"}", "format")]
    [InlineData("{\"leadId\":\"not-a-uuid\"}", "leadId")]
    public async Task Bad_terms_are_field_errors_and_nothing_is_stored(string body, string field)
    {
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var client = await CreateClient(franchisee);
        var problem = await ExpectProblem(
            await franchisee.PostAsync(
                $"/api/v1/clients/{client}/contracts",
                new StringContent(body, System.Text.Encoding.UTF8, "application/json")
            ),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(problem, field).Should().NotBeEmpty();
        var listed = await ExpectJson(
            await franchisee.GetAsync($"/api/v1/documents?subjectId={client}"),
            HttpStatusCode.OK
        );
        listed["items"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task A_lead_of_another_client_is_a_field_error()
    {
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var client = await CreateClient(franchisee);
        var other = await CreateClient(franchisee, "Другой Клиент");
        var lead = Id(await ExpectJson(
            await franchisee.PostAsync(
                "/api/v1/leads",
                Body(new { clientId = other, requestedAmount = 300_000m, product = "auto" })
            ),
            HttpStatusCode.Created
        ));

        var problem = await ExpectProblem(
            await franchisee.PostAsync($"/api/v1/clients/{client}/contracts", Body(new { leadId = lead })),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(problem, "leadId").Should().NotBeEmpty();
    }

    [Fact]
    public async Task Missing_requisites_of_the_organization_are_a_conflict_naming_them()
    {
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var client = await CreateClient(franchisee);
        await PatchProfileAsync(Http, TestActors.FranchiseeOrganization, new { inn = (string?)null });
        try
        {
            var problem = await ExpectProblem(
                await franchisee.PostAsync($"/api/v1/clients/{client}/contracts", Body(new { })),
                HttpStatusCode.Conflict,
                "requisites_incomplete"
            );
            problem["detail"]!.GetValue<string>().Should().Contain("broker.inn");
        }
        finally
        {
            await FillRequisitesAsync(Http);
        }
    }
}
