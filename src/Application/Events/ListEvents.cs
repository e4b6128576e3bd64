using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.PersonalData;
using MakCrm.Domain.Events;

namespace MakCrm.Application.Events;

/// <summary>
/// The caller's visible events after a cursor, in order: <paramref name="After"/> is the <c>sequence</c> of the last
/// event the caller has (absent or 0: from the oldest kept), <paramref name="Types"/> narrows the types.
/// </summary>
public sealed record ListEventsQuery(string? After = null, IReadOnlyList<string>? Types = null, int? Limit = null)
    : IQuery<EventPage>;

/// <summary>
/// One page of the feed. <see cref="NextCursor"/> is always set — the last event's sequence, or the cursor sent when
/// nothing new has arrived — so a consumer keeps it and asks again; <see cref="HasMore"/> says whether to ask at once.
/// </summary>
public sealed record EventPage(IReadOnlyList<EventRecord> Items, string NextCursor, bool HasMore);

internal sealed class ListEventsValidator : AbstractValidator<ListEventsQuery>
{
    public ListEventsValidator()
    {
        RuleFor(q => q.After)
            .Must(a => a is null || EventCursor.TryParse(a, out _))
            .WithMessage("Must be the sequence of an event (a whole number, 0 or more), as nextCursor returned it.");
        RuleFor(q => q.Types)
            .Must(types => types is null || types.All(t => EventTypes.Find(t) is not null))
            .WithMessage($"Must be event types, each one of: {string.Join(", ", EventTypes.All.Select(e => e.Name))}.")
            .OverridePropertyName("types");
        RuleFor(q => q.Limit).ValidLimit();
    }
}

/// <summary>The feed's cursor: an event's sequence, written as a decimal number.</summary>
public static class EventCursor
{
    public static bool TryParse(string text, out long sequence) =>
        long.TryParse(
            text,
            System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture,
            out sequence
        );

    public static string Of(long sequence) => sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A page that carries events of clients or leads is a read of their personal data: recorded, one line per
/// subject, before the page goes out.</summary>
internal sealed class ListEventsHandler(
    IEventFeed feed,
    IEventSubjects subjects,
    ICurrentActor actor,
    IPersonalDataReads reads
) : IQueryHandler<ListEventsQuery, EventPage>
{
    public async Task<Result<EventPage>> Handle(ListEventsQuery query, CancellationToken cancellationToken)
    {
        var after = 0L;
        if (query.After is { } cursor)
        {
            EventCursor.TryParse(cursor, out after);
        }

        // A cursor below the purged events would silently skip what the consumer never saw (a cursor of 0 asks for the
        // oldest kept, knowingly): it is refused, and the consumer resynchronises.
        if (after > 0 && await feed.PurgedThroughAsync(cancellationToken) is var purged && after < purged)
        {
            return new Error(
                ErrorCodes.EventCursorExpired,
                $"Events up to {purged} are no longer kept. Read the current state through the lists and continue "
                    + $"from the latest event.",
                ErrorKind.Gone
            );
        }

        var types = query.Types is { Count: > 0 } names ? names.Select(n => EventTypes.Find(n)!).Distinct() : null;
        var visibility = EventVisibility.Of(actor, types);
        var limit = query.Limit ?? PageLimits.Default;
        var items = visibility.SeesNothing ? [] : await feed.ReadAsync(visibility, after, limit + 1, cancellationToken);
        var read = items.Take(limit).ToList();

        // A narrowed reader's page leaves out what it does not see, so it may hold fewer than the limit; the cursor
        // still moves past everything read.
        var page = await visibility.SeenAsync(read, e => e, subjects, cancellationToken);
        foreach (var (subject, ids) in PersonalDataSubjects.Among(page.Select(e => (e.ResourceType, e.ResourceId))))
        {
            await reads.RecordAsync(subject, PersonalDataAccess.Feed, ids, cancellationToken);
        }

        return new EventPage(page, EventCursor.Of(read.Count > 0 ? read[^1].Sequence : after), items.Count > limit);
    }
}
