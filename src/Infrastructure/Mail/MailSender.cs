using MakCrm.Infrastructure.Observability;
using MakCrm.Infrastructure.Sms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MakCrm.Infrastructure.Mail;

/// <summary>
/// Sends the outbox, mail through the mail server and SMS through the SMS provider. A round claims a batch of due
/// mails in one statement — <c>FOR UPDATE SKIP LOCKED</c> under a lease
/// (<c>lease_owner</c>, <c>lease_expires_at</c>), the way imports are claimed — so senders on several instances never
/// take the same mail; then it sends each and marks it sent, or, when the server refused it, schedules the next attempt
/// with a doubling wait, until <see cref="MailOptions.MaxAttempts"/> make it <c>failed</c>. Every mark matches only
/// while this sender still holds the lease. A sender that dies leaves its lease to run out, and the mails it had not
/// marked are claimed again: none is lost. The lease outlasts the sending of the whole batch (see
/// <see cref="MailOptions.Lease"/>), and a sender stops before a send that could end past it, so a live sender's mail
/// is never claimed by another one: none is sent twice.
/// </summary>
[Singleton]
public sealed partial class MailSender(
    NpgsqlDataSource dataSource,
    IMailTransport transport,
    ISmsGateway sms,
    IOptions<MailOptions> options,
    TimeProvider clock,
    ILogger<MailSender> logger
)
{
    private const string ClaimSql = $"""
        UPDATE mail_outbox
        SET lease_owner = $1, lease_expires_at = $2, attempts = attempts + 1
        WHERE id IN (SELECT id FROM mail_outbox
                     WHERE status = '{OutboxMail.Pending}' AND next_attempt_at <= $3 AND (lease_expires_at IS NULL OR
                         lease_expires_at < $3)
                     ORDER BY next_attempt_at, id
                     LIMIT $4
                     FOR UPDATE SKIP LOCKED)
        RETURNING id, to_address, template, "values"::text, attempts, channel
        """;

    private const string SentSql = $"""
        UPDATE mail_outbox
        SET status = '{OutboxMail.Sent}', sent_at = $3, lease_owner = NULL, lease_expires_at = NULL, "values" =
            jsonb_build_object(), last_error = NULL
        WHERE id = $1 AND lease_owner = $2
        """;

    private const string RetrySql = """
        UPDATE mail_outbox
        SET next_attempt_at = $3, lease_owner = NULL, lease_expires_at = NULL, last_error = $4
        WHERE id = $1 AND lease_owner = $2
        """;

    private const string FailedSql = $"""
        UPDATE mail_outbox
        SET status = '{OutboxMail.Failed}', lease_owner = NULL, lease_expires_at = NULL, "values" =
            jsonb_build_object(), last_error = $3
        WHERE id = $1 AND lease_owner = $2
        """;

    /// <summary>Names this sender in leases: the host, the process and this object.</summary>
    public string SenderId { get; } =
        $"{Environment.MachineName[..Math.Min(100, Environment.MachineName.Length)]}/"
        + $"{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Claims and sends one batch of due mails: how many it claimed, and whether the batch was full (more may
    /// wait).</summary>
    public async Task<(int Claimed, bool More)> SendDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var leaseEnds = now + settings.Lease;
        var claimed = new List<ClaimedMail>();
        await using (var claim = dataSource.CreateCommand(ClaimSql))
        {
            claim.Parameters.Add(new NpgsqlParameter { Value = SenderId });
            claim.Parameters.Add(new NpgsqlParameter { Value = leaseEnds });
            claim.Parameters.Add(new NpgsqlParameter { Value = now });
            claim.Parameters.Add(new NpgsqlParameter { Value = settings.BatchSize });
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(
                    new ClaimedMail(
                        reader.GetGuid(0),
                        reader.GetString(1),
                        reader.GetString(2),
                        reader.GetString(3),
                        reader.GetInt32(4),
                        reader.GetString(5)
                    )
                );
            }
        }

        foreach (var mail in claimed)
        {
            if (clock.GetUtcNow() + settings.SendTimeout >= leaseEnds)
            {
                // Not enough of the lease is left to be sure the send ends within it: the rest is claimed again later.
                break;
            }

            await SendAsync(mail, settings, cancellationToken);
        }

        return (claimed.Count, claimed.Count == settings.BatchSize);
    }

    private async Task SendAsync(ClaimedMail mail, MailOptions settings, CancellationToken cancellationToken)
    {
        try
        {
            if (mail.Channel == OutboxMail.Sms)
            {
                await sms.SendAsync(mail.Id, mail.To, MailTemplates.RenderSms(mail.Template, mail.Values),
                    cancellationToken);
            }
            else
            {
                var rendered = MailTemplates.Render(mail.Template, mail.Values, settings.CabinetUrl);
                await transport.SendAsync(mail.Id, mail.To, rendered, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = $"{ex.GetType().Name}: {ex.Message}" is var text && text.Length > 2000 ? text[..2000] : text;
            if (mail.Attempts >= settings.MaxAttempts)
            {
                LogGaveUp(logger, ex, mail.Id, mail.Template, mail.Attempts);
                await MarkAsync(FailedSql, mail.Id, [error]);
                MakMetrics.MailSent("failed");
            }
            else
            {
                var next = clock.GetUtcNow() + settings.RetryAfter(mail.Attempts);
                LogRetry(logger, mail.Id, mail.Template, mail.Attempts, next, error);
                await MarkAsync(RetrySql, mail.Id, [next, error]);
                MakMetrics.MailSent("retry");
            }

            return;
        }

        await MarkAsync(SentSql, mail.Id, [clock.GetUtcNow()]);
        MakMetrics.MailSent("sent");
    }

    // A mark is not cancelled with the round: the mail is sent, and leaving it unmarked would send it again.
    private async Task MarkAsync(string sql, Guid id, object[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = SenderId });
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private sealed record ClaimedMail(
        Guid Id,
        string To,
        string Template,
        string Values,
        int Attempts,
        string Channel
    );

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Mail {MailId} ({Template}) was not sent (attempt {Attempts}); next attempt at {NextAttemptAt}: "
            + "{Error}"
    )]
    private static partial void LogRetry(
        ILogger logger,
        Guid mailId,
        string template,
        int attempts,
        DateTimeOffset nextAttemptAt,
        string error
    );

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "Mail {MailId} ({Template}) was given up after {Attempts} attempts."
    )]
    private static partial void LogGaveUp(
        ILogger logger,
        Exception exception,
        Guid mailId,
        string template,
        int attempts
    );
}
