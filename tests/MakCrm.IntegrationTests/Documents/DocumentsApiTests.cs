using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Storage;
using MakCrm.Domain.Documents;
using MakCrm.Infrastructure.Persistence;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Documents;

/// <summary>A server whose documents go to a directory of its own, with a small upload limit (64 KiB).</summary>
public sealed class SmallDocumentLimitServer() : ApiServerFixture(new Dictionary<string, string>
{
    ["Mak:Documents:Directory"] = Root,
    ["Mak:Documents:MaxUploadBytes"] = "65536",
})
{
    public static readonly string Root = Path.Combine(Path.GetTempPath(), $"mak-documents-{Guid.NewGuid():N}");
}

/// <summary>A server whose documents go to a bucket of a real S3 wire implementation (s3rver) on 127.0.0.1.</summary>
public sealed class S3DocumentServer : ApiServerFixture
{
    public S3DocumentServer()
        : this(S3rver.FreePort())
    {
    }

    private S3DocumentServer(int port)
        : base(new Dictionary<string, string>
        {
            ["Mak:Documents:Storage"] = "S3",
            ["Mak:Documents:S3:ServiceUrl"] = $"http://127.0.0.1:{port}",
            ["Mak:Documents:S3:Bucket"] = S3rver.Bucket,
            ["Mak:Documents:S3:AccessKey"] = S3rver.AccessKey,
            ["Mak:Documents:S3:SecretKey"] = S3rver.SecretKey,
        }) => S3 = new S3rver(port);

    public S3rver S3 { get; }

    public override async Task InitializeAsync()
    {
        await S3.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await S3.DisposeAsync();
    }
}

internal static class DocumentForms
{
    public static readonly byte[] Pdf = "%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    public static MultipartFormDataContent Upload(byte[] file, string fileName, string? kind = "scan", string clientType = "text/plain")
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(clientType);
        form.Add(content, "file", fileName);
        if (kind is not null)
        {
            form.Add(new StringContent(kind), "kind");
        }

        return form;
    }

    /// <summary>Uploads <see cref="Pdf"/> to the caller's document store and answers the document's id.</summary>
    public static async Task<string> UploadPdfAsync(HttpClient http, string fileName = "file.pdf", string kind = "other")
    {
        using var form = Upload(Pdf, fileName, kind, "application/pdf");
        using var response = await http.PostAsync("/api/v1/documents", form);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!["id"]!.GetValue<string>();
    }
}

public sealed class DocumentsApiTests(SmallDocumentLimitServer server) : AuthTest(server), IClassFixture<SmallDocumentLimitServer>
{
    private static int StoredFiles() =>
        Directory.Exists(SmallDocumentLimitServer.Root) ? Directory.EnumerateFiles(SmallDocumentLimitServer.Root, "*", SearchOption.AllDirectories).Count() : 0;

