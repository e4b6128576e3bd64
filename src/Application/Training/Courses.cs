using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Knowledge;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Events;
using MakCrm.Domain.Knowledge;
using MakCrm.Domain.Training;

namespace MakCrm.Application.Training;

public sealed record CreateCourseCommand(
    string Title,
    string? Description,
    CourseStatus? Status,
    IReadOnlyList<string>? AudienceRoles,
    IReadOnlyList<string>? AudienceKinds,
    IReadOnlyList<string>? RequiredFor,
    int? Position
) : ICommand<Contracts.Course>;

/// <summary>A JSON merge patch of a course.</summary>
public sealed record UpdateCourseCommand(
    Guid Id,
    VersionCheck IfMatch,
    Patch<string> Title,
    Patch<string> Description,
    Patch<CourseStatus> Status,
    Patch<IReadOnlyList<string>> AudienceRoles,
    Patch<IReadOnlyList<string>> AudienceKinds,
    Patch<IReadOnlyList<string>> RequiredFor,
    Patch<int> Position
) : ICommand<Contracts.Course>;

public sealed record ListCoursesQuery : IQuery<IReadOnlyList<Contracts.Course>>;

public sealed record GetCourseQuery(Guid Id) : IQuery<CourseDetailDto>;

/// <summary>Marks a lesson complete for the caller; completing it again changes nothing.</summary>
public sealed record CompleteLessonCommand(Guid CourseId, Guid LessonId) : ICommand<Contracts.LessonCompletion>;

internal static class CourseRules
{
    public static IRuleBuilderOptions<T, int?> ValidPosition<T>(this IRuleBuilder<T, int?> rule) =>
        rule.InclusiveBetween(0, Course.MaxPosition).WithMessage($"Must be between 0 and {Course.MaxPosition}.");
}

internal sealed class CreateCourseValidator : AbstractValidator<CreateCourseCommand>
{
    public CreateCourseValidator()
    {
        RuleFor(c => c.Title).RequiredText(Course.MaxTitleLength);
        RuleFor(c => c.Description).MaximumLength(Course.MaxDescriptionLength);
        RuleFor(c => c.Status).DefinedOrNull();
        RuleFor(c => c.AudienceRoles).ValidRoles();
        RuleFor(c => c.AudienceKinds).ValidKinds();
        RuleFor(c => c.RequiredFor).ValidRoles();
        RuleFor(c => c.Position).ValidPosition();
    }
}

internal sealed class UpdateCourseValidator : AbstractValidator<UpdateCourseCommand>
{
    public UpdateCourseValidator()
    {
        When(
            c => c.Title.IsPresent,
            () => RuleFor(c => (string?)c.Title.Value).RequiredText(Course.MaxTitleLength).OverridePropertyName("title")
        );
        When(
            c => c.Description.IsPresent,
            () =>
                RuleFor(c => c.Description.Value)
                    .NotNull()
                    .MaximumLength(Course.MaxDescriptionLength)
                    .OverridePropertyName("description")
        );
        When(c => c.Status.IsPresent, () => RuleFor(c => c.Status.Value).IsInEnum().OverridePropertyName("status"));
        When(
            c => c.AudienceRoles.IsPresent,
            () =>
                RuleFor(c => (IReadOnlyList<string>?)c.AudienceRoles.Value)
                    .NotNull()
                    .ValidRoles()
                    .OverridePropertyName("audienceRoles")
        );
        When(
            c => c.AudienceKinds.IsPresent,
            () =>
                RuleFor(c => (IReadOnlyList<string>?)c.AudienceKinds.Value)
                    .NotNull()
                    .ValidKinds()
                    .OverridePropertyName("audienceKinds")
        );
        When(
            c => c.RequiredFor.IsPresent,
            () =>
                RuleFor(c => (IReadOnlyList<string>?)c.RequiredFor.Value)
                    .NotNull()
                    .ValidRoles()
                    .OverridePropertyName("requiredFor")
        );
        When(
            c => c.Position.IsPresent,
            () => RuleFor(c => (int?)c.Position.Value).ValidPosition().OverridePropertyName("position")
        );
    }
}

internal sealed class CreateCourseHandler(ITrainingRepository training, ICurrentActor actor, TimeProvider clock)
    : ICommandHandler<CreateCourseCommand, Contracts.Course>
{
    public Task<Result<Contracts.Course>> Handle(CreateCourseCommand command, CancellationToken cancellationToken)
    {
        var content = new CourseContent(
            command.Title,
            command.Description ?? "",
            new Visibility(command.AudienceRoles ?? [], command.AudienceKinds ?? []),
            command.RequiredFor ?? [],
            command.Position ?? 0
        );
        var course = Course.Create(
            clock.NewId(),
            content,
            command.Status ?? CourseStatus.Draft,
            actor.UserId,
            clock.UtcNowMicroseconds()
        );
        training.Add(course);
        return Task.FromResult<Result<Contracts.Course>>(
            Contracts.Course.From(course, TrainingCatalog.ReaderOf(actor), CourseProgress.None)
        );
    }
}

