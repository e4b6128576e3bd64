using MakCrm.Application.Abstractions.Mail;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Mail;

internal static partial class MailServices
{
    /// <summary>The e-mail outbox, its sender and worker, and the transport (SMTP, or the pickup folder).</summary>
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MailOptions>(configuration.GetSection(MailOptions.Section));
        services.AddScoped<IMailOutbox, MailOutbox>();
        services.AddSingleton<IMailTransport, SmtpMailTransport>();
        services.AddSingleton<MailSender>();
        services.AddHostedService<MailWorker>();
        services.AddHostedService<MailStartupLog>();
        return services;
    }

    /// <summary>Says at start-up where mail goes: the SMTP server, or the pickup folder a developer opens the mails in.</summary>
    private sealed partial class MailStartupLog(IOptions<MailOptions> options, ILogger<MailSender> logger) : IHostedService
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

        [LoggerMessage(Level = LogLevel.Information, Message = "No SMTP server is configured (Mak:Mail:Host): mails are written as .eml files to {PickupDirectory}")]
        private static partial void LogPickup(ILogger logger, string pickupDirectory);

        [LoggerMessage(Level = LogLevel.Information, Message = "Mails are sent through the SMTP server {Host}:{Port}")]
        private static partial void LogSmtp(ILogger logger, string host, int port);
    }
}
