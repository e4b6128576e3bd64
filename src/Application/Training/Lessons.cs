using MakCrm.Application.Knowledge;
using MakCrm.Domain.Training;

namespace MakCrm.Application.Training;

public sealed record AddLessonCommand(
    Guid CourseId,
    string Title,
    LessonKind Kind,
    Guid? ArticleId,
    Guid? VideoDocumentId,
    string? VideoUrl,
    IReadOnlyList<Guid>? DocumentIds,
    string? Text,
    int? Position
) : ICommand<LessonDto>;

/// <summary>A JSON merge patch of a lesson; the result must still match its kind.</summary>
public sealed record UpdateLessonCommand(
    Guid CourseId,
    Guid LessonId,
    VersionCheck IfMatch,
    Patch<string> Title,
    Patch<LessonKind> Kind,
    Patch<Guid?> ArticleId,
    Patch<Guid?> VideoDocumentId,
    Patch<string?> VideoUrl,
    Patch<IReadOnlyList<Guid>> DocumentIds,
    Patch<string?> Text,
    Patch<int> Position
) : ICommand<LessonDto>;

public sealed record AddAssignmentCommand(
    Guid CourseId,
    string Title,
    string Instructions,
    int? DueDays,
    DateOnly? DueOn,
    int MaxPoints,
    int? Position
) : ICommand<AssignmentDto>;

/// <summary>A JSON merge patch of an assignment.</summary>
public sealed record UpdateAssignmentCommand(
    Guid CourseId,
    Guid AssignmentId,
    VersionCheck IfMatch,
    Patch<string> Title,
    Patch<string> Instructions,
    Patch<int?> DueDays,
    Patch<DateOnly?> DueOn,
    Patch<int> MaxPoints,
    Patch<int> Position
) : ICommand<AssignmentDto>;

internal static class LessonRules
{
    public static IRuleBuilderOptions<T, string?> ValidVideoUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(url =>
                url is null
                || (
                    url.Length <= CourseLesson.MaxVideoUrlLength
                    && Uri.TryCreate(url, UriKind.Absolute, out var uri)
                    && uri.Scheme == "https"
                )
            )
            .WithMessage($"Must be an absolute https URL of at most {CourseLesson.MaxVideoUrlLength} characters.");

    public static IRuleBuilderOptions<T, IReadOnlyList<Guid>?> ValidDocuments<T>(
        this IRuleBuilder<T, IReadOnlyList<Guid>?> rule
    ) =>
        rule.Must(ids => ids is null || ids.Count <= CourseLesson.MaxDocuments)
            .WithMessage($"At most {CourseLesson.MaxDocuments} documents.");

    public static IRuleBuilderOptions<T, int?> ValidDueDays<T>(this IRuleBuilder<T, int?> rule) =>
        rule.InclusiveBetween(1, CourseAssignment.MaxDueDays)
            .WithMessage($"Must be between 1 and {CourseAssignment.MaxDueDays} days.");

    public static IRuleBuilderOptions<T, DateOnly?> ValidDueOn<T>(this IRuleBuilder<T, DateOnly?> rule) =>
        rule.Must(day => day is null || (day.Value.Year >= 2000 && day.Value.Year <= 2100))
            .WithMessage("Must be a date of the years 2000 to 2100.");

    public static IRuleBuilderOptions<T, int> ValidMaxPoints<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(0, CourseAssignment.PointsLimit)
            .WithMessage($"Must be between 0 and {CourseAssignment.PointsLimit}.");
}

internal sealed class AddLessonValidator : AbstractValidator<AddLessonCommand>
{
    public AddLessonValidator()
    {
        RuleFor(c => c.Title).RequiredText(CourseLesson.MaxTitleLength);
        RuleFor(c => c.Kind).IsInEnum();
        RuleFor(c => c.VideoUrl).ValidVideoUrl();
        RuleFor(c => c.DocumentIds).ValidDocuments();
        RuleFor(c => c.Text).MaximumLength(CourseLesson.MaxTextLength);
        RuleFor(c => c.Position).ValidPosition();
    }
}

