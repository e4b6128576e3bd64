using MakCrm.Application.Documents;

namespace MakCrm.Infrastructure.Documents;

/// <summary>Settings of the document store (<c>Mak:Documents</c>).</summary>
public sealed class DocumentOptions
{
    public const string Section = "Mak:Documents";

    /// <summary><c>FileSystem</c> (the default) or <c>S3</c>.</summary>
    public string Storage { get; set; } = "FileSystem";

    /// <summary>
    /// The file system storage's directory; by default <c>mak/documents</c> under the user's data directory
    /// (<c>$XDG_DATA_HOME</c> or <c>~/.local/share</c>), next to the local PostgreSQL cluster of <c>./mak run</c>.
    /// </summary>
    public string? Directory { get; set; }

    public S3StorageOptions S3 { get; set; } = new();

    /// <summary>The largest upload, in bytes (larger ones are 413 and nothing is stored).</summary>
    public long MaxUploadBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>The sniffed media types an upload may have (others are 415 and nothing is stored).</summary>
    public List<string> AllowedContentTypes { get; set; } =
    [
        ContentSniffer.Pdf,
        ContentSniffer.Png,
        ContentSniffer.Jpeg,
        ContentSniffer.Tiff,
        ContentSniffer.Docx,
        ContentSniffer.Xlsx,
    ];

    /// <summary>
    /// The VAT rate (percent) generated invoices and acts show when the seller pays VAT (the general tax regime); the
    /// other regimes print «Без НДС». 22 % since 2026.
    /// </summary>
    public decimal VatRatePercent { get; set; } = 22m;

    public string DirectoryOrDefault() =>
        string.IsNullOrWhiteSpace(Directory)
            ? Path.Combine(
                Environment.GetFolderPath(
                    Environment.SpecialFolder.LocalApplicationData,
                    Environment.SpecialFolderOption.DoNotVerify
                ),
                "mak",
                "documents"
            )
            : Directory;
}

/// <summary>An S3-compatible bucket, addressed path-style (<c>{ServiceUrl}/{Bucket}/{key}</c>), as MinIO and most S3
/// clones want.</summary>
public sealed class S3StorageOptions
{
    public string ServiceUrl { get; set; } = "";

    public string Bucket { get; set; } = "";

    public string AccessKey { get; set; } = "";

    public string SecretKey { get; set; } = "";

    public string Region { get; set; } = "us-east-1";

    /// <summary>A prefix for every key (e.g. <c>documents/</c>), so that one bucket can hold other things
    /// too.</summary>
    public string KeyPrefix { get; set; } = "";
}
