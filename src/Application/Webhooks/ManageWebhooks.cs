using MakCrm.Domain.Events;
using MakCrm.Domain.Webhooks;

namespace MakCrm.Application.Webhooks;

public sealed record CreateWebhookCommand(
    string Url,
    IReadOnlyList<string> EventTypes,
    string? Description,
    bool? Enabled
) : ICommand<WebhookSubscriptionWithSecret>;

/// <summary>A JSON merge patch of a subscription.</summary>
public sealed record UpdateWebhookCommand(
    Guid Id,
    VersionCheck IfMatch,
    Patch<string> Url,
    Patch<IReadOnlyList<string>> EventTypes,
    Patch<string?> Description,
    Patch<bool> Enabled
) : ICommand<WebhookSubscriptionDto>;

public sealed record DeleteWebhookCommand(Guid Id) : ICommand<Unit>;

public sealed record RotateWebhookSecretCommand(Guid Id) : ICommand<WebhookSubscriptionWithSecret>;

public sealed record GetWebhookQuery(Guid Id) : IQuery<WebhookSubscriptionDto>;

public sealed record ListWebhooksQuery(string? Cursor, int? Limit) : IQuery<Page<WebhookSubscriptionDto>>;

internal static class WebhookRules
{
    /// <summary>How long a rotated-out secret still signs and verifies.</summary>
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    public static IRuleBuilderOptions<T, string?> ValidWebhookUrl<T>(
        this IRuleBuilder<T, string?> rule,
        IWebhookTargetPolicy policy
    ) =>
        rule.NotEmpty()
            .MaximumLength(WebhookSubscription.MaxUrlLength)
            .Must(
                (_, url, context) =>
                {
                    if (url is null || WebhookTargets.Refusal(url, policy.AllowPrivateTargets) is not { } refusal)
                    {
                        return true;
                    }

                    context.MessageFormatter.AppendArgument("Refusal", refusal);
                    return false;
                }
            )
            .WithMessage("{Refusal}");

    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> ValidEventTypes<T>(
        this IRuleBuilder<T, IReadOnlyList<string>?> rule
    ) =>
        rule.NotEmpty()
            .WithMessage("Name at least one event type.")
            .Must(types => types is null || types.All(t => EventTypes.Find(t) is not null))
            .WithMessage("Use event types of the catalogue (the EventType schema).");

    public static Error NotFound(Guid id) =>
        new(ErrorCodes.NotFound, $"Webhook subscription {id} was not found.", ErrorKind.NotFound);
}

internal sealed class CreateWebhookValidator : AbstractValidator<CreateWebhookCommand>
{
    public CreateWebhookValidator(IWebhookTargetPolicy policy)
    {
        RuleFor(c => c.Url).ValidWebhookUrl(policy);
        RuleFor(c => c.EventTypes).ValidEventTypes();
        RuleFor(c => c.Description).OptionalText(WebhookSubscription.MaxDescriptionLength);
    }
}

internal sealed class UpdateWebhookValidator : AbstractValidator<UpdateWebhookCommand>
{
    public UpdateWebhookValidator(IWebhookTargetPolicy policy)
    {
        When(
            c => c.Url.IsPresent,
            () => RuleFor(c => (string?)c.Url.Value).ValidWebhookUrl(policy).OverridePropertyName("url")
        );
        When(
            c => c.EventTypes.IsPresent,
            () =>
                RuleFor(c => (IReadOnlyList<string>?)c.EventTypes.Value)
                    .ValidEventTypes()
                    .OverridePropertyName("eventTypes")
        );
        When(
            c => c.Description.IsPresent,
            () =>
                RuleFor(c => c.Description.Value)
                    .OptionalText(WebhookSubscription.MaxDescriptionLength)
                    .OverridePropertyName("description")
        );
    }
}

