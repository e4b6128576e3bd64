namespace MakCrm.WebApi.Contracts;

/// <summary>The caller's live calendar feed, without its secret (schema <c>CalendarFeed</c>).</summary>
public sealed record CalendarFeed(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset? LastReadAt);

/// <summary>A newly issued feed: the token and the URL carrying it are shown only here (schema <c>IssuedCalendarFeed</c>).</summary>
public sealed record IssuedCalendarFeed(Guid Id, string Token, string Url, DateTimeOffset CreatedAt);
