using System.Text;
using MakCrm.Application.Calendars;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Wire;

namespace MakCrm.WebApi.Endpoints;

internal sealed class CalendarFeedEndpoints : IEndpointGroup
{
    public const string FeedPath = "/api/v1/calendar-feeds";

    public void Map(IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("/api/v1/me/calendar-feed");
        mine.MapGet("/", Get).WithName("getMyCalendarFeed");
        mine.MapPost("/", Issue).WithName("issueCalendarFeed");
        mine.MapDelete("/", Revoke).WithName("revokeCalendarFeed");

        // The token in the path is the credential: calendar applications send no Authorization header.
        app.MapGet(FeedPath + "/{token}.ics", Read)
            .WithName("readCalendarFeed")
            .Produces(StatusCodes.Status200OK, typeof(string), "text/calendar");
    }

    private static async Task<Results<JsonOk<Contracts.CalendarFeed>, ProblemHttpResult>> Get(
        IQueryHandler<GetMyCalendarFeedQuery, Contracts.CalendarFeed> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new GetMyCalendarFeedQuery(), cancellationToken));

    private static async Task<Results<JsonCreated<IssuedCalendarFeed>, ProblemHttpResult>> Issue(
        HttpRequest request,
        ICommandHandler<IssueCalendarFeedCommand, IssuedCalendarFeedDto> handler,
        CancellationToken cancellationToken
    )
    {
        var result = await handler.Handle(new IssueCalendarFeedCommand(), cancellationToken);
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }

        var feed = result.Value;
        var url = $"{request.Scheme}://{request.Host}{request.PathBase}{FeedPath}/{feed.Token}.ics";
        return JsonAnswer.Created(
            "/api/v1/me/calendar-feed",
            new IssuedCalendarFeed(feed.Id, feed.Token, url, feed.CreatedAt)
        );
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(
        ICommandHandler<RevokeCalendarFeedCommand, Unit> handler,
        CancellationToken cancellationToken
    ) => Respond.NoContent(await handler.Handle(new RevokeCalendarFeedCommand(), cancellationToken));

    private static async Task<IResult> Read(
        string token,
        HttpResponse response,
        ICommandHandler<ReadCalendarFeedCommand, string> handler,
        CancellationToken cancellationToken
    )
    {
        var result = await handler.Handle(new ReadCalendarFeedCommand(token), cancellationToken);
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }

        response.Headers.CacheControl = "private, max-age=300";
        return TypedResults.Text(result.Value, "text/calendar; charset=utf-8", Encoding.UTF8);
    }
}