    [Fact]
    public async Task An_upload_is_stored_with_its_sniffed_type_and_hash_listed_downloaded_by_name_and_deleted()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var form = DocumentForms.Upload(DocumentForms.Pdf, "Договор № 7 (скан).pdf", "contract", clientType: "image/png");
        var response = await alpha.PostAsync("/api/v1/documents", form);
        var document = await ExpectJson(response, HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().Be($"/api/v1/documents/{Id(document)}");
        document["kind"]!.GetValue<string>().Should().Be("contract");
        document["origin"]!.GetValue<string>().Should().Be("uploaded");
        document["contentType"]!.GetValue<string>().Should().Be("application/pdf", "the type is sniffed, not taken from the client");
        document["size"]!.GetValue<long>().Should().Be(DocumentForms.Pdf.Length);
        document["sha256"]!.GetValue<string>().Should().Be(Convert.ToHexStringLower(SHA256.HashData(DocumentForms.Pdf)));
        document["fileName"]!.GetValue<string>().Should().Be("Договор № 7 (скан).pdf");
        document["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());
        document["generatedFrom"].Should().BeNull();

        var listed = await ExpectJson(await alpha.GetAsync("/api/v1/documents?kind=contract"), HttpStatusCode.OK);
        listed["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).Should().Equal(Id(document));
        (await ExpectJson(await alpha.GetAsync("/api/v1/documents?kind=scan"), HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty();

        var download = await alpha.GetAsync($"/api/v1/documents/{Id(document)}/content");
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        download.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        download.Content.Headers.ContentDisposition.FileNameStar.Should().Be("Договор № 7 (скан).pdf");
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(DocumentForms.Pdf);

        var audit = await ExpectJson(await Http.GetAsync($"/api/v1/audit-events?entityId={Id(document)}"), HttpStatusCode.OK);
        audit["items"]!.AsArray().Should().NotBeEmpty("the upload is audited");

        (await alpha.DeleteAsync($"/api/v1/documents/{Id(document)}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectProblem(await alpha.GetAsync($"/api/v1/documents/{Id(document)}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await alpha.GetAsync($"/api/v1/documents/{Id(document)}/content"), HttpStatusCode.NotFound, "not_found");
        File.Exists(Path.Combine(SmallDocumentLimitServer.Root, Document.KeyFor(TestActors.PartnerAlphaOrganization, Guid.Parse(Id(document))))).Should().BeFalse();
    }

    [Fact]
    public async Task Too_large_or_refused_uploads_are_413_and_415_and_store_nothing()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var before = StoredFiles();
        var overLimit = new byte[70 * 1024];
        DocumentForms.Pdf.CopyTo(overLimit, 0);
        using (var form = DocumentForms.Upload(overLimit, "big.pdf"))
        {
            await ExpectProblem(await alpha.PostAsync("/api/v1/documents", form), HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        }

        using (var form = DocumentForms.Upload(new byte[400 * 1024], "bigger.pdf"))
        {
            var response = await alpha.PostAsync("/api/v1/documents", form);
            ((int)response.StatusCode).Should().Be(413);
        }

        using (var form = DocumentForms.Upload("MZ\u0090 not a document"u8.ToArray(), "invoice.pdf", clientType: "application/pdf"))
        {
            await ExpectProblem(await alpha.PostAsync("/api/v1/documents", form), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        }

        using (var form = DocumentForms.Upload("PK\u0003\u0004 a broken zip"u8.ToArray(), "archive.docx"))
        {
            await ExpectProblem(await alpha.PostAsync("/api/v1/documents", form), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        }

        StoredFiles().Should().Be(before, "nothing is stored for a refused upload");
        (await ExpectJson(await alpha.GetAsync("/api/v1/documents"), HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Uploads_need_a_file_and_an_uploadable_kind()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using (var form = DocumentForms.Upload(DocumentForms.Pdf, "act.pdf", "act"))
        {
            var problem = await ExpectProblem(await alpha.PostAsync("/api/v1/documents", form), HttpStatusCode.BadRequest, "validation_failed");
            FieldErrors(problem, "kind").Should().NotBeEmpty();
        }

        using (var form = DocumentForms.Upload(DocumentForms.Pdf, "scan.pdf", kind: null))
        {
            await ExpectProblem(await alpha.PostAsync("/api/v1/documents", form), HttpStatusCode.BadRequest, "validation_failed");
        }

        await ExpectProblem(
            await alpha.PostAsync("/api/v1/documents", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")),
            HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task Another_organizations_document_is_404_and_head_office_sees_every_one()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var form = DocumentForms.Upload(DocumentForms.Pdf, "scan.pdf");
        var id = Id(await ExpectJson(await alpha.PostAsync("/api/v1/documents", form), HttpStatusCode.Created));

        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        await ExpectProblem(await beta.GetAsync($"/api/v1/documents/{id}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await beta.GetAsync($"/api/v1/documents/{id}/content"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await beta.DeleteAsync($"/api/v1/documents/{id}"), HttpStatusCode.NotFound, "not_found");
        (await ExpectJson(await beta.GetAsync($"/api/v1/documents?organizationId={TestActors.PartnerAlphaOrganization}"), HttpStatusCode.OK))["items"]!
            .AsArray().Should().BeEmpty();

        (await ExpectJson(await Http.GetAsync($"/api/v1/documents/{id}"), HttpStatusCode.OK))["id"]!.GetValue<string>().Should().Be(id);
        (await ExpectJson(await Http.GetAsync($"/api/v1/documents?organizationId={TestActors.PartnerAlphaOrganization}"), HttpStatusCode.OK))["items"]!
            .AsArray().Select(i => i!["id"]!.GetValue<string>()).Should().Equal(id);
    }

    [Fact]
    public async Task A_generated_document_is_never_deleted()
    {
        var id = await Server.WithServicesAsync(async services =>
        {
            var document = Document.Create(
                Guid.CreateVersion7(), TestActors.PartnerAlphaOrganization, DocumentKind.Invoice,
                new StoredContent("Счёт.pdf", "application/pdf", DocumentForms.Pdf.Length, Convert.ToHexStringLower(SHA256.HashData(DocumentForms.Pdf))),
                new GeneratedFrom("invoice", 1, """{"number":"С-1"}"""), null, null, DateTimeOffset.UtcNow);
            await services.GetRequiredService<IDocumentStorage>().PutAsync(document.StorageKey, new MemoryStream(DocumentForms.Pdf), DocumentForms.Pdf.Length, "application/pdf", CancellationToken.None);
            var db = services.GetRequiredService<MakCrmDbContext>();
            db.Add(document);
            await db.SaveChangesAsync();
            return document.Id;
        });

        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var document = await ExpectJson(await alpha.GetAsync($"/api/v1/documents/{id}"), HttpStatusCode.OK);
        document["origin"]!.GetValue<string>().Should().Be("generated");
        document["generatedFrom"]!["template"]!.GetValue<string>().Should().Be("invoice");
        document["generatedFrom"]!["input"]!["number"]!.GetValue<string>().Should().Be("С-1");
        await ExpectProblem(await alpha.DeleteAsync($"/api/v1/documents/{id}"), HttpStatusCode.Conflict, "document_generated");
        (await alpha.GetAsync($"/api/v1/documents/{id}/content")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_upload_retried_with_its_idempotency_key_is_stored_once()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var before = StoredFiles();
        var ids = new List<string>();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var form = DocumentForms.Upload(DocumentForms.Pdf, "scan.pdf");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/documents") { Content = form };
            request.Headers.Add("Idempotency-Key", "upload-scan-1");
            var response = await alpha.SendAsync(request);
            ids.Add(Id(await ExpectJson(response, HttpStatusCode.Created)));
        }

        ids.Distinct().Should().ContainSingle();
        StoredFiles().Should().Be(before + 1);
    }

    [Fact]
    public async Task The_guest_reads_and_uploads_nothing_and_the_employee_deletes_nothing()
    {
        using var guest = await Server.CreateHttpClientAsync(TestActor.Guest);
        await ExpectProblem(await guest.GetAsync("/api/v1/documents"), HttpStatusCode.Forbidden, "forbidden");
        using var form = DocumentForms.Upload(DocumentForms.Pdf, "scan.pdf");
        await ExpectProblem(await guest.PostAsync("/api/v1/documents", form), HttpStatusCode.Forbidden, "forbidden");

        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var upload = DocumentForms.Upload(DocumentForms.Pdf, "scan.pdf");
        var id = Id(await ExpectJson(await alpha.PostAsync("/api/v1/documents", upload), HttpStatusCode.Created));
        using var employee = await Server.CreateHttpClientAsync(TestActor.Employee);
        (await employee.GetAsync($"/api/v1/documents/{id}")).StatusCode.Should().Be(HttpStatusCode.OK);
        await ExpectProblem(await employee.DeleteAsync($"/api/v1/documents/{id}"), HttpStatusCode.Forbidden, "forbidden");
    }
}

public sealed class S3DocumentsApiTests(S3DocumentServer server) : AuthTest(server), IClassFixture<S3DocumentServer>
{
    [Fact]
    public async Task Documents_round_trip_through_the_S3_bucket_and_refused_uploads_leave_no_object()
    {
        var s3 = ((S3DocumentServer)Server).S3;
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using (var refused = DocumentForms.Upload("plain text"u8.ToArray(), "notes.pdf"))
        {
            await ExpectProblem(await alpha.PostAsync("/api/v1/documents", refused), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        }

        (await s3.KeysAsync()).Should().BeEmpty();

        using var form = DocumentForms.Upload(DocumentForms.Pdf, "Акт сверки.pdf");
        var id = Id(await ExpectJson(await alpha.PostAsync("/api/v1/documents", form), HttpStatusCode.Created));
        (await s3.KeysAsync()).Should().Equal(Document.KeyFor(TestActors.PartnerAlphaOrganization, Guid.Parse(id)));

        var download = await alpha.GetAsync($"/api/v1/documents/{id}/content");
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        download.Content.Headers.ContentDisposition!.FileNameStar.Should().Be("Акт сверки.pdf");
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(DocumentForms.Pdf);

        (await alpha.DeleteAsync($"/api/v1/documents/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await s3.KeysAsync()).Should().BeEmpty();
    }
}
