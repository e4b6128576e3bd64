using MakCrm.Domain.Knowledge;
using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Training;

public enum SubmissionStatus
{
    /// <summary>Waiting for head office's review.</summary>
    Submitted,
    Accepted,

    /// <summary>Returned for rework: the learner may submit again.</summary>
    Returned,
}

/// <summary>Head office's decision on a submission: accepted (with points) or returned for rework.</summary>
public enum HomeworkDecision
{
    Accepted,
    Returned,
}

/// <summary>A learner submits an assignment again only after its latest submission was returned for rework.</summary>
public sealed class ResubmissionOnlyAfterReturn(SubmissionStatus? latest) : IBusinessRule
{
    public bool IsBroken() => latest is SubmissionStatus.Submitted or SubmissionStatus.Accepted;

    public Error Error =>
        new(
            ErrorCodes.HomeworkResubmissionNotAllowed,
            latest == SubmissionStatus.Accepted
                ? "Your homework for this assignment was accepted already."
                : "Your homework for this assignment waits for review; submit again only if it is returned for rework.",
            ErrorKind.Conflict
        );
}

/// <summary>A submission is decided once: accepted or returned, never again.</summary>
public sealed class SubmissionDecidedOnce(SubmissionStatus status) : IBusinessRule
{
    public bool IsBroken() => status != SubmissionStatus.Submitted;

    public Error Error =>
        new(
            ErrorCodes.HomeworkAlreadyDecided,
            $"The submission was {(status == SubmissionStatus.Accepted ? "accepted" : "returned")} already.",
            ErrorKind.Conflict
        );
}

/// <summary>The points given are between 0 and the assignment's most.</summary>
public sealed class PointsWithinAssignmentLimit(int points, int maxPoints) : IBusinessRule
{
    public bool IsBroken() => points < 0 || points > maxPoints;

    public Error Error =>
        Error.Validation("points", $"Must be between 0 and the assignment's maxPoints ({maxPoints}).");
}

/// <summary>
/// A learner's homework for an assignment: text and documents of its organization's store, its deadline as it stood
/// when submitted (<see cref="DueAt"/>, so <see cref="Late"/> says whether it came after it), and head office's
/// decision.
/// </summary>
public sealed class HomeworkSubmission : AggregateRoot, IOrganizationOwned
{
    public const int MaxTextLength = 20_000;
    public const int MaxDocuments = 20;
    public const int MaxFeedbackLength = 5_000;

    private HomeworkSubmission() { }

    private HomeworkSubmission(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public Guid CourseId { get; private set; }

    public Guid AssignmentId { get; private set; }

    public Guid UserId { get; private set; }

    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.GoesWithOrganization;

    /// <summary>1 for the first submission of the assignment by the learner, then one more for each
    /// resubmission.</summary>
    public int Attempt { get; private set; }

    public string Text { get; private set; } = "";

    public List<Guid> DocumentIds { get; private set; } = [];

    public SubmissionStatus Status { get; private set; }

    public DateTimeOffset SubmittedAt { get; private set; }

    public DateTimeOffset? DueAt { get; private set; }

    public bool Late { get; private set; }

    public int? Points { get; private set; }

    public string? Feedback { get; private set; }

    public Guid? ReviewedByUserId { get; private set; }

    public DateTimeOffset? ReviewedAt { get; private set; }

    public static Result<HomeworkSubmission> Submit(
        Guid id,
        CourseAssignment assignment,
        Guid userId,
        Guid organizationId,
        HomeworkSubmission? latest,
        string text,
        IReadOnlyList<Guid> documentIds,
        DateTimeOffset? dueAt,
        DateTimeOffset now
    )
    {
        var allowed = Check(new ResubmissionOnlyAfterReturn(latest?.Status));
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        return new HomeworkSubmission(id, now)
        {
            CourseId = assignment.CourseId,
            AssignmentId = assignment.Id,
            UserId = userId,
            OrganizationId = organizationId,
            Attempt = (latest?.Attempt ?? 0) + 1,
            Text = KnowledgeText.Clean(text),
            DocumentIds = documentIds.Distinct().ToList(),
            Status = SubmissionStatus.Submitted,
            SubmittedAt = now,
            DueAt = dueAt,
            Late = dueAt is { } due && now > due,
        };
    }

    public Result<Unit> Accept(int points, int maxPoints, string? feedback, Guid? reviewer, DateTimeOffset now)
    {
        var allowed = Check(new SubmissionDecidedOnce(Status), new PointsWithinAssignmentLimit(points, maxPoints));
        if (!allowed.IsSuccess)
        {
            return allowed;
        }

        Decide(SubmissionStatus.Accepted, points, feedback, reviewer, now);
        return Unit.Value;
    }

    public Result<Unit> Return(string feedback, Guid? reviewer, DateTimeOffset now)
    {
        var allowed = Check(new SubmissionDecidedOnce(Status));
        if (!allowed.IsSuccess)
        {
            return allowed;
        }

        Decide(SubmissionStatus.Returned, null, feedback, reviewer, now);
        return Unit.Value;
    }

    private void Decide(SubmissionStatus status, int? points, string? feedback, Guid? reviewer, DateTimeOffset now)
    {
        Status = status;
        Points = points;
        Feedback = feedback is null ? null : KnowledgeText.Clean(feedback);
        ReviewedByUserId = reviewer;
        ReviewedAt = now;
        Touch(now);
    }
}
