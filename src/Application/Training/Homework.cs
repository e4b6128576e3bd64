using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Access;
using MakCrm.Domain.Events;
using MakCrm.Domain.Notifications;
using MakCrm.Domain.Training;

namespace MakCrm.Application.Training;

public sealed record SubmissionFilter(SubmissionStatus? Status, Guid? CourseId, Guid? AssignmentId, bool? Late);

public sealed record SubmissionDto(
    Guid Id,
    Guid CourseId,
    Guid AssignmentId,
    Guid UserId,
    Guid OrganizationId,
    int Attempt,
    string Text,
    IReadOnlyList<Guid> DocumentIds,
    SubmissionStatus Status,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? DueAt,
    bool Late,
    int? Points,
    string? Feedback,
    Guid? ReviewedByUserId,
    DateTimeOffset? ReviewedAt,
    int Version
) : Contracts.IVersioned, IAnswersAs<Contracts.HomeworkSubmission>
{
    Contracts.HomeworkSubmission IAnswersAs<Contracts.HomeworkSubmission>.ToRecord() =>
        Contracts.HomeworkSubmission.From(this);

    public static SubmissionDto From(HomeworkSubmission s) =>
        new(
            s.Id,
            s.CourseId,
            s.AssignmentId,
            s.UserId,
            s.OrganizationId,
            s.Attempt,
            s.Text,
            s.DocumentIds,
            s.Status,
            s.SubmittedAt,
            s.DueAt,
            s.Late,
            s.Points,
            s.Feedback,
            s.ReviewedByUserId,
            s.ReviewedAt,
            s.Version
        );
}

public enum SubmissionSortField
{
    SubmittedAt,
}

public sealed record SubmitHomeworkCommand(
    Guid CourseId,
    Guid AssignmentId,
    string? Text,
    IReadOnlyList<Guid>? DocumentIds
) : ICommand<SubmissionDto>;

public sealed record DecideHomeworkCommand(Guid SubmissionId, HomeworkDecision Decision, int? Points, string? Feedback)
    : ICommand<SubmissionDto>;

public sealed record GetSubmissionQuery(Guid Id) : IQuery<SubmissionDto>;

public sealed record ListHomeworkSubmissionsQuery(
    SubmissionStatus? Status = null,
    Guid? CourseId = null,
    Guid? AssignmentId = null,
    bool? Late = null,
    string? Cursor = null,
    int? Limit = null
) : IQuery<Page<SubmissionDto>>;

public static class HomeworkCatalog
{
    /// <summary>Deadlines given as a date end with that day in Moscow.</summary>
    public static readonly TimeSpan MoscowOffset = TimeSpan.FromHours(3);

    public static SortCatalog<SubmissionSortField, SubmissionDto> Sorts { get; } =
        new(
            "training_submissions",
            "submittedAt",
            ("submittedAt", SubmissionSortField.SubmittedAt, typeof(DateTimeOffset), s => s.SubmittedAt)
        );

    public static Error NotFound(Guid id) => Error.NotFound("Submission", id);

    /// <summary>
    /// The deadline of an assignment for a learner: the end of <c>dueOn</c> in Moscow, or <c>dueDays</c> after the
    /// learner's enrolment (now, for a learner whose first step in the course this is); <c>null</c> without a deadline.
    /// </summary>
    public static DateTimeOffset? DueAt(CourseAssignment assignment, DateTimeOffset? enrolledAt, DateTimeOffset now) =>
        assignment.DueOn is { } day
            ? new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), MoscowOffset).ToUniversalTime()
        : assignment.DueDays is { } days ? (enrolledAt ?? now).AddDays(days)
        : null;
}

internal sealed class SubmitHomeworkValidator : AbstractValidator<SubmitHomeworkCommand>
{
    public SubmitHomeworkValidator()
    {
        RuleFor(c => c.Text).MaximumLength(HomeworkSubmission.MaxTextLength);
        RuleFor(c => c.DocumentIds)
            .Must(ids => ids is null || ids.Count <= HomeworkSubmission.MaxDocuments)
            .WithMessage($"At most {HomeworkSubmission.MaxDocuments} documents.");
        RuleFor(c => c)
            .Must(c => !string.IsNullOrWhiteSpace(c.Text) || c.DocumentIds is { Count: > 0 })
            .WithName("text")
            .OverridePropertyName("text")
            .WithMessage("Send the text of the homework, its documents, or both.");
    }
}

