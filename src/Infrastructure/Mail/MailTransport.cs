using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Mail;

/// <summary>Hands one mail to the mail server; throws when the server does not take it.</summary>
public interface IMailTransport
{
    Task SendAsync(Guid id, string to, RenderedMail mail, CancellationToken cancellationToken);
}

/// <summary>
/// Sends with <see cref="SmtpClient"/>: to <c>Mak:Mail:Host</c>, or, with no host configured, as an <c>.eml</c> file
/// into
/// <c>Mak:Mail:PickupDirectory</c>. Each mail is a multipart/alternative message (plain text, then HTML) in UTF-8 and
/// carries its outbox id in <c>X-Mak-Mail-Id</c>.
/// </summary>
[Singleton]
internal sealed class SmtpMailTransport(IOptions<MailOptions> options) : IMailTransport
{
    public const string MailIdHeader = "X-Mak-Mail-Id";

    public async Task SendAsync(Guid id, string to, RenderedMail mail, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var message = new MailMessage(MailAddress(settings.From), MailAddress(to))
        {
            Subject = mail.Subject,
            SubjectEncoding = Encoding.UTF8,
            Body = mail.Text,
            BodyEncoding = Encoding.UTF8,
            BodyTransferEncoding = TransferEncoding.QuotedPrintable,
            HeadersEncoding = Encoding.UTF8,
        };
        message.Headers.Add(MailIdHeader, id.ToString());
        var html = AlternateView.CreateAlternateViewFromString(mail.Html, Encoding.UTF8, MediaTypeNames.Text.Html);
        html.TransferEncoding = TransferEncoding.QuotedPrintable;
        message.AlternateViews.Add(html);

        using var smtp = settings.UsesPickupDirectory
            ? new SmtpClient
            {
                DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory,
                PickupDirectoryLocation = EnsureDirectory(settings.PickupDirectory),
            }
            : new SmtpClient(settings.Host, settings.Port)
            {
                EnableSsl = settings.EnableSsl,
                DeliveryMethod = SmtpDeliveryMethod.Network,
            };
        smtp.Timeout = (int)settings.SendTimeout.TotalMilliseconds;
        if (!settings.UsesPickupDirectory && !string.IsNullOrEmpty(settings.UserName))
        {
            smtp.Credentials = new NetworkCredential(settings.UserName, settings.Password);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.SendTimeout);
        await smtp.SendMailAsync(message, timeout.Token);
    }

    private static MailAddress MailAddress(string address) => new(address, null, Encoding.UTF8);

    private static string EnsureDirectory(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(full);
        return full;
    }
}
