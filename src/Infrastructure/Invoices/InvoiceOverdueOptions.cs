namespace MakCrm.Infrastructure.Invoices;

/// <summary>The worker that marks invoices overdue (configuration section <c>Mak:Invoices</c>).</summary>
public sealed class InvoiceOverdueOptions
{
    public const string Section = "Mak:Invoices";

    /// <summary>Off: this instance marks no invoices overdue (others on the same database still may).</summary>
    public bool OverdueEnabled { get; set; } = true;

    public TimeSpan OverduePollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>At most this many invoices are claimed and marked in one transaction.</summary>
    public int OverdueBatchSize { get; set; } = 50;
}
