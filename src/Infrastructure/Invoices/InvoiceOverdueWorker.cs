using MakCrm.Infrastructure.Background;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Invoices;

/// <summary>Every poll interval, marks the invoices whose due date passed overdue, batch by batch until none are
/// left.</summary>
internal sealed class InvoiceOverdueWorker(
    IServiceScopeFactory scopes,
    IOptions<InvoiceOverdueOptions> options,
    TimeProvider clock,
    ILogger<InvoiceOverdueWorker> logger
) : PollingWorker(scopes, clock, logger)
{
    protected override string Work => "Marking overdue invoices";

    protected override string EnabledSetting => "Mak:Invoices:OverdueEnabled";

    protected override bool Enabled => options.Value.OverdueEnabled;

    protected override TimeSpan Interval => options.Value.OverduePollInterval;

    protected override async Task<(int Handled, bool More)> RunRoundAsync(
        IServiceProvider services,
        CancellationToken cancellationToken
    )
    {
        var marked = await services.GetRequiredService<InvoiceOverdueDispatcher>().MarkBatchAsync(cancellationToken);
        return (marked, marked >= options.Value.OverdueBatchSize);
    }
}
