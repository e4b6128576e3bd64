using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Generated documents through the SDK: a franchisee's top-up invoice (PDF and DOCX), the franchise contract
/// and a contract with a client.</summary>
public sealed class GeneratedDocumentsSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task A_franchisee_asks_for_an_invoice_downloads_it_and_head_office_makes_its_contract()
    {
        await TestData.FillFranchiseContractRequisitesAsync(Api);
        using var http = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var franchisee = new MakCrmApiClient(http);

        var invoice = await franchisee.CreateTopUpInvoiceAsync(new CreateTopUpInvoiceRequest { Amount = 15_000.50m }, Guid.NewGuid().ToString());
        invoice.StatusCode.Should().Be(201);
        invoice.Result.Kind.Should().Be(DocumentKind.Invoice);
        invoice.Result.Origin.Should().Be(DocumentOrigin.Generated);
        invoice.Result.ContentType.Should().Be("application/pdf");
        invoice.Result.GeneratedFrom!.Template.Should().Be("invoice");
        ((System.Text.Json.JsonElement)invoice.Result.GeneratedFrom.Input).GetProperty("number").GetString().Should().StartWith($"С-{DateTime.UtcNow.Year}-");
        using (var download = await franchisee.DownloadDocumentAsync(invoice.Result.Id))
        {
            using var copy = new MemoryStream();
            await download.Stream.CopyToAsync(copy);
            copy.ToArray().AsSpan(0, 5).ToArray().Should().Equal("%PDF-"u8.ToArray());
        }

        var docx = await franchisee.CreateTopUpInvoiceAsync(new CreateTopUpInvoiceRequest { Amount = 100m, Format = DocumentFileFormat.Docx });
        docx.Result.FileName.Should().EndWith(".docx");

        await Expect.ProblemAsync(() => franchisee.CreateFranchiseContractAsync(new CreateFranchiseContractRequest { OrganizationId = TestActors.FranchiseeOrganization }), 403, "forbidden");
        await Expect.ProblemAsync(
            () => Api.CreateTopUpInvoiceAsync(new CreateTopUpInvoiceRequest { Amount = 100m, OrganizationId = TestActors.PartnerAlphaOrganization }), 409, "organization_not_franchisee");

        var contract = await Api.CreateFranchiseContractAsync(new CreateFranchiseContractRequest { OrganizationId = TestActors.FranchiseeOrganization });
        contract.StatusCode.Should().Be(201);
        contract.Result.Kind.Should().Be(DocumentKind.Contract);
        (await franchisee.ListDocumentsAsync(kind: DocumentKind.Contract)).Result.Items.Select(d => d.Id).Should().Contain(contract.Result.Id);
    }

    [Fact]
    public async Task A_franchisee_makes_a_contract_with_its_client_filed_on_the_client()
    {
        await TestData.FillFranchiseContractRequisitesAsync(Api);
        using var http = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var franchisee = new MakCrmApiClient(http);
        var client = await franchisee.CreateClientAsync(TestData.NewClient("Договоров Денис"));

        var contract = await franchisee.CreateClientContractAsync(
            client.Result.Id,
            new CreateClientContractRequest { FeePercent = 2.5m },
            Guid.NewGuid().ToString()
        );
        contract.StatusCode.Should().Be(201);
        contract.Result.Kind.Should().Be(DocumentKind.Contract);
        contract.Result.SubjectType.Should().Be(TaskSubjectType.Client);
        contract.Result.SubjectId.Should().Be(client.Result.Id);
        contract.Result.GeneratedFrom!.Template.Should().Be("client_contract");

        await Expect.ProblemAsync(
            () => franchisee.CreateClientContractAsync(
                client.Result.Id, new CreateClientContractRequest { FeePercent = 50m }), 400, "validation_failed");
        await Expect.ProblemAsync(
            () => franchisee.CreateClientContractAsync(Guid.CreateVersion7(), new CreateClientContractRequest()),
            404,
            "not_found"
        );
    }
}
