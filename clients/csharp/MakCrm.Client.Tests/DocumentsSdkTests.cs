using System.Security.Cryptography;
using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>The document store through the SDK: a multipart upload, the metadata, a streamed download, the refusals.</summary>
public sealed class DocumentsSdkTests(ApiServerFixture server) : SdkTest(server)
{
    private static readonly byte[] Pdf = "%PDF-1.4\n%sdk\n1 0 obj<<>>endobj\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task A_file_is_uploaded_listed_downloaded_by_name_and_deleted()
    {
        var uploaded = await Api.UploadDocumentAsync(Guid.NewGuid().ToString(), new FileParameter(new MemoryStream(Pdf), "Договор.pdf", "text/plain"), DocumentKind.Contract);
        uploaded.StatusCode.Should().Be(201);
        uploaded.Result.ContentType.Should().Be("application/pdf");
        uploaded.Result.Origin.Should().Be(DocumentOrigin.Uploaded);
        uploaded.Result.Sha256.Should().Be(Convert.ToHexStringLower(SHA256.HashData(Pdf)));

        (await Api.ListDocumentsAsync(kind: DocumentKind.Contract)).Result.Items.Select(d => d.Id).Should().Equal(uploaded.Result.Id);

        using (var download = await Api.DownloadDocumentAsync(uploaded.Result.Id))
        {
            download.StatusCode.Should().Be(200);
            using var copy = new MemoryStream();
            await download.Stream.CopyToAsync(copy);
            copy.ToArray().Should().Equal(Pdf);
            download.Headers["Content-Disposition"].Single().Should().Contain("filename*=UTF-8''%D0%94%D0%BE%D0%B3%D0%BE%D0%B2%D0%BE%D1%80.pdf");
        }

        (await Api.DeleteDocumentAsync(uploaded.Result.Id)).StatusCode.Should().Be(204);
        await Expect.ProblemAsync(() => Api.GetDocumentAsync(uploaded.Result.Id), 404, "not_found");
    }

    [Fact]
    public async Task A_clients_timeline_shows_its_deals_and_documents_as_their_own_kinds()
    {
        var client = await Api.CreateClientAsync(TestData.NewClient("Хронологиев Пётр"));
        var deal = await Api.CreateDealAsync(new CreateDealRequest
        {
            ClientId = client.Result.Id, Title = "Ипотека", Amount = 1_000_000m, Product = LoanProduct.Mortgage,
        });
        var uploaded = await Api.UploadDocumentAsync(
            Guid.NewGuid().ToString(),
            new FileParameter(new MemoryStream(Pdf), "Выписка.pdf", "application/pdf"),
            DocumentKind.Scan,
            TaskSubjectType.Deal,
            deal.Result.Id
        );

        var timeline = await Api.GetClientTimelineAsync(client.Result.Id);
        var document = timeline.Result.Items.OfType<TimelineDocumentItem>().Single();
        document.Id.Should().Be(uploaded.Result.Id);
        document.DealId.Should().Be(deal.Result.Id);
        document.Document.Kind.Should().Be(DocumentKind.Scan);
        var created = timeline.Result.Items.OfType<TimelineDealItem>().Single();
        created.Deal.FromStageId.Should().BeNull();
        created.Deal.StageId.Should().Be(deal.Result.StageId);
        created.Text.Should().Be("Ипотека");

        await Expect.ProblemAsync(() => Api.GetClientTimelineAsync(Guid.CreateVersion7()), 404, "not_found");
    }

    [Fact]
    public async Task A_file_is_filed_on_a_client_and_listed_by_it()
    {
        var client = await Api.CreateClientAsync(TestData.NewClient("Документов Пётр"));
        var uploaded = await Api.UploadDocumentAsync(
            Guid.NewGuid().ToString(),
            new FileParameter(new MemoryStream(Pdf), "Паспорт.pdf", "application/pdf"),
            DocumentKind.Scan,
            TaskSubjectType.Client,
            client.Result.Id
        );
        uploaded.Result.SubjectType.Should().Be(TaskSubjectType.Client);
        uploaded.Result.SubjectId.Should().Be(client.Result.Id);

        var listed = await Api.ListDocumentsAsync(subjectType: TaskSubjectType.Client, subjectId: client.Result.Id);
        listed.Result.Items.Select(d => d.Id).Should().Equal(uploaded.Result.Id);
    }

    [Fact]
    public async Task A_file_of_a_refused_type_is_415()
    {
        await Expect.ProblemAsync(
            () => Api.UploadDocumentAsync(null, new FileParameter(new MemoryStream("just text"u8.ToArray()), "notes.pdf", "application/pdf"), DocumentKind.Scan),
            415, "unsupported_media_type");
        (await Api.ListDocumentsAsync()).Result.Items.Should().BeEmpty();
    }
}