internal sealed class UpdateCourseHandler(ITrainingRepository training, ICurrentActor actor, TimeProvider clock)
    : ICommandHandler<UpdateCourseCommand, Contracts.Course>
{
    public async Task<Result<Contracts.Course>> Handle(UpdateCourseCommand command, CancellationToken cancellationToken)
    {
        if (await training.FindCourseAsync(command.Id, cancellationToken) is not { } course)
        {
            return TrainingCatalog.CourseNotFound(command.Id);
        }

        var precondition = command.IfMatch.Require(course.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var content = new CourseContent(
            command.Title.Or(course.Title),
            command.Description.Or(course.Description),
            new Visibility(
                command.AudienceRoles.Or(course.AudienceRoles),
                command.AudienceKinds.Or(course.AudienceKinds)
            ),
            command.RequiredFor.Or(course.RequiredFor),
            command.Position.Or(course.Position)
        );
        course.Update(content, command.Status.Or(course.Status), clock.UtcNowMicroseconds());
        var reader = TrainingCatalog.ReaderOf(actor);
        var progress = await training.ProgressAsync(reader.UserId, [course.Id], cancellationToken);
        return Contracts.Course.From(course, reader, progress.GetValueOrDefault(course.Id, CourseProgress.None));
    }
}

internal sealed class ListCoursesHandler(ITrainingRepository training, ICurrentActor actor)
    : IQueryHandler<ListCoursesQuery, IReadOnlyList<Contracts.Course>>
{
    public async Task<Result<IReadOnlyList<Contracts.Course>>> Handle(
        ListCoursesQuery query,
        CancellationToken cancellationToken
    )
    {
        var reader = TrainingCatalog.ReaderOf(actor);
        var courses = await training.ListReadableCoursesAsync(reader, cancellationToken);
        var progress = await training.ProgressAsync(
            reader.UserId,
            courses.Select(c => c.Id).ToList(),
            cancellationToken
        );
        return Result<IReadOnlyList<Contracts.Course>>.Success(
            TrainingCatalog.Ordered(
                courses.Select(c =>
                    Contracts.Course.From(c, reader, progress.GetValueOrDefault(c.Id, CourseProgress.None))
                )
            )
        );
    }
}

internal sealed class GetCourseHandler(ITrainingRepository training, ICurrentActor actor)
    : IQueryHandler<GetCourseQuery, CourseDetailDto>
{
    public async Task<Result<CourseDetailDto>> Handle(GetCourseQuery query, CancellationToken cancellationToken)
    {
        var reader = TrainingCatalog.ReaderOf(actor);
        if (await training.FindReadableCourseAsync(query.Id, reader, cancellationToken) is not { } course)
        {
            return TrainingCatalog.CourseNotFound(query.Id);
        }

        var lessons = await training.LessonsOfAsync(course.Id, cancellationToken);
        var assignments = await training.AssignmentsOfAsync(course.Id, cancellationToken);
        var completions = reader.UserId is { } user
            ? await training.CompletionsAsync(user, course.Id, cancellationToken)
            : new Dictionary<Guid, DateTimeOffset>();
        var completed = lessons.Count(l => completions.ContainsKey(l.Id));
        return new CourseDetailDto(
            Contracts.Course.From(course, reader, new CourseProgress(lessons.Count, completed)),
            lessons.Select(l => LessonDto.From(l, completions.TryGetValue(l.Id, out var at) ? at : null)).ToList(),
            assignments.Select(AssignmentDto.From).ToList()
        );
    }
}

/// <summary>
/// The first completion of a lesson by a user adds its row and raises <c>training.lesson_completed</c> in the learner's
/// organization; a repeated one answers the first completion and raises nothing. A course the caller may not see is
/// 404.
/// </summary>
internal sealed class CompleteLessonHandler(
    ITrainingRepository training,
    IEventOutbox events,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<CompleteLessonCommand, Contracts.LessonCompletion>
{
    public async Task<Result<Contracts.LessonCompletion>> Handle(
        CompleteLessonCommand command,
        CancellationToken cancellationToken
    )
    {
        var reader = TrainingCatalog.ReaderOf(actor);
        if (await training.FindReadableCourseAsync(command.CourseId, reader, cancellationToken) is null)
        {
            return TrainingCatalog.CourseNotFound(command.CourseId);
        }

        if (await training.FindLessonAsync(command.CourseId, command.LessonId, cancellationToken) is not { } lesson)
        {
            return TrainingCatalog.LessonNotFound(command.LessonId);
        }

        if (reader.UserId is not { } user)
        {
            return TrainingCatalog.UserRequired("Completing a lesson");
        }

        await training.LockCompletionAsync(user, lesson.Id, cancellationToken);
        if (await training.FindCompletionAsync(user, lesson.Id, cancellationToken) is { } earlier)
        {
            return Contracts.LessonCompletion.From(earlier);
        }

        var completion = LessonCompletion.Of(
            clock.NewId(),
            lesson,
            user,
            actor.OrganizationId,
            clock.UtcNowMicroseconds()
        );
        training.Add(completion);
        var dto = Contracts.LessonCompletion.From(completion);
        events.Raise(EventPayloads.TrainingLessonCompleted, actor.OrganizationId, completion.Id, dto);
        return dto;
    }
}