internal sealed class CreateWebhookHandler(
    IWebhookRepository webhooks,
    IWebhookSecrets secrets,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<CreateWebhookCommand, WebhookSubscriptionWithSecret>
{
    public Task<Result<WebhookSubscriptionWithSecret>> Handle(
        CreateWebhookCommand command,
        CancellationToken cancellationToken
    )
    {
        var settings = new WebhookSettings(
            command.Url,
            TextNormalizer.CollapseOrNull(command.Description),
            command.EventTypes,
            command.Enabled ?? true
        );
        var subscription = WebhookSubscription.Create(
            clock.NewId(),
            actor.OrganizationId,
            actor.ClientId,
            settings,
            clock.UtcNowMicroseconds()
        );
        webhooks.Add(subscription);
        var secret = secrets.Issue(subscription.Id);
        return Task.FromResult<Result<WebhookSubscriptionWithSecret>>(
            new WebhookSubscriptionWithSecret(WebhookSubscriptionDto.From(subscription), secret)
        );
    }
}

internal sealed class UpdateWebhookHandler(IWebhookRepository webhooks, ICurrentActor actor, TimeProvider clock)
    : ICommandHandler<UpdateWebhookCommand, WebhookSubscriptionDto>
{
    public async Task<Result<WebhookSubscriptionDto>> Handle(
        UpdateWebhookCommand command,
        CancellationToken cancellationToken
    )
    {
        if (await webhooks.FindAsync(command.Id, actor.OrganizationId, cancellationToken) is not { } subscription)
        {
            return WebhookRules.NotFound(command.Id);
        }

        var precondition = command.IfMatch.Require(subscription.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var current = subscription.Settings;
        subscription.Update(
            new WebhookSettings(
                command.Url.Or(current.Url),
                command.Description.IsPresent
                    ? TextNormalizer.CollapseOrNull(command.Description.Value)
                    : current.Description,
                command.EventTypes.Or(current.EventTypes),
                command.Enabled.Or(current.Enabled)
            ),
            clock.UtcNowMicroseconds()
        );
        return WebhookSubscriptionDto.From(subscription);
    }
}

internal sealed class DeleteWebhookHandler(IWebhookRepository webhooks, ICurrentActor actor, TimeProvider clock)
    : ICommandHandler<DeleteWebhookCommand, Unit>
{
    public async Task<Result<Unit>> Handle(DeleteWebhookCommand command, CancellationToken cancellationToken)
    {
        if (await webhooks.FindAsync(command.Id, actor.OrganizationId, cancellationToken) is not { } subscription)
        {
            return WebhookRules.NotFound(command.Id);
        }

        subscription.Delete(clock.UtcNowMicroseconds());
        return Unit.Value;
    }
}

internal sealed class RotateWebhookSecretHandler(
    IWebhookRepository webhooks,
    IWebhookSecrets secrets,
    ICurrentActor actor
) : ICommandHandler<RotateWebhookSecretCommand, WebhookSubscriptionWithSecret>
{
    public async Task<Result<WebhookSubscriptionWithSecret>> Handle(
        RotateWebhookSecretCommand command,
        CancellationToken cancellationToken
    )
    {
        if (await webhooks.FindAsync(command.Id, actor.OrganizationId, cancellationToken) is not { } subscription)
        {
            return WebhookRules.NotFound(command.Id);
        }

        var secret = await secrets.RotateAsync(subscription.Id, WebhookRules.RotationOverlap, cancellationToken);
        return new WebhookSubscriptionWithSecret(WebhookSubscriptionDto.From(subscription), secret);
    }
}

internal sealed class GetWebhookHandler(IWebhookRepository webhooks, ICurrentActor actor)
    : IQueryHandler<GetWebhookQuery, WebhookSubscriptionDto>
{
    public async Task<Result<WebhookSubscriptionDto>> Handle(
        GetWebhookQuery query,
        CancellationToken cancellationToken
    ) =>
        await webhooks.FindAsync(query.Id, actor.OrganizationId, cancellationToken) is { } subscription
            ? WebhookSubscriptionDto.From(subscription)
            : WebhookRules.NotFound(query.Id);
}

internal sealed class ListWebhooksValidator : AbstractValidator<ListWebhooksQuery>
{
    public ListWebhooksValidator() => RuleFor(q => q.Limit).ValidLimit();
}

internal sealed class ListWebhooksHandler(IWebhookRepository webhooks, ICurrentActor actor)
    : IQueryHandler<ListWebhooksQuery, Page<WebhookSubscriptionDto>>
{
    public async Task<Result<Page<WebhookSubscriptionDto>>> Handle(
        ListWebhooksQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(WebhookSorts.Subscriptions, null, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var rows = await webhooks.ListAsync(actor.OrganizationId, after, limit + 1, cancellationToken);
        return ListPaging.ToPage(WebhookSorts.Subscriptions, sort, rows, limit, s => s.Id);
    }
}
