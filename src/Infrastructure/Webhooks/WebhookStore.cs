using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Application.Webhooks;
using MakCrm.Domain.Webhooks;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.Repositories;
using MakCrm.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Webhooks;

internal sealed class WebhookRepository(MakCrmDbContext db) : IWebhookRepository
{
    public void Add(WebhookSubscription subscription) => db.Set<WebhookSubscription>().Add(subscription);

    public Task<WebhookSubscription?> FindAsync(Guid id, Guid organizationId, CancellationToken cancellationToken) =>
        db.Set<WebhookSubscription>()
            .FirstOrDefaultAsync(s => s.Id == id && s.OrganizationId == organizationId, cancellationToken);

    public async Task<IReadOnlyList<WebhookSubscriptionDto>> ListAsync(
        Guid organizationId,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    ) =>
        (
            await db.Set<WebhookSubscription>()
                .AsNoTracking()
                .Where(s => s.OrganizationId == organizationId)
                .Page(s => s.CreatedAt, true, after, take)
                .ToListAsync(cancellationToken)
        )
            .Select(WebhookSubscriptionDto.From)
            .ToList();
}

/// <summary>Secrets encrypted with the key-encryption key, as idempotency answers are; added to the unit of
/// work.</summary>
internal sealed class WebhookSecretStore(MakCrmDbContext db, TimeProvider clock, IOptions<AccessTokenOptions> keys)
    : IWebhookSecrets
{
    private readonly KeyEncryption _encryption = new(keys.Value.KeyEncryptionKey);

    public string Issue(Guid subscriptionId)
    {
        var key = WebhookSigning.NewKey();
        db.Set<WebhookSecretRow>()
            .Add(
                new WebhookSecretRow
                {
                    Id = clock.NewId(),
                    SubscriptionId = subscriptionId,
                    Secret = _encryption.Encrypt(key),
                    CreatedAt = clock.UtcNowMicroseconds(),
                }
            );
        return WebhookSigning.Show(key);
    }

    public async Task<string> RotateAsync(Guid subscriptionId, TimeSpan overlap, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowMicroseconds();
        var secrets = await db.Set<WebhookSecretRow>()
            .Where(s => s.SubscriptionId == subscriptionId)
            .ToListAsync(cancellationToken);
        foreach (var secret in secrets)
        {
            if (secret.ExpiresAt is null)
            {
                secret.ExpiresAt = now + overlap;
            }
            else if (secret.ExpiresAt > now)
            {
                // Only the secret rotated out now keeps signing: an older one ends at once, so at most two sign.
                secret.ExpiresAt = now;
            }
        }

        db.Set<WebhookSecretRow>().RemoveRange(secrets.Where(s => s.ExpiresAt <= now));
        return Issue(subscriptionId);
    }
}

