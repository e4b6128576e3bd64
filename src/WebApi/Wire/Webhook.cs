using MakCrm.Application.Webhooks;
using MakCrm.Contracts;
using WebhookSubscriptionWithSecret = MakCrm.Contracts.WebhookSubscriptionWithSecret;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class WebhookMappings
{
    /// <summary>A webhook subscription (schema <c>WebhookSubscription</c>); its secret is never shown again after it is
    /// issued.</summary>
    extension(WebhookSubscription)
    {
        public static WebhookSubscription From(WebhookSubscriptionDto s) =>
            new(
                s.Id,
                s.Url,
                s.Description,
                s.EventTypes.Select(t => new EventTypeName(t)).ToList(),
                s.Enabled,
                s.DisabledReason,
                s.DisabledAt,
                s.FailingSince,
                s.OrganizationId,
                s.ApiClientId,
                s.CreatedAt,
                s.UpdatedAt,
                s.Version
            );
    }

    /// <summary>A subscription with its signing secret, shown once (schema
    /// <c>WebhookSubscriptionWithSecret</c>).</summary>
    extension(WebhookSubscriptionWithSecret)
    {
        public static WebhookSubscriptionWithSecret From(Application.Webhooks.WebhookSubscriptionWithSecret s) =>
            new(WebhookSubscription.From(s.Subscription), s.Secret);
    }

    extension(CreateWebhookRequest request)
    {
        public CreateWebhookCommand ToCommand() =>
            new(request.Url, request.EventTypes.Select(t => t.Name).ToList(), request.Description, request.Enabled);
    }

    /// <summary>A JSON merge patch of a subscription.</summary>
    extension(UpdateWebhookRequest)
    {
        public static UpdateWebhookCommand ToCommand(Guid id, VersionCheck ifMatch, JsonBody<UpdateWebhookRequest> body)
        {
            var patch = body.Value;
            var types = body.Field("eventTypes", patch.EventTypes);
            return new UpdateWebhookCommand(
                id,
                ifMatch,
                body.Field("url", patch.Url),
                types.IsPresent
                    ? Patch<IReadOnlyList<string>>.Of(types.Value.Select(t => t.Name).ToList())
                    : Patch<IReadOnlyList<string>>.Absent,
                body.Field("description", patch.Description),
                body.Field("enabled", patch.Enabled)
            );
        }
    }
}
