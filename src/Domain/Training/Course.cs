using MakCrm.Domain.Knowledge;

namespace MakCrm.Domain.Training;

public enum CourseStatus
{
    Draft,
    Published,
}

/// <summary>What head office sets on a course.</summary>
/// <param name="Audience">The roles and organization kinds it is shown to, as the knowledge base's articles (empty
/// lists: everyone).</param>
/// <param name="RequiredFor">The roles for which the course is required: it comes first in their list.</param>
public sealed record CourseContent(
    string Title,
    string Description,
    Visibility Audience,
    IReadOnlyList<string> RequiredFor,
    int Position
);

/// <summary>
/// A training course: ordered lessons and homework assignments (aggregates of their own, naming the course), shown to
/// its audience once published (drafts only to head office), and required for some roles, whose learners see it first.
/// </summary>
public sealed class Course : AggregateRoot
{
    public const int MaxTitleLength = 300;
    public const int MaxDescriptionLength = 20_000;
    public const int MaxPosition = 10_000;

    private Course() { }

    private Course(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public string Title { get; private set; } = "";

    public string Description { get; private set; } = "";

    public CourseStatus Status { get; private set; }

    public List<string> AudienceRoles { get; private set; } = [];

    public List<string> AudienceKinds { get; private set; } = [];

    public List<string> RequiredFor { get; private set; } = [];

    /// <summary>Where the course is shown among the others (ascending), after the ones required for the reader's
    /// role.</summary>
    public int Position { get; private set; }

    public DateTimeOffset? PublishedAt { get; private set; }

    public Guid? CreatedByUserId { get; private set; }

    public static Course Create(
        Guid id,
        CourseContent content,
        CourseStatus status,
        Guid? createdBy,
        DateTimeOffset now
    )
    {
        var course = new Course(id, now) { CreatedByUserId = createdBy };
        course.Apply(content);
        course.SetStatus(status, now);
        return course;
    }

    /// <summary>Applies head office's change; a change that changes nothing keeps the version.</summary>
    public void Update(CourseContent content, CourseStatus status, DateTimeOffset now)
    {
        var normalized = Normalize(content);
        if (
            normalized.Title == Title
            && normalized.Description == Description
            && status == Status
            && normalized.Position == Position
            && normalized.Audience.Roles.SequenceEqual(AudienceRoles)
            && normalized.Audience.OrganizationKinds.SequenceEqual(AudienceKinds)
            && normalized.RequiredFor.SequenceEqual(RequiredFor)
        )
        {
            return;
        }

        Apply(content);
        SetStatus(status, now);
        Touch(now);
    }

    private static CourseContent Normalize(CourseContent content) =>
        content with
        {
            Title = TextNormalizer.Collapse(content.Title),
            Description = KnowledgeText.Clean(content.Description),
            Audience = content.Audience.Normalized(),
            RequiredFor = content.RequiredFor.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
        };

    private void Apply(CourseContent content)
    {
        var normalized = Normalize(content);
        Title = normalized.Title;
        Description = normalized.Description;
        AudienceRoles = [.. normalized.Audience.Roles];
        AudienceKinds = [.. normalized.Audience.OrganizationKinds];
        RequiredFor = [.. normalized.RequiredFor];
        Position = normalized.Position;
    }

    private void SetStatus(CourseStatus status, DateTimeOffset now)
    {
        if (status == CourseStatus.Published && PublishedAt is null)
        {
            PublishedAt = now;
        }

        Status = status;
    }
}
