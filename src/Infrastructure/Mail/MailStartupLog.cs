using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Mail;

/// <summary>
/// Says at start-up where mail goes: the SMTP server, or the pickup folder a developer opens the mails in.
/// </summary>
internal sealed partial class MailStartupLog(IOptions<MailOptions> options, ILogger<MailSender> logger) : IHostedService
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
}