internal sealed class DecideHomeworkValidator : AbstractValidator<DecideHomeworkCommand>
{
    public DecideHomeworkValidator()
    {
        RuleFor(c => c.Decision).IsInEnum();
        RuleFor(c => c.Feedback).MaximumLength(HomeworkSubmission.MaxFeedbackLength);
        RuleFor(c => c.Feedback)
            .Must(f => !string.IsNullOrWhiteSpace(f))
            .When(c => c.Decision == HomeworkDecision.Returned)
            .WithMessage("Say what to rework: feedback is required when returning homework.");
        RuleFor(c => c.Points)
            .NotNull()
            .When(c => c.Decision == HomeworkDecision.Accepted)
            .WithMessage("Give the points (0 to the assignment's maxPoints).");
        RuleFor(c => c.Points)
            .Null()
            .When(c => c.Decision == HomeworkDecision.Returned)
            .WithMessage("Returned homework gets no points.");
    }
}

/// <summary>
/// A learner submits homework for an assignment of a course it may see: text and documents of its organization's
/// store. It may submit again only after its latest submission was returned. Head office's reviewers are told.
/// </summary>
internal sealed class SubmitHomeworkHandler(
    ITrainingRepository training,
    IDocumentRepository documents,
    IUserDirectory users,
    INotificationOutbox outbox,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<SubmitHomeworkCommand, SubmissionDto>
{
    public async Task<Result<SubmissionDto>> Handle(SubmitHomeworkCommand command, CancellationToken cancellationToken)
    {
        var reader = TrainingCatalog.ReaderOf(actor);
        if (await training.FindReadableCourseAsync(command.CourseId, reader, cancellationToken) is not { } course)
        {
            return TrainingCatalog.CourseNotFound(command.CourseId);
        }

        if (
            await training.FindAssignmentAsync(command.CourseId, command.AssignmentId, cancellationToken)
            is not { } assignment
        )
        {
            return TrainingCatalog.AssignmentNotFound(command.AssignmentId);
        }

        if (reader.UserId is not { } user)
        {
            return TrainingCatalog.UserRequired("Submitting homework");
        }

        var store = new DataScope(actor.OrganizationId);
        foreach (var id in (command.DocumentIds ?? []).Distinct())
        {
            if (await documents.GetAsync(id, store, cancellationToken) is null)
            {
                return Error.Validation(
                    "documentIds",
                    $"There is no document {id} in your organization's document store."
                );
            }
        }

        await training.LockSubmissionsAsync(user, assignment.Id, cancellationToken);
        var latest = await training.LatestSubmissionAsync(user, assignment.Id, cancellationToken);
        var now = clock.UtcNowMicroseconds();
        var due = HomeworkCatalog.DueAt(
            assignment,
            await training.EnrolledAtAsync(user, course.Id, cancellationToken),
            now
        );
        var submission = HomeworkSubmission.Submit(
            clock.NewId(),
            assignment,
            user,
            actor.OrganizationId,
            latest,
            command.Text ?? "",
            command.DocumentIds ?? [],
            due,
            now
        );
        if (!submission.IsSuccess)
        {
            return submission.Error!;
        }

        training.Add(submission.Value);
        var reviewers = await users.FindHeadOfficeUsersWithAsync(Permissions.TrainingManage, cancellationToken);
        await outbox.AddAsync(
            [
                .. reviewers
                    .Where(r => r.Id != user)
                    .Select(r => new NotificationDraft(
                        r.Id,
                        r.OrganizationId,
                        NotificationKind.HomeworkSubmitted,
                        $"Новое домашнее задание: {assignment.Title}",
                        $"Курс «{course.Title}», попытка {submission.Value.Attempt}."
                    )),
            ],
            cancellationToken
        );
        return SubmissionDto.From(submission.Value);
    }
}

/// <summary>
/// Head office accepts a submission (points within the assignment's most, optional feedback) or returns it for rework
/// (feedback required); a decided submission is not decided again (409). The learner is told, and
/// <c>training.homework_accepted</c> or <c>training.homework_returned</c> is raised in its organization.
/// </summary>
internal sealed class DecideHomeworkHandler(
    ITrainingRepository training,
    INotificationOutbox outbox,
    IEventOutbox events,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<DecideHomeworkCommand, SubmissionDto>
{
    public async Task<Result<SubmissionDto>> Handle(DecideHomeworkCommand command, CancellationToken cancellationToken)
    {
        if (await training.FindSubmissionForUpdateAsync(command.SubmissionId, cancellationToken) is not { } submission)
        {
            return HomeworkCatalog.NotFound(command.SubmissionId);
        }

        var assignment = await training.FindAssignmentAsync(
            submission.CourseId,
            submission.AssignmentId,
            cancellationToken
        );
        var now = clock.UtcNowMicroseconds();
        var decided =
            command.Decision == HomeworkDecision.Accepted
                ? submission.Accept(
                    command.Points ?? 0,
                    assignment?.MaxPoints ?? 0,
                    string.IsNullOrWhiteSpace(command.Feedback) ? null : command.Feedback,
                    actor.UserId,
                    now
                )
                : submission.Return(command.Feedback!, actor.UserId, now);
        if (!decided.IsSuccess)
        {
            return decided.Error!;
        }

        var dto = SubmissionDto.From(submission);
        var accepted = submission.Status == SubmissionStatus.Accepted;
        events.Raise(
            accepted ? EventPayloads.TrainingHomeworkAccepted : EventPayloads.TrainingHomeworkReturned,
            submission.OrganizationId,
            submission.Id,
            dto
        );
        if (submission.UserId != actor.UserId)
        {
            var title = accepted
                ? $"Домашнее задание «{assignment?.Title}» принято: {submission.Points} б."
                : $"Домашнее задание «{assignment?.Title}» возвращено на доработку";
            await outbox.AddAsync(
                new NotificationDraft(
                    submission.UserId,
                    submission.OrganizationId,
                    NotificationKind.HomeworkDecided,
                    title,
                    submission.Feedback
                ),
                cancellationToken
            );
        }

        return dto;
    }
}

internal sealed class GetSubmissionHandler(ITrainingRepository training, ICurrentActor actor)
    : IQueryHandler<GetSubmissionQuery, SubmissionDto>
{
    public async Task<Result<SubmissionDto>> Handle(GetSubmissionQuery query, CancellationToken cancellationToken) =>
        await training.GetSubmissionAsync(query.Id, TrainingCatalog.ReaderOf(actor), cancellationToken)
            is { } submission
            ? SubmissionDto.From(submission)
            : HomeworkCatalog.NotFound(query.Id);
}

internal sealed class ListSubmissionsValidator : AbstractValidator<ListHomeworkSubmissionsQuery>
{
    public ListSubmissionsValidator()
    {
        RuleFor(q => q.Status).DefinedOrNull();
        RuleFor(q => q.Limit).ValidLimit();
    }
}

/// <summary>Submissions oldest first: every learner's for head office (to review), else the caller's own.</summary>
internal sealed class ListSubmissionsHandler(ITrainingRepository training, ICurrentActor actor)
    : IQueryHandler<ListHomeworkSubmissionsQuery, Page<SubmissionDto>>
{
    public async Task<Result<Page<SubmissionDto>>> Handle(
        ListHomeworkSubmissionsQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(HomeworkCatalog.Sorts, null, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var rows = await training.ListSubmissionsAsync(
            TrainingCatalog.ReaderOf(actor),
            new SubmissionFilter(query.Status, query.CourseId, query.AssignmentId, query.Late),
            after,
            limit + 1,
            cancellationToken
        );
        return ListPaging.ToPage(
            HomeworkCatalog.Sorts,
            sort,
            rows.Select(SubmissionDto.From).ToList(),
            limit,
            s => s.Id
        );
    }
}

/// <summary>A homework submission as the API answers it (schema <c>HomeworkSubmission</c>).</summary>
public static class SubmissionAnswers
{
    extension(Contracts.HomeworkSubmission)
    {
        public static Contracts.HomeworkSubmission From(SubmissionDto s) =>
            new(
                s.Id,
                s.CourseId,
                s.AssignmentId,
                s.UserId,
                s.OrganizationId,
                s.Attempt,
                s.Text,
                s.DocumentIds,
                s.Status,
                s.SubmittedAt,
                s.DueAt,
                s.Late,
                s.Points,
                s.Feedback,
                s.ReviewedByUserId,
                s.ReviewedAt,
                s.Version
            );
    }
}