/// <summary>
/// The delivery log (read through EF) and the tools that send again (through <see cref="WebhookDeliverer"/>), which
/// record what they sent in the command's unit of work and stop a subscription whose receiver is gone after it commits.
/// </summary>
internal sealed class WebhookDeliveryLog(
    MakCrmDbContext db,
    WebhookDeliverer deliverer,
    IUnitOfWork unitOfWork,
    TimeProvider clock
) : IWebhookDeliveries
{
    public async Task<IReadOnlyList<Contracts.WebhookDelivery>> ListAsync(
        Guid subscriptionId,
        Contracts.WebhookDeliveryStatus? status,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    )
    {
        var query = db.Set<WebhookDeliveryRow>().AsNoTracking().Where(d => d.SubscriptionId == subscriptionId);
        if (status is { } wanted)
        {
            var stored = Domain.Common.SnakeCaseNames.Of(wanted);
            query = query.Where(d => d.Status == stored);
        }

        return await WithAttemptsAsync(query.Page(d => d.CreatedAt, d => d.Id, true, after, take), cancellationToken);
    }

    public async Task<Contracts.WebhookDelivery?> RedeliverAsync(
        Guid subscriptionId,
        Guid deliveryId,
        CancellationToken cancellationToken
    )
    {
        var connection = Transactional.Connection(db, "Sending a delivery again");
        if (await deliverer.RedeliverAsync(subscriptionId, deliveryId, connection, cancellationToken) is not { } gone)
        {
            return null;
        }

        StopAfterCommit(gone);
        return await OneAsync(subscriptionId, deliveryId, cancellationToken);
    }

    public Task<int> RecoverAsync(Guid subscriptionId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowMicroseconds();
        return db.Set<WebhookDeliveryRow>()
            .Where(d =>
                d.SubscriptionId == subscriptionId && d.Status == "failed" && d.EventId != null && d.CreatedAt >= since
            )
            .ExecuteUpdateAsync(
                s =>
                    s.SetProperty(d => d.Status, "pending")
                        .SetProperty(d => d.Attempts, 0)
                        .SetProperty(d => d.NextAttemptAt, now)
                        .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null),
                cancellationToken
            );
    }

    public async Task<Contracts.WebhookDelivery> PingAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        var connection = Transactional.Connection(db, "A ping");
        var (id, gone) = await deliverer.PingAsync(subscriptionId, connection, cancellationToken);
        StopAfterCommit(gone);
        return (await OneAsync(subscriptionId, id, cancellationToken))!;
    }

    private void StopAfterCommit(IReadOnlyList<WebhookDeliverer.GoneReceiver> gone)
    {
        if (gone.Count > 0)
        {
            unitOfWork.AfterCommit(() => deliverer.StopGoneAsync(gone, CancellationToken.None));
        }
    }

    private async Task<Contracts.WebhookDelivery?> OneAsync(
        Guid subscriptionId,
        Guid deliveryId,
        CancellationToken cancellationToken
    ) =>
        (
            await WithAttemptsAsync(
                db.Set<WebhookDeliveryRow>()
                    .AsNoTracking()
                    .Where(d => d.Id == deliveryId && d.SubscriptionId == subscriptionId),
                cancellationToken
            )
        ).FirstOrDefault();

    private async Task<IReadOnlyList<Contracts.WebhookDelivery>> WithAttemptsAsync(
        IQueryable<WebhookDeliveryRow> deliveries,
        CancellationToken cancellationToken
    )
    {
        var rows = await deliveries
            .Select(d => new
            {
                d.Id,
                d.SubscriptionId,
                d.MessageId,
                d.EventId,
                d.EventType,
                d.Status,
                d.CreatedAt,
                d.NextAttemptAt,
            })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var attempts = (
            await db.Set<WebhookAttemptRow>()
                .AsNoTracking()
                .Where(a => ids.Contains(a.DeliveryId))
                .ToListAsync(cancellationToken)
        ).ToLookup(a => a.DeliveryId);
        return rows.Select(r => new Contracts.WebhookDelivery(
                r.Id,
                r.SubscriptionId,
                r.MessageId,
                r.EventId,
                r.EventType,
                Enum.Parse<Contracts.WebhookDeliveryStatus>(r.Status, ignoreCase: true),
                r.CreatedAt,
                r.NextAttemptAt,
                attempts[r.Id]
                    .OrderByDescending(a => a.AttemptedAt)
                    .Select(a => new Contracts.WebhookAttempt(
                        a.AttemptedAt,
                        Enum.Parse<Contracts.WebhookAttemptTrigger>(a.Trigger, ignoreCase: true),
                        a.Succeeded,
                        a.ResponseStatus,
                        a.DurationMs,
                        a.ResponseBody,
                        a.Error
                    ))
                    .ToList()
            ))
            .ToList();
    }
}

[Singleton]
internal sealed class WebhookTargetPolicy(IOptions<WebhookOptions> options) : IWebhookTargetPolicy
{
    public bool AllowPrivateTargets => options.Value.AllowPrivateTargets;
}
