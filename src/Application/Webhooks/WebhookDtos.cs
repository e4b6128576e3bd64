using MakCrm.Application.Common;
using MakCrm.Domain.Webhooks;

namespace MakCrm.Application.Webhooks;

public sealed record WebhookSubscriptionDto(
    Guid Id,
    Guid OrganizationId,
    string? ApiClientId,
    string Url,
    string? Description,
    IReadOnlyList<string> EventTypes,
    bool Enabled,
    WebhookDisabledReason? DisabledReason,
    DateTimeOffset? DisabledAt,
    DateTimeOffset? FailingSince,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version) : IVersioned
{
    public static WebhookSubscriptionDto From(WebhookSubscription s) => new(
        s.Id, s.OrganizationId, s.ApiClientId, s.Url, s.Description, s.EventTypes, s.Enabled, s.DisabledReason, s.DisabledAt, s.FailingSince, s.CreatedAt, s.UpdatedAt, s.Version);
}

/// <summary>A subscription with a secret, which exists in clear text only in this one answer.</summary>
public sealed record WebhookSubscriptionWithSecret(WebhookSubscriptionDto Subscription, string Secret);

public enum WebhookDeliveryStatus
{
    /// <summary>Not delivered yet; <c>nextAttemptAt</c> says when it is tried.</summary>
    Pending,
    Succeeded,

    /// <summary>Every attempt failed (or the subscription stopped); only a redelivery or a recovery sends it again.</summary>
    Failed,
}

/// <summary>One message to one subscription, with its attempts, newest first.</summary>
public sealed record WebhookDeliveryDto(
    Guid Id,
    Guid SubscriptionId,
    string MessageId,
    Guid? EventId,
    string EventType,
    WebhookDeliveryStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    IReadOnlyList<WebhookAttemptDto> Attempts);

/// <summary>One HTTP request of a delivery: when, what came back (or why nothing did), how long it took.</summary>
public sealed record WebhookAttemptDto(
    DateTimeOffset AttemptedAt,
    WebhookAttemptTrigger Trigger,
    bool Succeeded,
    int? ResponseStatus,
    int DurationMs,
    string? ResponseBody,
    string? Error);

public enum WebhookAttemptTrigger
{
    Scheduled,
    Redelivery,
    Ping,
}

public enum WebhookSortField
{
    CreatedAt,
}

public static class WebhookSorts
{
    public static SortCatalog<WebhookSortField, WebhookSubscriptionDto> Subscriptions { get; } = new(
        "webhooks",
        "-createdAt",
        ("createdAt", WebhookSortField.CreatedAt, typeof(DateTimeOffset), s => s.CreatedAt));

    public static SortCatalog<WebhookSortField, WebhookDeliveryDto> Deliveries { get; } = new(
        "webhook_deliveries",
        "-createdAt",
        ("createdAt", WebhookSortField.CreatedAt, typeof(DateTimeOffset), d => d.CreatedAt));
}
