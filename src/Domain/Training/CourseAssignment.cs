using MakCrm.Domain.Knowledge;

namespace MakCrm.Domain.Training;

/// <summary>What a homework assignment asks: instructions, a deadline (days after enrolment, or a date) and the most
/// points.</summary>
public sealed record AssignmentContent(
    string Title,
    string Instructions,
    int? DueDays,
    DateOnly? DueOn,
    int MaxPoints,
    int Position
);

/// <summary>An assignment's deadline is given one way at most: days after enrolment or a date.</summary>
public sealed class AssignmentDeadlineIsOneOrNone(int? dueDays, DateOnly? dueOn) : IBusinessRule
{
    public bool IsBroken() => dueDays is not null && dueOn is not null;

    public Error Error =>
        Error.Validation("dueOn", "Give the deadline as dueDays (after enrolment) or as dueOn (a date), not both.");
}

/// <summary>
/// A homework assignment of a course. Its deadline is days after the learner's enrolment (the learner's first
/// completed lesson of the course, or its first submission) or a date (end of that day, Moscow time).
/// </summary>
public sealed class CourseAssignment : AggregateRoot
{
    public const int MaxTitleLength = 300;
    public const int MaxInstructionsLength = 20_000;
    public const int PointsLimit = 10_000;
    public const int MaxDueDays = 3650;

    private CourseAssignment() { }

    private CourseAssignment(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public Guid CourseId { get; private set; }

    public string Title { get; private set; } = "";

    public string Instructions { get; private set; } = "";

    public int? DueDays { get; private set; }

    public DateOnly? DueOn { get; private set; }

    public int MaxPoints { get; private set; }

    public int Position { get; private set; }

    public static Result<CourseAssignment> Create(Guid id, Guid courseId, AssignmentContent content, DateTimeOffset now)
    {
        var valid = Check(new AssignmentDeadlineIsOneOrNone(content.DueDays, content.DueOn));
        if (!valid.IsSuccess)
        {
            return valid.Error!;
        }

        var assignment = new CourseAssignment(id, now) { CourseId = courseId };
        assignment.Apply(content);
        return assignment;
    }

    public Result<Unit> Update(AssignmentContent content, DateTimeOffset now)
    {
        var valid = Check(new AssignmentDeadlineIsOneOrNone(content.DueDays, content.DueOn));
        if (!valid.IsSuccess)
        {
            return valid;
        }

        if (
            TextNormalizer.Collapse(content.Title) == Title
            && KnowledgeText.Clean(content.Instructions) == Instructions
            && content.DueDays == DueDays
            && content.DueOn == DueOn
            && content.MaxPoints == MaxPoints
            && content.Position == Position
        )
        {
            return Unit.Value;
        }

        Apply(content);
        Touch(now);
        return Unit.Value;
    }

    private void Apply(AssignmentContent content)
    {
        Title = TextNormalizer.Collapse(content.Title);
        Instructions = KnowledgeText.Clean(content.Instructions);
        DueDays = content.DueDays;
        DueOn = content.DueOn;
        MaxPoints = content.MaxPoints;
        Position = content.Position;
    }
}
