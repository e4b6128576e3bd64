namespace MakCrm.Application.Webhooks;

public sealed record ListWebhookDeliveriesQuery(
    Guid SubscriptionId,
    Contracts.WebhookDeliveryStatus? Status,
    string? Cursor,
    int? Limit
) : IQuery<Page<Contracts.WebhookDelivery>>;

/// <summary>Sends one delivery again now; the attempt is recorded in the unit of work after the HTTP call.</summary>
public sealed record RedeliverWebhookCommand(Guid SubscriptionId, Guid DeliveryId)
    : ICommand<Contracts.WebhookDelivery>;

public sealed record RecoverWebhookDeliveriesCommand(Guid SubscriptionId, DateTimeOffset Since) : ICommand<int>;

/// <summary>Sends a test message now; it and its attempt are recorded in the unit of work after the call.</summary>
public sealed record PingWebhookCommand(Guid SubscriptionId) : ICommand<Contracts.WebhookDelivery>;

internal sealed class ListWebhookDeliveriesValidator : AbstractValidator<ListWebhookDeliveriesQuery>
{
    public ListWebhookDeliveriesValidator()
    {
        RuleFor(q => q.Limit).ValidLimit();
        RuleFor(q => q.Status).DefinedOrNull();
    }
}

internal sealed class ListWebhookDeliveriesHandler(
    IWebhookRepository webhooks,
    IWebhookDeliveries deliveries,
    ICurrentActor actor
) : IQueryHandler<ListWebhookDeliveriesQuery, Page<Contracts.WebhookDelivery>>
{
    public async Task<Result<Page<Contracts.WebhookDelivery>>> Handle(
        ListWebhookDeliveriesQuery query,
        CancellationToken cancellationToken
    )
    {
        if (await webhooks.FindAsync(query.SubscriptionId, actor.OrganizationId, cancellationToken) is null)
        {
            return WebhookRules.NotFound(query.SubscriptionId);
        }

        var paging = ListPaging.Prepare(WebhookSorts.Deliveries, null, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var rows = await deliveries.ListAsync(query.SubscriptionId, query.Status, after, limit + 1, cancellationToken);
        return ListPaging.ToPage(WebhookSorts.Deliveries, sort, rows, limit, d => d.Id);
    }
}

internal sealed class RedeliverWebhookHandler(
    IWebhookRepository webhooks,
    IWebhookDeliveries deliveries,
    ICurrentActor actor
) : ICommandHandler<RedeliverWebhookCommand, Contracts.WebhookDelivery>
{
    public async Task<Result<Contracts.WebhookDelivery>> Handle(
        RedeliverWebhookCommand command,
        CancellationToken cancellationToken
    )
    {
        if (await webhooks.FindAsync(command.SubscriptionId, actor.OrganizationId, cancellationToken) is null)
        {
            return WebhookRules.NotFound(command.SubscriptionId);
        }

        return
            await deliveries.RedeliverAsync(command.SubscriptionId, command.DeliveryId, cancellationToken)
                is { } delivery
            ? delivery
            : new Error(
                ErrorCodes.NotFound,
                $"Delivery {command.DeliveryId} of this subscription was not found.",
                ErrorKind.NotFound
            );
    }
}

internal sealed class RecoverWebhookDeliveriesHandler(
    IWebhookRepository webhooks,
    IWebhookDeliveries deliveries,
    ICurrentActor actor
) : ICommandHandler<RecoverWebhookDeliveriesCommand, int>
{
    public async Task<Result<int>> Handle(RecoverWebhookDeliveriesCommand command, CancellationToken cancellationToken)
    {
        if (
            await webhooks.FindAsync(command.SubscriptionId, actor.OrganizationId, cancellationToken)
            is not { } subscription
        )
        {
            return WebhookRules.NotFound(command.SubscriptionId);
        }

        if (!subscription.Enabled)
        {
            return Disabled();
        }

        return await deliveries.RecoverAsync(command.SubscriptionId, command.Since, cancellationToken);
    }

    internal static Error Disabled() =>
        new(
            ErrorCodes.WebhookSubscriptionDisabled,
            "The subscription is disabled: enable it with PATCH first.",
            ErrorKind.Conflict
        );
}

internal sealed class PingWebhookHandler(
    IWebhookRepository webhooks,
    IWebhookDeliveries deliveries,
    ICurrentActor actor
) : ICommandHandler<PingWebhookCommand, Contracts.WebhookDelivery>
{
    public async Task<Result<Contracts.WebhookDelivery>> Handle(
        PingWebhookCommand command,
        CancellationToken cancellationToken
    ) =>
        await webhooks.FindAsync(command.SubscriptionId, actor.OrganizationId, cancellationToken) is null
            ? WebhookRules.NotFound(command.SubscriptionId)
            : await deliveries.PingAsync(command.SubscriptionId, cancellationToken);
}
