using MakCrm.Domain.Knowledge;

namespace MakCrm.Application.Knowledge;

/// <summary>The FAQ entries the caller may read, in head office's order (by section, then position).</summary>
public sealed record ListFaqQuery(Guid? SectionId) : IQuery<IReadOnlyList<Contracts.FaqEntry>>;

public sealed record GetFaqEntryQuery(Guid Id) : IQuery<Contracts.FaqEntry>;

public sealed record CreateFaqEntryCommand(
    Guid SectionId,
    string Question,
    string Answer,
    int? Position,
    IReadOnlyList<string>? VisibleToRoles,
    IReadOnlyList<string>? VisibleToKinds
) : ICommand<Contracts.FaqEntry>;

/// <summary>A JSON merge patch of a FAQ entry.</summary>
public sealed record UpdateFaqEntryCommand(
    Guid Id,
    VersionCheck IfMatch,
    Patch<Guid> SectionId,
    Patch<string> Question,
    Patch<string> Answer,
    Patch<int> Position,
    Patch<IReadOnlyList<string>> VisibleToRoles,
    Patch<IReadOnlyList<string>> VisibleToKinds
) : ICommand<Contracts.FaqEntry>;

public sealed record DeleteFaqEntryCommand(Guid Id) : ICommand<Unit>;

internal sealed class ListFaqHandler(IKnowledgeRepository knowledge, ICurrentActor actor)
    : IQueryHandler<ListFaqQuery, IReadOnlyList<Contracts.FaqEntry>>
{
    public async Task<Result<IReadOnlyList<Contracts.FaqEntry>>> Handle(
        ListFaqQuery query,
        CancellationToken cancellationToken
    ) =>
        Result<IReadOnlyList<Contracts.FaqEntry>>.Success(
            await knowledge.ListFaqAsync(KnowledgeCatalog.ReaderOf(actor), query.SectionId, cancellationToken)
        );
}

internal sealed class GetFaqEntryHandler(IKnowledgeRepository knowledge, ICurrentActor actor)
    : IQueryHandler<GetFaqEntryQuery, Contracts.FaqEntry>
{
    public async Task<Result<Contracts.FaqEntry>> Handle(GetFaqEntryQuery query, CancellationToken cancellationToken) =>
        await knowledge.GetFaqAsync(query.Id, KnowledgeCatalog.ReaderOf(actor), cancellationToken) is { } entry
            ? entry
            : KnowledgeCatalog.FaqNotFound(query.Id);
}

internal sealed class CreateFaqEntryValidator : AbstractValidator<CreateFaqEntryCommand>
{
    public CreateFaqEntryValidator()
    {
        RuleFor(c => c.Question).RequiredText(FaqEntry.MaxQuestionLength);
        RuleFor(c => c.Answer).RequiredText(FaqEntry.MaxAnswerLength);
        RuleFor(c => c.Position).InclusiveBetween(0, 10_000);
        RuleFor(c => c.VisibleToRoles).ValidRoles();
        RuleFor(c => c.VisibleToKinds).ValidKinds();
    }
}

internal sealed class UpdateFaqEntryValidator : AbstractValidator<UpdateFaqEntryCommand>
{
    public UpdateFaqEntryValidator()
    {
        When(
            c => c.Question.IsPresent,
            () =>
                RuleFor(c => (string?)c.Question.Value)
                    .RequiredText(FaqEntry.MaxQuestionLength)
                    .OverridePropertyName("question")
        );
        When(
            c => c.Answer.IsPresent,
            () =>
                RuleFor(c => (string?)c.Answer.Value)
                    .RequiredText(FaqEntry.MaxAnswerLength)
                    .OverridePropertyName("answer")
        );
        When(
            c => c.Position.IsPresent,
            () => RuleFor(c => c.Position.Value).InclusiveBetween(0, 10_000).OverridePropertyName("position")
        );
        this.ValidVisibilityPatch(c => c.VisibleToRoles, c => c.VisibleToKinds);
    }
}

internal sealed class CreateFaqEntryHandler(
    IKnowledgeRepository knowledge,
    IMarkdownRenderer markdown,
    TimeProvider clock
) : ICommandHandler<CreateFaqEntryCommand, Contracts.FaqEntry>
{
    public async Task<Result<Contracts.FaqEntry>> Handle(
        CreateFaqEntryCommand command,
        CancellationToken cancellationToken
    )
    {
        if (!await knowledge.SectionExistsAsync(command.SectionId, cancellationToken))
        {
            return KnowledgeCatalog.UnknownSection(command.SectionId);
        }

        var answer = KnowledgeText.Clean(command.Answer);
        var entry = FaqEntry.Create(
            clock.NewId(),
            new FaqContent(
                command.SectionId,
                TextNormalizer.Collapse(command.Question),
                answer,
                markdown.ToSafeHtml(answer),
                command.Position ?? 0,
                new Visibility(command.VisibleToRoles ?? [], command.VisibleToKinds ?? [])
            ),
            clock.UtcNowMicroseconds()
        );
        knowledge.Add(entry);
        return Contracts.FaqEntry.From(entry);
    }
}

internal sealed class UpdateFaqEntryHandler(
    IKnowledgeRepository knowledge,
    IMarkdownRenderer markdown,
    TimeProvider clock
) : ICommandHandler<UpdateFaqEntryCommand, Contracts.FaqEntry>
{
    public async Task<Result<Contracts.FaqEntry>> Handle(
        UpdateFaqEntryCommand command,
        CancellationToken cancellationToken
    )
    {
        if (await knowledge.FindFaqAsync(command.Id, cancellationToken) is not { } entry)
        {
            return KnowledgeCatalog.FaqNotFound(command.Id);
        }

        var precondition = command.IfMatch.Require(entry.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        if (
            command.SectionId.IsPresent
            && !await knowledge.SectionExistsAsync(command.SectionId.Value, cancellationToken)
        )
        {
            return KnowledgeCatalog.UnknownSection(command.SectionId.Value);
        }

        var answer = command.Answer.IsPresent ? KnowledgeText.Clean(command.Answer.Value) : entry.Answer;
        entry.Update(
            new FaqContent(
                command.SectionId.Or(entry.SectionId),
                command.Question.IsPresent ? TextNormalizer.Collapse(command.Question.Value) : entry.Question,
                answer,
                command.Answer.IsPresent ? markdown.ToSafeHtml(answer) : entry.AnswerHtml,
                command.Position.Or(entry.Position),
                new Visibility(
                    command.VisibleToRoles.Or(entry.VisibleToRoles),
                    command.VisibleToKinds.Or(entry.VisibleToKinds)
                )
            ),
            clock.UtcNowMicroseconds()
        );
        return Contracts.FaqEntry.From(entry);
    }
}

internal sealed class DeleteFaqEntryHandler(IKnowledgeRepository knowledge, TimeProvider clock)
    : ICommandHandler<DeleteFaqEntryCommand, Unit>
{
    public async Task<Result<Unit>> Handle(DeleteFaqEntryCommand command, CancellationToken cancellationToken)
    {
        if (await knowledge.FindFaqAsync(command.Id, cancellationToken) is not { } entry)
        {
            return KnowledgeCatalog.FaqNotFound(command.Id);
        }

        entry.Delete(clock.UtcNowMicroseconds());
        return Unit.Value;
    }
}
