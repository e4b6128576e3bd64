using MakCrm.Domain.Access;
using MakCrm.Domain.Help;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Help;

public sealed record CreateHelpChatLinkCommand(
    string Title,
    string Url,
    int? Position,
    IReadOnlyList<OrganizationKind> Audience
) : ICommand<Contracts.HelpChatLink>;

/// <summary>A JSON merge patch of a chat link: absent fields stay.</summary>
public sealed record UpdateHelpChatLinkCommand(
    Guid Id,
    VersionCheck IfMatch,
    Patch<string> Title,
    Patch<string> Url,
    Patch<int> Position,
    Patch<IReadOnlyList<OrganizationKind>> Audience
) : ICommand<Contracts.HelpChatLink>;

public sealed record DeleteHelpChatLinkCommand(Guid Id, VersionCheck IfMatch) : ICommand<Unit>;

/// <summary>The links the caller's organization kind sees; support's managers (<c>help.manage</c>) see every
/// link.</summary>
public sealed record ListHelpChatLinksQuery : IQuery<IReadOnlyList<Contracts.HelpChatLink>>;

internal static class HelpChatLinkRules
{
    public const int MaxPosition = 10_000;

    public static IRuleBuilderOptions<T, IReadOnlyList<OrganizationKind>> Audience<T>(
        IRuleBuilder<T, IReadOnlyList<OrganizationKind>> rule
    ) =>
        rule.NotEmpty()
            .WithMessage("Name at least one organization kind.")
            .Must(kinds => kinds.All(Enum.IsDefined))
            .WithMessage("Is not one of the allowed values.");
}

internal sealed class CreateHelpChatLinkValidator : AbstractValidator<CreateHelpChatLinkCommand>
{
    public CreateHelpChatLinkValidator()
    {
        RuleFor(c => c.Title).RequiredText(HelpChatLink.MaxTitleLength);
        RuleFor(c => c.Url).RequiredText(HelpChatLink.MaxUrlLength);
        RuleFor(c => c.Position).InclusiveBetween(0, HelpChatLinkRules.MaxPosition);
        HelpChatLinkRules.Audience(RuleFor(c => c.Audience));
    }
}

internal sealed class UpdateHelpChatLinkValidator : AbstractValidator<UpdateHelpChatLinkCommand>
{
    public UpdateHelpChatLinkValidator()
    {
        When(
            c => c.Title.IsPresent,
            () => RuleFor(c => c.Title.Value).RequiredText(HelpChatLink.MaxTitleLength).OverridePropertyName("title")
        );
        When(
            c => c.Url.IsPresent,
            () => RuleFor(c => c.Url.Value).RequiredText(HelpChatLink.MaxUrlLength).OverridePropertyName("url")
        );
        When(
            c => c.Position.IsPresent,
            () =>
                RuleFor(c => c.Position.Value)
                    .InclusiveBetween(0, HelpChatLinkRules.MaxPosition)
                    .OverridePropertyName("position")
        );
        When(
            c => c.Audience.IsPresent,
            () => HelpChatLinkRules.Audience(RuleFor(c => c.Audience.Value)).OverridePropertyName("audience")
        );
    }
}

internal sealed class CreateHelpChatLinkHandler(IHelpChatLinkRepository links, TimeProvider clock)
    : ICommandHandler<CreateHelpChatLinkCommand, Contracts.HelpChatLink>
{
    public async Task<Result<Contracts.HelpChatLink>> Handle(
        CreateHelpChatLinkCommand command,
        CancellationToken cancellationToken
    )
    {
        var position =
            command.Position
            ?? ((await links.ListAsync(cancellationToken)).Select(l => l.Position).DefaultIfEmpty(-1).Max() + 1);
        var created = HelpChatLink.Create(
            clock.NewId(),
            new HelpChatLinkDetails(command.Title, command.Url, position, command.Audience),
            clock.UtcNowMicroseconds()
        );
        if (!created.IsSuccess)
        {
            return created.Error!;
        }

        links.Add(created.Value);
        return Contracts.HelpChatLink.From(created.Value);
    }
}

internal sealed class UpdateHelpChatLinkHandler(IHelpChatLinkRepository links, TimeProvider clock)
    : ICommandHandler<UpdateHelpChatLinkCommand, Contracts.HelpChatLink>
{
    public async Task<Result<Contracts.HelpChatLink>> Handle(
        UpdateHelpChatLinkCommand command,
        CancellationToken cancellationToken
    )
    {
        var link = await links.FindAsync(command.Id, cancellationToken);
        if (link is null)
        {
            return Error.NotFound("Help chat link", command.Id);
        }

        var precondition = command.IfMatch.Require(link.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var current = link.Details;
        var updated = link.Update(
            new HelpChatLinkDetails(
                command.Title.Or(current.Title),
                command.Url.Or(current.Url),
                command.Position.Or(current.Position),
                command.Audience.Or(current.Audience)
            ),
            clock.UtcNowMicroseconds()
        );
        return updated.IsSuccess ? Contracts.HelpChatLink.From(link) : updated.Error!;
    }
}

internal sealed class DeleteHelpChatLinkHandler(IHelpChatLinkRepository links, TimeProvider clock)
    : ICommandHandler<DeleteHelpChatLinkCommand, Unit>
{
    public async Task<Result<Unit>> Handle(DeleteHelpChatLinkCommand command, CancellationToken cancellationToken)
    {
        var link = await links.FindAsync(command.Id, cancellationToken);
        if (link is null)
        {
            return Error.NotFound("Help chat link", command.Id);
        }

        var precondition = command.IfMatch.IfPresent(link.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        link.Delete(clock.UtcNowMicroseconds());
        return Unit.Value;
    }
}

internal sealed class ListHelpChatLinksHandler(
    IHelpChatLinkRepository links,
    IOrganizationRepository organizations,
    ICurrentActor actor
) : IQueryHandler<ListHelpChatLinksQuery, IReadOnlyList<Contracts.HelpChatLink>>
{
    public async Task<Result<IReadOnlyList<Contracts.HelpChatLink>>> Handle(
        ListHelpChatLinksQuery query,
        CancellationToken cancellationToken
    )
    {
        var all = await links.ListAsync(cancellationToken);
        if (actor.Has(Permissions.HelpManage))
        {
            return all.Select(Contracts.HelpChatLink.From).ToList();
        }

        var kind = (await organizations.FindAsync(actor.OrganizationId, cancellationToken))?.Kind;
        return all.Where(l => kind is { } k && l.IsFor(k)).Select(Contracts.HelpChatLink.From).ToList();
    }
}

/// <summary>Help chat links as the API answers them.</summary>
public static class HelpChatLinkAnswers
{
    extension(Contracts.HelpChatLink)
    {
        public static Contracts.HelpChatLink From(HelpChatLink l) =>
            new(l.Id, l.Title, l.Url, l.Channel, l.Position, l.Audience, l.CreatedAt, l.UpdatedAt, l.Version);
    }
}
