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

    /// <summary>
    /// Rows per transaction of a lead import. Each lead row holds one or two advisory locks (its contacts) until the
    /// commit, and PostgreSQL keeps them in a shared table of max_locks_per_transaction × max_connections entries.
    /// </summary>
    public int LeadBatchSize { get; set; } = 500;

    /// <summary>How long a claim holds without a committed batch; after that another instance takes the operation
    /// over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Claims of one operation before it is given up as failed (a file that crashes every worker).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The largest file an upload may carry.</summary>
    public long MaxFileBytes { get; set; } = 256L * 1024 * 1024;
}
