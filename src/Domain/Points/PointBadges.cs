namespace MakCrm.Domain.Points;

/// <summary>A badge: earned when a user holds at least <see cref="Count"/> standing awards of
/// <see cref="Kind"/>.</summary>
public sealed record PointBadge(string Code, string Name, PointSourceKind Kind, int Count);

/// <summary>
/// The badges, derived from how many awards of each kind a user holds that were not reversed (an award capped to 0
/// points still counts: the work was done). One place: adding a badge is adding a line here.
/// </summary>
public static class PointBadges
{
    public static IReadOnlyList<PointBadge> All { get; } =
    [
        new("first_lead", "Первый лид", PointSourceKind.LeadSubmitted, 1),
        new("leads_10", "10 лидов", PointSourceKind.LeadSubmitted, 10),
        new("leads_100", "100 лидов", PointSourceKind.LeadSubmitted, 100),
        new("first_loan", "Первая выдача", PointSourceKind.LoanIssued, 1),
        new("loans_10", "10 выдач", PointSourceKind.LoanIssued, 10),
        new("first_lesson", "Первый урок", PointSourceKind.LessonCompleted, 1),
        new("course_graduate", "Выпускник курса", PointSourceKind.LessonCompleted, 10),
        new("homework_5", "5 принятых домашних заданий", PointSourceKind.HomeworkAccepted, 5),
        new("first_event", "Первое мероприятие", PointSourceKind.EventAttended, 1),
        new("first_referral", "Первый приглашённый партнёр", PointSourceKind.ReferralActivated, 1),
    ];

    /// <summary>The badges earned with these counts of standing awards per kind, in the table's order.</summary>
    public static IReadOnlyList<PointBadge> Earned(IReadOnlyDictionary<PointSourceKind, int> counts) =>
        All.Where(b => counts.TryGetValue(b.Kind, out var n) && n >= b.Count).ToList();
}