internal sealed class UpdateLessonValidator : AbstractValidator<UpdateLessonCommand>
{
    public UpdateLessonValidator()
    {
        When(
            c => c.Title.IsPresent,
            () =>
                RuleFor(c => (string?)c.Title.Value)
                    .RequiredText(CourseLesson.MaxTitleLength)
                    .OverridePropertyName("title")
        );
        When(c => c.Kind.IsPresent, () => RuleFor(c => c.Kind.Value).IsInEnum().OverridePropertyName("kind"));
        When(
            c => c.VideoUrl.IsPresent,
            () => RuleFor(c => c.VideoUrl.Value).ValidVideoUrl().OverridePropertyName("videoUrl")
        );
        When(
            c => c.DocumentIds.IsPresent,
            () =>
                RuleFor(c => (IReadOnlyList<Guid>?)c.DocumentIds.Value)
                    .NotNull()
                    .ValidDocuments()
                    .OverridePropertyName("documentIds")
        );
        When(
            c => c.Text.IsPresent,
            () => RuleFor(c => c.Text.Value).MaximumLength(CourseLesson.MaxTextLength).OverridePropertyName("text")
        );
        When(
            c => c.Position.IsPresent,
            () => RuleFor(c => (int?)c.Position.Value).ValidPosition().OverridePropertyName("position")
        );
    }
}

internal sealed class AddAssignmentValidator : AbstractValidator<AddAssignmentCommand>
{
    public AddAssignmentValidator()
    {
        RuleFor(c => c.Title).RequiredText(CourseAssignment.MaxTitleLength);
        RuleFor(c => c.Instructions).NotNull().MaximumLength(CourseAssignment.MaxInstructionsLength);
        RuleFor(c => c.DueDays).ValidDueDays();
        RuleFor(c => c.DueOn).ValidDueOn();
        RuleFor(c => c.MaxPoints).ValidMaxPoints();
        RuleFor(c => c.Position).ValidPosition();
    }
}

internal sealed class UpdateAssignmentValidator : AbstractValidator<UpdateAssignmentCommand>
{
    public UpdateAssignmentValidator()
    {
        When(
            c => c.Title.IsPresent,
            () =>
                RuleFor(c => (string?)c.Title.Value)
                    .RequiredText(CourseAssignment.MaxTitleLength)
                    .OverridePropertyName("title")
        );
        When(
            c => c.Instructions.IsPresent,
            () =>
                RuleFor(c => c.Instructions.Value)
                    .NotNull()
                    .MaximumLength(CourseAssignment.MaxInstructionsLength)
                    .OverridePropertyName("instructions")
        );
        When(
            c => c.DueDays.IsPresent,
            () => RuleFor(c => c.DueDays.Value).ValidDueDays().OverridePropertyName("dueDays")
        );
        When(c => c.DueOn.IsPresent, () => RuleFor(c => c.DueOn.Value).ValidDueOn().OverridePropertyName("dueOn"));
        When(
            c => c.MaxPoints.IsPresent,
            () => RuleFor(c => c.MaxPoints.Value).ValidMaxPoints().OverridePropertyName("maxPoints")
        );
        When(
            c => c.Position.IsPresent,
            () => RuleFor(c => (int?)c.Position.Value).ValidPosition().OverridePropertyName("position")
        );
    }
}

/// <summary>Checks what a lesson references: an article of the knowledge base, documents of head office's
/// store.</summary>
internal sealed class LessonReferences(
    IKnowledgeRepository knowledge,
    IDocumentRepository documents,
    ICurrentActor actor
)
{
    public async Task<Error?> CheckAsync(LessonContent content, CancellationToken cancellationToken)
    {
        if (content.ArticleId is { } article && await knowledge.FindArticleAsync(article, cancellationToken) is null)
        {
            return Error.Validation("articleId", $"There is no article {article} in the knowledge base.");
        }

        var store = new DataScope(actor.OrganizationId);
        foreach (var id in content.DocumentIds.Distinct())
        {
            if (await documents.GetAsync(id, store, cancellationToken) is null)
            {
                return Error.Validation(
                    "documentIds",
                    $"There is no document {id} in your organization's document store."
                );
            }
        }

        return content.VideoDocumentId is { } video && await documents.GetAsync(video, store, cancellationToken) is null
            ? Error.Validation(
                "videoDocumentId",
                $"There is no document {video} in your organization's document store."
            )
            : null;
    }
}

