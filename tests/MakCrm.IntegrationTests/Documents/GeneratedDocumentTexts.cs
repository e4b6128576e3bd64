using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Documents;

/// <summary>The text of generated documents, read back the way a person's tools would: pdftotext for a PDF, OpenXml for a DOCX.</summary>
internal static partial class GeneratedDocumentTexts
{
    public static readonly Guid HeadOffice = new("0192f0c1-0000-7000-8000-000000000001");

    /// <summary>Head office's requisites (Sberbank's published ones, its settlement account keyed to the БИК) and the general tax regime.</summary>
    public static readonly object HeadOfficeRequisites = new
    {
        legalName = "ООО «МаК Финанс»", legalForm = "ooo", inn = "7707083893", kpp = "773601001", ogrn = "1027700132195",
        legalAddress = "117312, г. Москва, ул. Вавилова, д. 19", bankName = "ПАО Сбербанк", bik = "044525225",
        correspondentAccount = "30101810400000000225", settlementAccount = "40702810400000000225",
        signatoryName = "Иванов Иван Иванович", signatoryPosition = "Генеральный директор", signatoryBasis = "Устава", taxRegime = "osno",
    };

    public static readonly object FranchiseeRequisites = new
    {
        legalName = "ИП Петров Пётр Петрович", legalForm = "ip", inn = "500100732259", legalAddress = "г. Тверь, ул. Советская, д. 1",
        signatoryName = "Петров Пётр Петрович", signatoryPosition = "Индивидуальный предприниматель", signatoryBasis = "свидетельства",
    };

    /// <summary>Fills in head office's and the franchisee's requisites (as head office, whose client <paramref name="headOffice"/> is).</summary>
    public static async Task FillRequisitesAsync(HttpClient headOffice)
    {
        foreach (var (id, requisites) in new[] { (HeadOffice, HeadOfficeRequisites), (TestActors.FranchiseeOrganization, FranchiseeRequisites) })
        {
            await PatchProfileAsync(headOffice, id, requisites);
        }
    }

    /// <summary>A merge patch of an organization's profile (If-Match <c>*</c>), as head office.</summary>
    public static async Task PatchProfileAsync(HttpClient headOffice, Guid organizationId, object changes)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/organizations/{organizationId}/profile")
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(changes), System.Text.Encoding.UTF8, "application/merge-patch+json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        var response = await headOffice.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The text of a PDF (pdftotext, reading order), its white space collapsed to single spaces.</summary>
    public static async Task<string> PdfTextAsync(byte[] pdf)
    {
        pdf.AsSpan().StartsWith("%PDF-"u8).Should().BeTrue("the content is a PDF");
        var path = Path.Combine(Path.GetTempPath(), $"mak-generated-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("-enc");
            start.ArgumentList.Add("UTF-8");
            start.ArgumentList.Add(path);
            start.ArgumentList.Add("-");
            using var process = Process.Start(start)!;
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            process.ExitCode.Should().Be(0, await process.StandardError.ReadToEndAsync());
            return Collapse(text);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The text of a DOCX opened with DocumentFormat.OpenXml: its paragraphs, white space collapsed.</summary>
    public static string DocxText(byte[] docx)
    {
        using var stream = new MemoryStream(docx);
        using var document = WordprocessingDocument.Open(stream, false);
        var body = document.MainDocumentPart!.Document.Body!;
        return Collapse(string.Join("\n", body.Descendants<Paragraph>().Select(p => string.Concat(p.Descendants().Select(e => e switch
        {
            Text t => t.Text,
            Break => "\n",
            _ => "",
        })))));
    }

    public static async Task<byte[]> DownloadAsync(HttpClient http, string id)
    {
        var response = await http.GetAsync($"/api/v1/documents/{id}/content");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static string Collapse(string text) => Spaces().Replace(text, " ").Trim();

    [GeneratedRegex(@"[\s\u00a0]+")]
    private static partial Regex Spaces();
}
