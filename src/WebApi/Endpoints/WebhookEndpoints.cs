using MakCrm.Application.Webhooks;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

internal sealed class WebhookEndpoints : IEndpointGroup
{
    private const string Path = "/api/v1/webhooks";

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path);
        group.MapGet("/", List).WithName("listWebhooks");
        group.MapPost("/", Create).WithName("createWebhook");
        group.MapGet("/{id:guid}", Get).WithName("getWebhook");
        group.MapPatch("/{id:guid}", Update).WithName("updateWebhook");
        group.MapDelete("/{id:guid}", Delete).WithName("deleteWebhook");
        group.MapPost("/{id:guid}/secret/rotate", Rotate).WithName("rotateWebhookSecret");
        group.MapGet("/{id:guid}/deliveries", Deliveries).WithName("listWebhookDeliveries");
        group.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/redeliver", Redeliver).WithName("redeliverWebhook");
        group.MapPost("/{id:guid}/recover", Recover).WithName("recoverWebhookDeliveries");
        group.MapPost("/{id:guid}/ping", Ping).WithName("pingWebhook");
    }

    private static async Task<Results<JsonOk<WebhookSubscriptionPage>, ProblemHttpResult>> List(
        IQueryHandler<ListWebhooksQuery, Page<WebhookSubscriptionDto>> handler,
        [AsParameters] ListWebhooksParameters query,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new ListWebhooksQuery(query.Cursor, query.Limit), cancellationToken),
            WebhookSubscriptionPage.From
        );

    private static async Task<Results<JsonCreated<Contracts.WebhookSubscriptionWithSecret>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreateWebhookCommand, Application.Webhooks.WebhookSubscriptionWithSecret> handler,
        Body<CreateWebhookRequest> body,
        CancellationToken cancellationToken
    )
    {
        var result = await handler.Handle(body.Value.ToCommand(), cancellationToken);
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }

        ETag.Write(http.Response, result.Value.Subscription.Version);
        return JsonAnswer.Created(
            $"{Path}/{result.Value.Subscription.Id}",
            Contracts.WebhookSubscriptionWithSecret.From(result.Value)
        );
    }

    private static async Task<Results<JsonOk<Contracts.WebhookSubscription>, ProblemHttpResult>> Get(
        Guid id,
        HttpContext http,
        IQueryHandler<GetWebhookQuery, WebhookSubscriptionDto> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(new GetWebhookQuery(id), cancellationToken),
            Contracts.WebhookSubscription.From
        );

    private static async Task<Results<JsonOk<Contracts.WebhookSubscription>, ProblemHttpResult>> Update(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<UpdateWebhookCommand, WebhookSubscriptionDto> handler,
        Body<UpdateWebhookRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(
                UpdateWebhookRequest.ToCommand(id, ETag.IfMatch(ifMatch), body.Fields),
                cancellationToken
            ),
            Contracts.WebhookSubscription.From
        );

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id,
        ICommandHandler<DeleteWebhookCommand, Unit> handler,
        CancellationToken cancellationToken
    ) => Respond.NoContent(await handler.Handle(new DeleteWebhookCommand(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.WebhookSubscriptionWithSecret>, ProblemHttpResult>> Rotate(
        Guid id,
        ICommandHandler<RotateWebhookSecretCommand, Application.Webhooks.WebhookSubscriptionWithSecret> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new RotateWebhookSecretCommand(id), cancellationToken),
            Contracts.WebhookSubscriptionWithSecret.From
        );

    private static async Task<Results<JsonOk<WebhookDeliveryPage>, ProblemHttpResult>> Deliveries(
        Guid id,
        IQueryHandler<ListWebhookDeliveriesQuery, Page<Contracts.WebhookDelivery>> handler,
        [AsParameters] ListWebhookDeliveriesParameters query,
        CancellationToken cancellationToken
    )
    {
        return Respond.Value(
            await handler.Handle(
                new ListWebhookDeliveriesQuery(id, query.Status?.Value, query.Cursor, query.Limit),
                cancellationToken
            ),
            WebhookDeliveryPage.From
        );
    }

    private static async Task<Results<JsonOk<Contracts.WebhookDelivery>, ProblemHttpResult>> Redeliver(
        Guid id,
        Guid deliveryId,
        ICommandHandler<RedeliverWebhookCommand, Contracts.WebhookDelivery> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new RedeliverWebhookCommand(id, deliveryId), cancellationToken));

    private static async Task<Results<JsonOk<WebhookRecovery>, ProblemHttpResult>> Recover(
        Guid id,
        ICommandHandler<RecoverWebhookDeliveriesCommand, int> handler,
        Body<RecoverWebhookRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new RecoverWebhookDeliveriesCommand(id, body.Value.Since), cancellationToken),
            count => new WebhookRecovery(count)
        );

    private static async Task<Results<JsonOk<Contracts.WebhookDelivery>, ProblemHttpResult>> Ping(
        Guid id,
        ICommandHandler<PingWebhookCommand, Contracts.WebhookDelivery> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new PingWebhookCommand(id), cancellationToken));
}
