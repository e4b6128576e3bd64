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
    int Version
) : Contracts.IVersioned
{
    public static WebhookSubscriptionDto From(WebhookSubscription s) =>
        new(
            s.Id,
            s.OrganizationId,
            s.ApiClientId,
            s.Url,
            s.Description,
            s.EventTypes,
            s.Enabled,
            s.DisabledReason,
            s.DisabledAt,
            s.FailingSince,
            s.CreatedAt,
            s.UpdatedAt,
            s.Version
        );
}

/// <summary>A subscription with a secret, which exists in clear text only in this one answer.</summary>
public sealed record WebhookSubscriptionWithSecret(WebhookSubscriptionDto Subscription, string Secret);

public enum WebhookSortField
{
    CreatedAt,
}

public static class WebhookSorts
{
    public static SortCatalog<WebhookSortField, WebhookSubscriptionDto> Subscriptions { get; } =
        new(
            "webhooks",
            "-createdAt",
            ("createdAt", WebhookSortField.CreatedAt, typeof(DateTimeOffset), s => s.CreatedAt)
        );

    public static SortCatalog<WebhookSortField, Contracts.WebhookDelivery> Deliveries { get; } =
        new(
            "webhook_deliveries",
            "-createdAt",
            ("createdAt", WebhookSortField.CreatedAt, typeof(DateTimeOffset), d => d.CreatedAt)
        );
}
