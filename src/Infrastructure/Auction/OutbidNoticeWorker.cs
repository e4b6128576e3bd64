using MakCrm.Application.Auction;
using MakCrm.Infrastructure.Background;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MakCrm.Infrastructure.Auction;

/// <summary>Every poll interval, delivers the outbid notices the bids left (<see cref="OutbidNotifier"/>) batch by
/// batch until none are left.</summary>
internal sealed class OutbidNoticeWorker(
    IServiceScopeFactory scopes,
    AuctionOptions options,
    TimeProvider clock,
    ILogger<OutbidNoticeWorker> logger
) : PollingWorker(scopes, clock, logger)
{
    protected override string Work => "Delivering outbid notices";

    protected override string EnabledSetting => "Mak:Auction:OutbidNoticesEnabled";

    protected override bool Enabled => options.OutbidNoticesEnabled;

    protected override TimeSpan Interval => options.OutbidNoticePollInterval;

    protected override async Task<(int Handled, bool More)> RunRoundAsync(
        IServiceProvider services,
        CancellationToken cancellationToken
    )
    {
        var delivered = await services.GetRequiredService<OutbidNotifier>().DeliverBatchAsync(cancellationToken);
        return (delivered, delivered >= OutbidNotifier.BatchSize);
    }
}
