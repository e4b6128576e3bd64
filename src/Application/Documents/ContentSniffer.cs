using System.IO.Compression;

namespace MakCrm.Application.Documents;

/// <summary>
/// Tells a file's media type from its first bytes (its "magic number"), never from the name or the type the client
/// sent. An Office Open XML file is a ZIP whose main part names it: <c>word/document.xml</c> for DOCX,
/// <c>xl/workbook.xml</c> for XLSX. Anything not recognised is <c>null</c>.
/// </summary>
public static class ContentSniffer
{
    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Tiff = "image/tiff";
    public const string Zip = "application/zip";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Every media type a stored document can have: what a download answers with.</summary>
    public static IReadOnlyList<string> All { get; } = [Pdf, Png, Jpeg, Tiff, Zip, Docx, Xlsx];

    /// <summary>The media type of a seekable stream's content; the stream is left at its start.</summary>
    public static async Task<string?> SniffAsync(Stream content, CancellationToken cancellationToken)
    {
        var head = new byte[8];
        content.Position = 0;
        var read = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        content.Position = 0;
        var type = Of(head.AsSpan(0, read));
        if (type == Zip)
        {
            type = OfficeTypeOf(content) ?? Zip;
            content.Position = 0;
        }

        return type;
    }

    /// <summary>The media type the first bytes say; <see cref="Zip"/> for any ZIP (the parts decide more).</summary>
    public static string? Of(ReadOnlySpan<byte> head) =>
        head switch
        {
            [0x25, 0x50, 0x44, 0x46, 0x2D, ..] => Pdf, // %PDF-
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => Png,
            [0xFF, 0xD8, 0xFF, ..] => Jpeg,
            [0x49, 0x49, 0x2A, 0x00, ..] or [0x4D, 0x4D, 0x00, 0x2A, ..] => Tiff,
            [0x50, 0x4B, 0x03, 0x04, ..] => Zip,
            _ => null,
        };

    private static string? OfficeTypeOf(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            return zip.GetEntry("word/document.xml") is not null ? Docx
                : zip.GetEntry("xl/workbook.xml") is not null ? Xlsx
                : null;
        }
        catch (Exception ex)
            when (ex is InvalidDataException or IOException or ArgumentException or NotSupportedException)
        {
            // Starts like a ZIP but is not one.
            return null;
        }
    }
}
