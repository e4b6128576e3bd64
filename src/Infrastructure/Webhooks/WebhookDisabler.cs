using MakCrm.Application.Abstractions.Mail;
using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Domain.Access;
using MakCrm.Domain.Notifications;
using MakCrm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MakCrm.Infrastructure.Webhooks;

/// <summary>
/// Stops a subscription whose receiver is gone (410) or has failed for <see cref="FailingFor"/>, and tells the users of
/// its organization who manage webhooks, in the app and by e-mail, in the same transaction: never silently.
/// </summary>
public sealed class WebhookDisabler(MakCrmDbContext db, INotificationOutbox notifications, IMailOutbox mail)
{
    public static readonly TimeSpan FailingFor = TimeSpan.FromDays(5);

    private const string Stop = """
        UPDATE webhook_subscriptions SET enabled = false, disabled_reason = $1, disabled_at = $2, updated_at = $2, version = version + 1
        WHERE enabled AND deleted_at IS NULL
        """;

    /// <summary>Stops the subscription because its receiver answered 410 Gone.</summary>
    public Task<int> DisableGoneAsync(Guid subscriptionId, DateTimeOffset now, CancellationToken cancellationToken) =>
        DisableAsync($"{Stop} AND id = $3 RETURNING id, organization_id, url", "gone", now, SqlParameters.Uuid(subscriptionId),
            "получатель ответил 410 Gone: адрес больше не принимает события.", cancellationToken);

    /// <summary>Stops every subscription whose first failure since its last success is <see cref="FailingFor"/> old.</summary>
    public Task<int> DisableFailingAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        DisableAsync($"{Stop} AND failing_since <= $3 RETURNING id, organization_id, url", "failing", now, SqlParameters.Instant(now - FailingFor),
            "все попытки доставки не удавались пять дней подряд.", cancellationToken);

    private async Task<int> DisableAsync(string sql, string reason, DateTimeOffset now, NpgsqlParameter condition, string why, CancellationToken cancellationToken)
    {
        if (reason == "failing" && !await db.Set<Domain.Webhooks.WebhookSubscription>().AnyAsync(s => s.Enabled && s.FailingSince <= now - FailingFor, cancellationToken))
        {
            return 0; // the usual case: no transaction, no locks
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // What the transaction writes, locked first and in name order, so that it never deadlocks with a statement that
        // locks many tables in that order.
        await db.Database.ExecuteSqlRawAsync("LOCK TABLE mail_outbox, notifications, webhook_subscriptions IN ROW EXCLUSIVE MODE", cancellationToken);
        var stopped = new List<(Guid Id, Guid OrganizationId, string Url)>();
        await using (var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection()))
        {
            command.Parameters.Add(SqlParameters.Text(reason));
            command.Parameters.Add(SqlParameters.Instant(now));
            command.Parameters.Add(condition);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                stopped.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2)));
            }
        }

        foreach (var (id, organizationId, url) in stopped)
        {
            var managers = await db.Users.AsNoTracking()
                .Where(u => u.OrganizationId == organizationId && !u.IsDisabled
                    && db.UserRoles.Any(ur => ur.UserId == u.Id && db.RolePermissions.Any(rp => rp.RoleId == ur.RoleId && rp.Permission == Permissions.WebhooksManage)))
                .Select(u => new { u.Id, u.Email })
                .ToListAsync(cancellationToken);
            foreach (var manager in managers)
            {
                // The e-mail below goes whatever the preferences say: a subscription never stops silently.
                await notifications.AddAsync(
                    new NotificationDraft(manager.Id, organizationId, NotificationKind.WebhookDisabled, $"Вебхук отключён: {url}", $"Причина: {why}", MailedSeparately: true),
                    cancellationToken);
                if (manager.Email is { Length: > 0 } email)
                {
                    mail.Add(new MailDraft(email, "webhook_disabled", new Dictionary<string, object?>
                    {
                        ["url"] = url,
                        ["reason"] = why,
                        ["subscriptionId"] = id.ToString(),
                    }));
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return stopped.Count;
    }
}
