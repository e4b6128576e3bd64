using MakCrm.Application.Common;
using MakCrm.Application.Webhooks;
using MakCrm.Domain.Webhooks;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

/// <summary>A webhook subscription (schema <c>WebhookSubscription</c>); its secret is never shown again after it is issued.</summary>
public sealed record WebhookSubscription(
    Guid Id,
    string Url,
    string? Description,
    IReadOnlyList<EventTypeName> EventTypes,
    bool Enabled,
    WebhookDisabledReason? DisabledReason,
    DateTimeOffset? DisabledAt,
    DateTimeOffset? FailingSince,
    Guid OrganizationId,
    string? ApiClientId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version)
{
    public static WebhookSubscription From(WebhookSubscriptionDto s) => new(
        s.Id, s.Url, s.Description, s.EventTypes.Select(t => new EventTypeName(t)).ToList(), s.Enabled, s.DisabledReason, s.DisabledAt, s.FailingSince,
        s.OrganizationId, s.ApiClientId, s.CreatedAt, s.UpdatedAt, s.Version);
}

/// <summary>A subscription with its signing secret, shown once (schema <c>WebhookSubscriptionWithSecret</c>).</summary>
public sealed record WebhookSubscriptionWithSecret(WebhookSubscription Subscription, string Secret)
{
    public static WebhookSubscriptionWithSecret From(Application.Webhooks.WebhookSubscriptionWithSecret s) => new(WebhookSubscription.From(s.Subscription), s.Secret);
}

public sealed record WebhookSubscriptionPage(IReadOnlyList<WebhookSubscription> Items, string? NextCursor)
{
    public static WebhookSubscriptionPage From(Page<WebhookSubscriptionDto> page) => new(page.Items.Select(WebhookSubscription.From).ToList(), page.NextCursor);
}

public sealed record CreateWebhookRequest
{
    public required string Url { get; init; }

    public required IReadOnlyList<EventTypeName> EventTypes { get; init; }

    public string? Description { get; init; }

    /// <summary><c>true</c> when left out.</summary>
    public bool Enabled { get; init; } = true;

    public CreateWebhookCommand ToCommand() => new(Url, EventTypes.Select(t => t.Name).ToList(), Description, Enabled);
}

/// <summary>A JSON merge patch of a subscription.</summary>
public sealed record UpdateWebhookRequest
{
    public string Url { get; init; } = "";

    public IReadOnlyList<EventTypeName> EventTypes { get; init; } = [];

    public string? Description { get; init; }

    public bool Enabled { get; init; }

    public static UpdateWebhookCommand ToCommand(Guid id, VersionCheck ifMatch, JsonBody<UpdateWebhookRequest> body)
    {
        var patch = body.Value;
        var types = body.Field("eventTypes", patch.EventTypes);
        return new UpdateWebhookCommand(
            id,
            ifMatch,
            body.Field("url", patch.Url),
            types.IsPresent ? Patch<IReadOnlyList<string>>.Of(types.Value.Select(t => t.Name).ToList()) : Patch<IReadOnlyList<string>>.Absent,
            body.Field("description", patch.Description),
            body.Field("enabled", patch.Enabled));
    }
}

public sealed record WebhookAttempt(DateTimeOffset AttemptedAt, WebhookAttemptTrigger Trigger, bool Succeeded, int? ResponseStatus, int DurationMs, string? ResponseBody, string? Error);

/// <summary>One message to a subscription with its attempts, newest first (schema <c>WebhookDelivery</c>).</summary>
public sealed record WebhookDelivery(
    Guid Id, Guid SubscriptionId, string MessageId, Guid? EventId, string EventType, WebhookDeliveryStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, IReadOnlyList<WebhookAttempt> Attempts)
{
    public static WebhookDelivery From(WebhookDeliveryDto d) => new(
        d.Id, d.SubscriptionId, d.MessageId, d.EventId, d.EventType, d.Status, d.CreatedAt, d.NextAttemptAt,
        d.Attempts.Select(a => new WebhookAttempt(a.AttemptedAt, a.Trigger, a.Succeeded, a.ResponseStatus, a.DurationMs, a.ResponseBody, a.Error)).ToList());
}

public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDelivery> Items, string? NextCursor)
{
    public static WebhookDeliveryPage From(Page<WebhookDeliveryDto> page) => new(page.Items.Select(WebhookDelivery.From).ToList(), page.NextCursor);
}

public sealed record RecoverWebhookRequest
{
    public required DateTimeOffset Since { get; init; }
}

/// <summary>How many failed deliveries were scheduled again (schema <c>WebhookRecovery</c>).</summary>
public sealed record WebhookRecovery(int Scheduled);
