using MakCrm.Infrastructure.Background;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Mail;

/// <summary>Every poll interval, sends the due mails of the outbox batch by batch until none is left.</summary>
internal sealed class MailWorker(
    IServiceScopeFactory scopes,
    IOptions<MailOptions> options,
    TimeProvider clock,
    ILogger<MailWorker> logger
) : PollingWorker(scopes, clock, logger)
{
    protected override string Work => "Sending mail";

    protected override string EnabledSetting => "Mak:Mail:Enabled";

    protected override bool Enabled => options.Value.Enabled;

    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override Task<(int Handled, bool More)> RunRoundAsync(
        IServiceProvider services,
        CancellationToken cancellationToken
    ) => services.GetRequiredService<MailSender>().SendDueAsync(cancellationToken);
}
