using MakCrm.Application.Common;
using MakCrm.Application.Webhooks;
using MakCrm.Domain.Webhooks;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

/// <summary>A webhook subscription (schema <c>WebhookSubscription</c>); its secret is never shown again after it is issued.</summary>
public sealed partial record WebhookSubscription
{
    public static WebhookSubscription From(WebhookSubscriptionDto s) => new(
        s.Id, s.Url, s.Description, s.EventTypes.Select(t => new EventTypeName(t)).ToList(), s.Enabled, s.DisabledReason, s.DisabledAt, s.FailingSince,
        s.OrganizationId, s.ApiClientId, s.CreatedAt, s.UpdatedAt, s.Version);
}

/// <summary>A subscription with its signing secret, shown once (schema <c>WebhookSubscriptionWithSecret</c>).</summary>
public sealed partial record WebhookSubscriptionWithSecret
{
    public static WebhookSubscriptionWithSecret From(Application.Webhooks.WebhookSubscriptionWithSecret s) => new(WebhookSubscription.From(s.Subscription), s.Secret);
}

public sealed partial record WebhookSubscriptionPage
{
    public static WebhookSubscriptionPage From(Page<WebhookSubscriptionDto> page) => new(page.Items.Select(WebhookSubscription.From).ToList(), page.NextCursor);
}

public sealed partial record CreateWebhookRequest
{
    public CreateWebhookCommand ToCommand() => new(Url, EventTypes.Select(t => t.Name).ToList(), Description, Enabled);
}

/// <summary>A JSON merge patch of a subscription.</summary>
public sealed partial record UpdateWebhookRequest
{
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

