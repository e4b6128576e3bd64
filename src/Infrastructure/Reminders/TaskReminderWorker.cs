using MakCrm.Infrastructure.Background;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Reminders;

/// <summary>Every poll interval, delivers the due task reminders and overdue notices batch by batch until none are
/// left.</summary>
internal sealed class TaskReminderWorker(
    IServiceScopeFactory scopes,
    IOptions<ReminderOptions> options,
    TimeProvider clock,
    ILogger<TaskReminderWorker> logger
) : PollingWorker(scopes, clock, logger)
{
    protected override string Work => "Delivering task reminders";

    protected override string EnabledSetting => "Mak:Reminders:Enabled";

    protected override bool Enabled => options.Value.Enabled;

    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override async Task<(int Handled, bool More)> RunRoundAsync(
        IServiceProvider services,
        CancellationToken cancellationToken
    )
    {
        var dispatcher = services.GetRequiredService<TaskReminderDispatcher>();
        var reminders = await dispatcher.DeliverBatchAsync(cancellationToken);
        var overdue = await dispatcher.DeliverOverdueBatchAsync(cancellationToken);
        return (reminders + overdue, reminders >= options.Value.BatchSize || overdue >= options.Value.BatchSize);
    }
}
