using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Mail;

/// <summary>
/// Says at start-up where mail and SMS go: the SMTP server and the SMS provider, or the pickup folders a developer
/// opens them in.
/// </summary>
internal sealed partial class MailStartupLog(
    IOptions<MailOptions> options,
    IOptions<Sms.SmsOptions> sms,
    ILogger<MailSender> logger
) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.UsesPickupDirectory)
        {
            LogPickup(logger, Path.GetFullPath(settings.PickupDirectory));
        }
        else
        {
            LogSmtp(logger, settings.Host!, settings.Port);
        }

        if (sms.Value.UsesPickupDirectory)
        {
            LogSmsPickup(logger, Path.GetFullPath(sms.Value.PickupDirectory));
        }
        else
        {
            LogSmsProvider(logger, sms.Value.Provider!, sms.Value.Address);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "No SMTP server is configured (Mak:Mail:Host): mails are written as .eml files to {PickupDirectory}"
    )]
    private static partial void LogPickup(ILogger logger, string pickupDirectory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mails are sent through the SMTP server {Host}:{Port}")]
    private static partial void LogSmtp(ILogger logger, string host, int port);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "No SMS provider is configured (Mak:Sms:Provider): SMS are written as text files to {PickupDirectory}"
    )]
    private static partial void LogSmsPickup(ILogger logger, string pickupDirectory);

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS are sent through {Provider} at {Address}")]
    private static partial void LogSmsProvider(ILogger logger, string provider, Uri address);
}
