using MakCrm.Domain.Knowledge;

namespace MakCrm.Application.Knowledge;

/// <summary>Every section in head office's order; anyone who reads the knowledge base sees them all.</summary>
public sealed record ListKnowledgeSectionsQuery : IQuery<IReadOnlyList<SectionDto>>;

public sealed record CreateSectionCommand(string Title, int? Position) : ICommand<SectionDto>;

/// <summary>A JSON merge patch of a section: its title and position.</summary>
public sealed record UpdateSectionCommand(Guid Id, VersionCheck IfMatch, Patch<string> Title, Patch<int> Position)
    : ICommand<SectionDto>;

/// <summary>Deletes an empty section: its articles and FAQ entries are moved or deleted first.</summary>
public sealed record DeleteSectionCommand(Guid Id) : ICommand<Unit>;

internal sealed class ListSectionsHandler(IKnowledgeRepository knowledge)
    : IQueryHandler<ListKnowledgeSectionsQuery, IReadOnlyList<SectionDto>>
{
    public async Task<Result<IReadOnlyList<SectionDto>>> Handle(
        ListKnowledgeSectionsQuery query,
        CancellationToken cancellationToken
    ) => Result<IReadOnlyList<SectionDto>>.Success(await knowledge.ListSectionsAsync(cancellationToken));
}

internal sealed class CreateSectionValidator : AbstractValidator<CreateSectionCommand>
{
    public CreateSectionValidator()
    {
        RuleFor(c => c.Title).RequiredText(KnowledgeSection.MaxTitleLength);
        RuleFor(c => c.Position).InclusiveBetween(0, 10_000);
    }
}

internal sealed class CreateSectionHandler(IKnowledgeRepository knowledge, TimeProvider clock)
    : ICommandHandler<CreateSectionCommand, SectionDto>
{
    public Task<Result<SectionDto>> Handle(CreateSectionCommand command, CancellationToken cancellationToken)
    {
        var section = KnowledgeSection.Create(
            clock.NewId(),
            command.Title,
            command.Position ?? 0,
            clock.UtcNowMicroseconds()
        );
        knowledge.Add(section);
        return Task.FromResult<Result<SectionDto>>(SectionDto.From(section));
    }
}

internal sealed class UpdateSectionValidator : AbstractValidator<UpdateSectionCommand>
{
    public UpdateSectionValidator()
    {
        When(
            c => c.Title.IsPresent,
            () =>
                RuleFor(c => (string?)c.Title.Value)
                    .RequiredText(KnowledgeSection.MaxTitleLength)
                    .OverridePropertyName("title")
        );
        When(
            c => c.Position.IsPresent,
            () => RuleFor(c => c.Position.Value).InclusiveBetween(0, 10_000).OverridePropertyName("position")
        );
    }
}

internal sealed class UpdateSectionHandler(IKnowledgeRepository knowledge, TimeProvider clock)
    : ICommandHandler<UpdateSectionCommand, SectionDto>
{
    public async Task<Result<SectionDto>> Handle(UpdateSectionCommand command, CancellationToken cancellationToken)
    {
        if (await knowledge.FindSectionAsync(command.Id, cancellationToken) is not { } section)
        {
            return KnowledgeCatalog.SectionNotFound(command.Id);
        }

        var precondition = command.IfMatch.Require(section.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        section.Update(
            command.Title.Or(section.Title),
            command.Position.Or(section.Position),
            clock.UtcNowMicroseconds()
        );
        return SectionDto.From(section);
    }
}

internal sealed class DeleteSectionHandler(IKnowledgeRepository knowledge, TimeProvider clock)
    : ICommandHandler<DeleteSectionCommand, Unit>
{
    public async Task<Result<Unit>> Handle(DeleteSectionCommand command, CancellationToken cancellationToken)
    {
        if (await knowledge.FindSectionForDeleteAsync(command.Id, cancellationToken) is not { } section)
        {
            return KnowledgeCatalog.SectionNotFound(command.Id);
        }

        if (await knowledge.SectionHasContentAsync(section.Id, cancellationToken))
        {
            return new Error(
                ErrorCodes.KnowledgeSectionNotEmpty,
                "Articles or FAQ entries (drafts included) are filed in this section: move them to another section "
                    + "or delete them first.",
                ErrorKind.Conflict
            );
        }

        section.Delete(clock.UtcNowMicroseconds());
        return Unit.Value;
    }
}
