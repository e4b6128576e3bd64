using MakCrm.Application.Webhooks;
using MakCrm.Domain.Webhooks;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>Webhook subscriptions, always of one owner organization: another organization's is not found.</summary>
public interface IWebhookRepository
{
    void Add(WebhookSubscription subscription);

    Task<WebhookSubscription?> FindAsync(Guid id, Guid organizationId, CancellationToken cancellationToken);

    /// <summary>A page of the organization's subscriptions, newest first (<see cref="WebhookSorts"/>).</summary>
    Task<IReadOnlyList<WebhookSubscriptionDto>> ListAsync(
        Guid organizationId,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    );
}

/// <summary>
/// A subscription's signing secrets, stored encrypted (signing needs them in clear). A new secret exists in clear only
/// in the answer that issued it.
/// </summary>
public interface IWebhookSecrets
{
    /// <summary>A new <c>whsec_</c> secret for a new subscription, saved with the unit of work.</summary>
    string Issue(Guid subscriptionId);

    /// <summary>A new secret; the current one stays valid (and signs too) for <paramref name="overlap"/>, older ones
    /// end now.</summary>
    Task<string> RotateAsync(Guid subscriptionId, TimeSpan overlap, CancellationToken cancellationToken);
}

/// <summary>The deliveries of a subscription: the log, and sending again.</summary>
public interface IWebhookDeliveries
{
    /// <summary>A page of the subscription's deliveries, newest first, each with its attempts.</summary>
    Task<IReadOnlyList<Contracts.WebhookDelivery>> ListAsync(
        Guid subscriptionId,
        Contracts.WebhookDeliveryStatus? status,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// One attempt of the delivery now, recorded in the unit of work once the receiver answered; <c>null</c> when there
    /// is no such delivery.
    /// </summary>
    Task<Contracts.WebhookDelivery?> RedeliverAsync(
        Guid subscriptionId,
        Guid deliveryId,
        CancellationToken cancellationToken
    );

    /// <summary>Schedules every failed delivery created since <paramref name="since"/> again, now; how many.</summary>
    Task<int> RecoverAsync(Guid subscriptionId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Sends a <c>webhook.ping</c> message now, signed like every delivery, and records it.</summary>
    Task<Contracts.WebhookDelivery> PingAsync(Guid subscriptionId, CancellationToken cancellationToken);
}

/// <summary>Whether webhooks may target private addresses on this installation (a local demo, tests).</summary>
public interface IWebhookTargetPolicy
{
    bool AllowPrivateTargets { get; }
}
