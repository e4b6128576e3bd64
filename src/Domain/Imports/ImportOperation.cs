using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Imports;

public enum ImportKind
{
    Clients,
    Leads,
    Deals,
    Tasks,
    Notes,
}

public enum ImportStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

public enum ImportFileFormat
{
    Csv,
    Xlsx,
}

/// <summary>
/// A file import that runs in the background: queued by the upload, claimed by a worker of any instance, processed
/// batch by batch. Progress (the counts and the last row whose batch committed) is written in the same transaction as
/// the batch's rows, so that a resumed run starts after that row and creates nothing twice.
/// Every row read is accounted for: <c>RowsRead = Created + Duplicates + Rejected</c>.
/// </summary>
public sealed class ImportOperation : IOrganizationOwned
{
    public const int MaxFileNameLength = 255;

    private ImportOperation() { }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.GoesWithOrganization;

    public Guid? CreatedByUserId { get; private set; }

    public string? CreatedByClientId { get; private set; }

    public ImportKind Kind { get; private set; }

    public ImportStatus Status { get; private set; }

    public string FileName { get; private set; } = "";

    public ImportFileFormat FileFormat { get; private set; }

    public long FileSize { get; private set; }

    /// <summary>The source code for rows that name none.</summary>
    public string? DefaultSource { get; private set; }

    public long RowsRead { get; private set; }

    public long Created { get; private set; }

    public long Duplicates { get; private set; }

    public long Rejected { get; private set; }

    /// <summary>The number of the last data row (1 = the first row after the header) whose batch has
    /// committed.</summary>
    public long LastCommittedRow { get; private set; }

    /// <summary>The header of the file as read, kept for the rejected-rows download.</summary>
    public string[] Columns { get; private set; } = [];

    public string? FailureCode { get; private set; }

    public string? FailureDetail { get; private set; }

    public int Attempts { get; private set; }

    /// <summary>The worker (instance) that holds the operation while it runs, until
    /// <see cref="LeaseExpiresAt"/>.</summary>
    public string? LeaseOwner { get; private set; }

    public DateTimeOffset? LeaseExpiresAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static ImportOperation Queue(
        Guid id,
        Guid organizationId,
        Guid? userId,
        string? clientId,
        ImportKind kind,
        string fileName,
        ImportFileFormat format,
        string? defaultSource,
        DateTimeOffset now
    ) =>
        new()
        {
            Id = id,
            OrganizationId = organizationId,
            CreatedByUserId = userId,
            CreatedByClientId = clientId,
            Kind = kind,
            Status = ImportStatus.Queued,
            FileName = fileName,
            FileFormat = format,
            DefaultSource = defaultSource,
            CreatedAt = now,
            UpdatedAt = now,
        };

    public void RecordFileSize(long bytes) => FileSize = bytes;
}
