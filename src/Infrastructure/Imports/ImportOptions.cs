namespace MakCrm.Infrastructure.Imports;

/// <summary>Settings of the import worker (<c>Mak:Imports</c>).</summary>
public sealed class ImportOptions
{
    public const string Section = "Mak:Imports";

    /// <summary>Whether this instance runs the worker; the upload endpoints work either way.</summary>
    public bool Enabled { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Rows per transaction: the rows, the rejected rows and the progress commit together.</summary>
    public int BatchSize { get; set; } = 2000;

    /// <summary>How long a claim holds without a committed batch; after that another instance takes the operation over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Claims of one operation before it is given up as failed (a file that crashes every worker).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The largest file an upload may carry.</summary>
    public long MaxFileBytes { get; set; } = 256L * 1024 * 1024;
}