internal sealed class AddLessonHandler(
    ITrainingRepository training,
    IKnowledgeRepository knowledge,
    IDocumentRepository documents,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<AddLessonCommand, LessonDto>
{
    public async Task<Result<LessonDto>> Handle(AddLessonCommand command, CancellationToken cancellationToken)
    {
        if (await training.FindCourseAsync(command.CourseId, cancellationToken) is null)
        {
            return TrainingCatalog.CourseNotFound(command.CourseId);
        }

        var content = new LessonContent(
            command.Title,
            command.Kind,
            command.ArticleId,
            command.VideoDocumentId,
            command.VideoUrl,
            command.DocumentIds ?? [],
            command.Text,
            command.Position ?? 0
        );
        if (
            await new LessonReferences(knowledge, documents, actor).CheckAsync(content, cancellationToken) is
            { } invalid
        )
        {
            return invalid;
        }

        var lesson = CourseLesson.Create(clock.NewId(), command.CourseId, content, clock.UtcNowMicroseconds());
        if (!lesson.IsSuccess)
        {
            return lesson.Error!;
        }

        training.Add(lesson.Value);
        return LessonDto.From(lesson.Value);
    }
}

internal sealed class UpdateLessonHandler(
    ITrainingRepository training,
    IKnowledgeRepository knowledge,
    IDocumentRepository documents,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<UpdateLessonCommand, LessonDto>
{
    public async Task<Result<LessonDto>> Handle(UpdateLessonCommand command, CancellationToken cancellationToken)
    {
        if (await training.FindLessonAsync(command.CourseId, command.LessonId, cancellationToken) is not { } lesson)
        {
            return TrainingCatalog.LessonNotFound(command.LessonId);
        }

        var precondition = command.IfMatch.Require(lesson.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var content = new LessonContent(
            command.Title.Or(lesson.Title),
            command.Kind.Or(lesson.Kind),
            command.ArticleId.Or(lesson.ArticleId),
            command.VideoDocumentId.Or(lesson.VideoDocumentId),
            command.VideoUrl.Or(lesson.VideoUrl),
            command.DocumentIds.Or(lesson.DocumentIds),
            command.Text.Or(lesson.Text),
            command.Position.Or(lesson.Position)
        );
        if (
            await new LessonReferences(knowledge, documents, actor).CheckAsync(content, cancellationToken) is
            { } invalid
        )
        {
            return invalid;
        }

        var updated = lesson.Update(content, clock.UtcNowMicroseconds());
        return updated.IsSuccess ? LessonDto.From(lesson) : updated.Error!;
    }
}

internal sealed class AddAssignmentHandler(ITrainingRepository training, TimeProvider clock)
    : ICommandHandler<AddAssignmentCommand, AssignmentDto>
{
    public async Task<Result<AssignmentDto>> Handle(AddAssignmentCommand command, CancellationToken cancellationToken)
    {
        if (await training.FindCourseAsync(command.CourseId, cancellationToken) is null)
        {
            return TrainingCatalog.CourseNotFound(command.CourseId);
        }

        var assignment = CourseAssignment.Create(
            clock.NewId(),
            command.CourseId,
            new AssignmentContent(
                command.Title,
                command.Instructions,
                command.DueDays,
                command.DueOn,
                command.MaxPoints,
                command.Position ?? 0
            ),
            clock.UtcNowMicroseconds()
        );
        if (!assignment.IsSuccess)
        {
            return assignment.Error!;
        }

        training.Add(assignment.Value);
        return AssignmentDto.From(assignment.Value);
    }
}

internal sealed class UpdateAssignmentHandler(ITrainingRepository training, TimeProvider clock)
    : ICommandHandler<UpdateAssignmentCommand, AssignmentDto>
{
    public async Task<Result<AssignmentDto>> Handle(
        UpdateAssignmentCommand command,
        CancellationToken cancellationToken
    )
    {
        if (
            await training.FindAssignmentAsync(command.CourseId, command.AssignmentId, cancellationToken)
            is not { } assignment
        )
        {
            return TrainingCatalog.AssignmentNotFound(command.AssignmentId);
        }

        var precondition = command.IfMatch.Require(assignment.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var updated = assignment.Update(
            new AssignmentContent(
                command.Title.Or(assignment.Title),
                command.Instructions.Or(assignment.Instructions),
                command.DueDays.Or(assignment.DueDays),
                command.DueOn.Or(assignment.DueOn),
                command.MaxPoints.Or(assignment.MaxPoints),
                command.Position.Or(assignment.Position)
            ),
            clock.UtcNowMicroseconds()
        );
        return updated.IsSuccess ? AssignmentDto.From(assignment) : updated.Error!;
    }
}
