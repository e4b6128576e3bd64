using MakCrm.Application.Abstractions.Mail;
using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Domain.Access;
using MakCrm.Domain.Notifications;
using MakCrm.Domain.Webhooks;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;

namespace MakCrm.Infrastructure.Webhooks;

/// <summary>
/// Stops a subscription whose receiver is gone (410) or has failed for <see cref="FailingFor"/>, and tells the users of
/// its organization who manage webhooks, in the app and by e-mail, in the same transaction: never silently.
/// </summary>
[Scoped]
public sealed class WebhookDisabler(
    MakCrmDbContext db,
    INotificationOutbox notifications,
    IMailOutbox mail,
    MakCrm.Application.Abstractions.Events.IEventWriter events
)
{
    public static readonly TimeSpan FailingFor = TimeSpan.FromDays(5);

    /// <summary>Stops the subscription because its receiver answered 410 Gone.</summary>
    public Task<int> DisableGoneAsync(Guid subscriptionId, DateTimeOffset now, CancellationToken cancellationToken) =>
        DisableAsync(
            subscriptions => subscriptions.Where(s => s.Id == subscriptionId),
            WebhookDisabledReason.Gone,
            now,
            "получатель ответил 410 Gone: адрес больше не принимает события.",
            cancellationToken
        );

    /// <summary>Stops every subscription whose first failure since its last success is <see cref="FailingFor"/>
    /// old.</summary>
    public async Task<int> DisableFailingAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now - FailingFor;
        if (!await db.Set<WebhookSubscription>().AnyAsync(s => s.Enabled && s.FailingSince <= since, cancellationToken))
        {
            return 0; // the usual case: no transaction, no locks
        }

        return await DisableAsync(
            subscriptions => subscriptions.Where(s => s.FailingSince <= since),
            WebhookDisabledReason.Failing,
            now,
            "все попытки доставки не удавались пять дней подряд.",
            cancellationToken
        );
    }

    /// <summary>
    /// Stops the enabled subscriptions chosen, locked for the transaction so that a concurrent change by their owner
    /// waits (and then sees them stopped), through the aggregate, so that the change is audited like the owner's own.
    /// </summary>
    private async Task<int> DisableAsync(
        Func<IQueryable<WebhookSubscription>, IQueryable<WebhookSubscription>> which,
        WebhookDisabledReason reason,
        DateTimeOffset now,
        string why,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var chosen = await which(db.Set<WebhookSubscription>().Where(s => s.Enabled))
            .Select(s => s.Id)
            .ToListAsync(cancellationToken);
        if (chosen.Count == 0)
        {
            return 0;
        }

        var subscriptions = await db.Set<WebhookSubscription>()
            .FromSql(
                $"""
                SELECT * FROM webhook_subscriptions
                WHERE id = ANY({chosen.ToArray()}) AND enabled AND deleted_at IS NULL
                ORDER BY id FOR UPDATE
                """
            )
            .ToListAsync(cancellationToken);
        var stopped = new List<(Guid Id, Guid OrganizationId, string Url)>();
        foreach (var subscription in subscriptions)
        {
            subscription.Stop(reason, now);
            stopped.Add((subscription.Id, subscription.OrganizationId, subscription.Url));
        }

        foreach (var (id, organizationId, url) in stopped)
        {
            var managers = await db
                .Users.AsNoTracking()
                .Where(u =>
                    u.OrganizationId == organizationId
                    && !u.IsDisabled
                    && db.UserRoles.Any(ur =>
                        ur.UserId == u.Id
                        && db.Set<RolePermission>()
                            .Any(rp => rp.RoleId == ur.RoleId && rp.Permission == Permissions.WebhooksManage)
                    )
                )
                .Select(u => new { u.Id, u.Email })
                .ToListAsync(cancellationToken);
            foreach (var manager in managers)
            {
                // The e-mail below goes whatever the preferences say: a subscription never stops silently.
                await notifications.AddAsync(
                    new NotificationDraft(
                        manager.Id,
                        organizationId,
                        NotificationKind.WebhookDisabled,
                        $"Вебхук отключён: {url}",
                        $"Причина: {why}",
                        MailedSeparately: true
                    ),
                    cancellationToken
                );
                if (manager.Email is { Length: > 0 } email)
                {
                    mail.Add(
                        new MailDraft(
                            email,
                            "webhook_disabled",
                            new Dictionary<string, object?>
                            {
                                ["url"] = url,
                                ["reason"] = why,
                                ["subscriptionId"] = id.ToString(),
                            }
                        )
                    );
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await events.WriteRaisedAsync(cancellationToken); // a manager's notification.telegram, in the same transaction
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return stopped.Count;
    }
}
