using MakCrm.Application.Abstractions.Events;
using MakCrm.Domain.Events;

namespace MakCrm.Application.Events;

/// <summary>
/// Opening the live stream: <paramref name="LastEventId"/> is the <c>id</c> of the last message the caller has (from
/// <c>Last-Event-ID</c> or the query; absent: from now on), <paramref name="Types"/> narrows the event types.
/// </summary>
public sealed record OpenStreamQuery(string? LastEventId = null, IReadOnlyList<string>? Types = null)
    : IQuery<StreamStart>;

/// <summary>Where a stream starts: the events <see cref="Visibility"/> shows after <see cref="After"/> (null: from
/// now).</summary>
public sealed record StreamStart(EventVisibility Visibility, long? After);

internal sealed class OpenStreamValidator : AbstractValidator<OpenStreamQuery>
{
    public OpenStreamValidator()
    {
        RuleFor(q => q.LastEventId)
            .Must(a => a is null || EventCursor.TryParse(a, out _))
            .WithMessage("Must be the id of a message of the stream (an event's sequence: a whole number, 0 or more).")
            .OverridePropertyName("lastEventId");
        RuleFor(q => q.Types)
            .Must(types => types is null || types.All(t => EventTypes.Find(t) is not null))
            .WithMessage($"Must be event types, each one of: {string.Join(", ", EventTypes.All.Select(e => e.Name))}.")
            .OverridePropertyName("types");
    }
}

internal sealed class OpenStreamHandler(IEventFeed feed, ICurrentActor actor)
    : IQueryHandler<OpenStreamQuery, StreamStart>
{
    public async Task<Result<StreamStart>> Handle(OpenStreamQuery query, CancellationToken cancellationToken)
    {
        long? after = null;
        if (query.LastEventId is { } id && EventCursor.TryParse(id, out var sequence))
        {
            // As the feed: resuming from before the purged events would silently skip what the caller never saw.
            if (sequence > 0 && await feed.PurgedThroughAsync(cancellationToken) is var purged && sequence < purged)
            {
                return new Error(
                    ErrorCodes.EventCursorExpired,
                    $"Events up to {purged} are no longer kept. Read the current state through the lists and open "
                        + $"the stream again without Last-Event-ID.",
                    ErrorKind.Gone
                );
            }

            after = sequence;
        }

        var types = query.Types is { Count: > 0 } names ? names.Select(n => EventTypes.Find(n)!).Distinct() : null;
        return new StreamStart(EventVisibility.Of(actor, types), after);
    }
}
