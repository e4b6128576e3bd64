using MakCrm.Application.Auction;
using MakCrm.Infrastructure.Background;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MakCrm.Infrastructure.Auction;

/// <summary>Every poll interval, closes the lots whose end has come, one transaction per lot, until none is
/// left.</summary>
internal sealed class LotClosingWorker(
    IServiceScopeFactory scopes,
    AuctionOptions options,
    TimeProvider clock,
    ILogger<LotClosingWorker> logger
) : PollingWorker(scopes, clock, logger)
{
    protected override string Work => "Closing lots";

    protected override string EnabledSetting => "Mak:Auction:ClosingEnabled";

    protected override bool Enabled => options.ClosingEnabled;

    protected override TimeSpan Interval => options.ClosingPollInterval;

    protected override async Task<(int Handled, bool More)> RunRoundAsync(
        IServiceProvider services,
        CancellationToken cancellationToken
    )
    {
        var closed = await services.GetRequiredService<LotCloser>().CloseNextAsync(cancellationToken);
        return (closed ? 1 : 0, closed);
    }
}
