using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Head office's document templates through the SDK: read, previewed, a new version added and used.</summary>
public sealed class DocumentTemplatesSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task Head_office_reads_a_template_previews_a_draft_and_adds_a_version_that_the_next_document_uses()
    {
        var templates = (await Api.ListDocumentTemplatesAsync()).Result.Items;
        var contract = templates.Single(t => t.Name == "contract");
        contract.CurrentVersion.Should().Be(1);
        contract.Versions.Single().Source.Should().Be(DocumentTemplateSource.Embedded);
        contract.Fields
            .Should().ContainSingle(f => f.Path == "franchisee.name" && f.Type == DocumentTemplateFieldType.String);

        var v1 = (await Api.GetDocumentTemplateVersionAsync("contract", 1)).Result.Body;
        var draft = v1.Replace("<body>\n", "<body>\n<p>Редакция head office</p>\n", StringComparison.Ordinal);
        using (var preview = await Api.PreviewDocumentTemplateAsync(
                   new PreviewDocumentTemplateRequest { Body = draft, Format = DocumentTemplatePreviewFormat.Html },
                       "contract"))
        {
            using var reader = new StreamReader(preview.Stream);
            (await reader.ReadToEndAsync()).Should().Contain("Редакция head office")
                .And.Contain("franchisee.name");
        }

        var problem = await Expect.ProblemAsync(
            () => Api.CreateDocumentTemplateVersionAsync(new CreateDocumentTemplateVersionRequest
            {
                Body = draft.Replace("{{number}}", "{{numbr}}", StringComparison.Ordinal),
            }, "contract", Guid.NewGuid().ToString()),
            422,
            "document_template_unknown_field");
        problem.Detail.Should().Contain("`numbr`");

        var created = await Api.CreateDocumentTemplateVersionAsync(
            new CreateDocumentTemplateVersionRequest { Body = draft, Note = "Новая редакция" }, "contract",
                Guid.NewGuid().ToString());
        created.StatusCode.Should().Be(201);
        created.Result.Version.Should().Be(2);
        created.Result.Source.Should().Be(DocumentTemplateSource.Stored);
        (await Api.GetDocumentTemplateAsync("contract")).Result.CurrentVersion.Should().Be(2);

        await TestData.FillFranchiseContractRequisitesAsync(Api);
        var document = await Api.CreateFranchiseContractAsync(
            new CreateFranchiseContractRequest { OrganizationId = TestActors.FranchiseeOrganization });
        document.Result.GeneratedFrom!.TemplateVersion.Should().Be(2);
        using var docx = await Api.DownloadDocumentRenditionAsync(document.Result.Id, DocumentFileFormat.Docx);
        using var copy = new MemoryStream();
        await docx.Stream.CopyToAsync(copy);
        copy.ToArray().AsSpan(0, 2).ToArray().Should().Equal("PK"u8.ToArray(), "a DOCX is a ZIP package");
    }
}
