using MakCrm.Domain.Calendars;

namespace MakCrm.Application.Calendars;

/// <summary>A newly issued feed: its token is shown only here.</summary>
public sealed record IssuedCalendarFeedDto(Guid Id, string Token, DateTimeOffset CreatedAt);

/// <summary>Issues the caller's feed; a live one is revoked (rotation). Each call makes a new secret, so it takes no
/// idempotency key.</summary>
public sealed record IssueCalendarFeedCommand : ICommand<IssuedCalendarFeedDto>;

/// <summary>Revokes the caller's live feed, if any; idempotent.</summary>
public sealed record RevokeCalendarFeedCommand : ICommand<Unit>;

public sealed record GetMyCalendarFeedQuery : IQuery<Contracts.CalendarFeed>;

/// <summary>The feed's calendar, read by a calendar application with the token as its only credential.</summary>
public sealed record ReadCalendarFeedCommand(string Token) : ICommand<string>;

internal static class CalendarFeedErrors
{
    public static Error NoUser =>
        new(
            ErrorCodes.Forbidden,
            "A calendar feed belongs to a signed-in user; an API client has none.",
            ErrorKind.Forbidden
        );

    public static Error NoFeed => new(ErrorCodes.NotFound, "There is no live calendar feed here.", ErrorKind.NotFound);
}

internal sealed class IssueCalendarFeedHandler(
    ICalendarFeedRepository feeds,
    ISecurityAudit audit,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<IssueCalendarFeedCommand, IssuedCalendarFeedDto>
{
    public async Task<Result<IssuedCalendarFeedDto>> Handle(
        IssueCalendarFeedCommand command,
        CancellationToken cancellationToken
    )
    {
        if (actor.UserId is not { } userId)
        {
            return CalendarFeedErrors.NoUser;
        }

        var now = clock.UtcNowMicroseconds();
        var previous = await feeds.FindLiveAsync(userId, cancellationToken);
        previous?.Revoke(now);
        var token = OneTimeToken.New();
        var feed = CalendarFeed.Issue(clock.NewId(), userId, token.Hash, now);
        feeds.Add(feed);
        await audit.RecordAsync(
            "calendar_feed.issued",
            new { feed_id = feed.Id, revoked_feed_id = previous?.Id },
            cancellationToken
        );
        return new IssuedCalendarFeedDto(feed.Id, token.Value, feed.CreatedAt);
    }
}

internal sealed class RevokeCalendarFeedHandler(
    ICalendarFeedRepository feeds,
    ISecurityAudit audit,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<RevokeCalendarFeedCommand, Unit>
{
    public async Task<Result<Unit>> Handle(RevokeCalendarFeedCommand command, CancellationToken cancellationToken)
    {
        if (actor.UserId is not { } userId)
        {
            return CalendarFeedErrors.NoUser;
        }

        if (await feeds.FindLiveAsync(userId, cancellationToken) is { } feed)
        {
            feed.Revoke(clock.UtcNowMicroseconds());
            await audit.RecordAsync("calendar_feed.revoked", new { feed_id = feed.Id }, cancellationToken);
        }

        return Unit.Value;
    }
}

internal sealed class GetMyCalendarFeedHandler(ICalendarFeedRepository feeds, ICurrentActor actor)
    : IQueryHandler<GetMyCalendarFeedQuery, Contracts.CalendarFeed>
{
    public async Task<Result<Contracts.CalendarFeed>> Handle(
        GetMyCalendarFeedQuery query,
        CancellationToken cancellationToken
    )
    {
        if (actor.UserId is not { } userId)
        {
            return CalendarFeedErrors.NoUser;
        }

        return await feeds.FindLiveAsync(userId, cancellationToken) is { } feed
            ? new Contracts.CalendarFeed(feed.Id, feed.CreatedAt, feed.LastReadAt)
            : CalendarFeedErrors.NoFeed;
    }
}

/// <summary>
/// The calendar of a live feed whose user can still sign in (not disabled, organization active): the items of every
/// source. An unknown, revoked or blocked user's token is 404, so a token says nothing about why it stopped working.
/// </summary>
internal sealed class ReadCalendarFeedHandler(
    ICalendarFeedRepository feeds,
    IUserDirectory users,
    IEnumerable<ICalendarSource> sources,
    TimeProvider clock
) : ICommandHandler<ReadCalendarFeedCommand, string>
{
    /// <summary>A token is 43 base64url characters (32 bytes); anything else is not looked up.</summary>
    private const int TokenLength = 43;

    public async Task<Result<string>> Handle(ReadCalendarFeedCommand command, CancellationToken cancellationToken)
    {
        if (
            command.Token.Length != TokenLength
            || !command.Token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
        )
        {
            return CalendarFeedErrors.NoFeed;
        }

        var feed = await feeds.FindLiveByTokenHashAsync(SecretHash.Of(command.Token), cancellationToken);
        if (feed is null || await users.FindActiveAsync(feed.UserId, cancellationToken) is null)
        {
            return CalendarFeedErrors.NoFeed;
        }

        var now = clock.UtcNowMicroseconds();
        var items = new List<CalendarItem>();
        foreach (var source in sources)
        {
            items.AddRange(await source.ItemsForAsync(feed.UserId, now, cancellationToken));
        }

        feed.MarkRead(now);
        return ICalendar.Write("MaK CRM", items.OrderBy(i => i.Start).ThenBy(i => i.Uid, StringComparer.Ordinal), now);
    }
}

/// <summary>The user's open tasks, each as an entry of 30 minutes ending at its due time.</summary>
internal sealed class TaskCalendarSource(ITaskRepository tasks) : ICalendarSource
{
    /// <summary>The most tasks a feed carries (the soonest due).</summary>
    public const int MaxTasks = 1000;

    public async Task<IReadOnlyList<CalendarItem>> ItemsForAsync(
        Guid userId,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var filter = new Tasks.TaskFilter(userId, null, null, false, null, null, null, now);
        var rows = await tasks.ListAsync(
            new Tasks.TaskListCriteria(DataScope.All, filter, Tasks.TaskSorts.Catalog.Default, null, MaxTasks),
            cancellationToken
        );
        return rows.Select(t => new CalendarItem(
                $"task-{t.Id}@mak-crm",
                t.Title,
                t.Description,
                t.DueAt.AddMinutes(-30),
                t.DueAt,
                t.UpdatedAt
            ))
            .ToList();
    }
}
