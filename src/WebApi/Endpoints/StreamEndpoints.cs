using System.Security.Claims;
using MakCrm.Application.Events;
using MakCrm.Domain.Access;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Observability;
using MakCrm.Infrastructure.Security;
using MakCrm.Infrastructure.Streaming;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Endpoints;

internal sealed class StreamEndpoints : IEndpointGroup
{
    public const string EventStreamType = "text/event-stream";

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/stream");
        group
            .MapGet("/", Open)
            .WithName("openStream")
            .Produces(StatusCodes.Status200OK, typeof(string), EventStreamType);
        group.MapPost("/tickets", IssueTicket).WithName("createStreamTicket");
    }

    private static async Task<IResult> Open(
        HttpContext http,
        IQueryHandler<OpenStreamQuery, StreamStart> handler,
        StreamSubscribers subscribers,
        StreamSlots slots,
        IOptions<StreamOptions> options,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventIdHeader,
        [AsParameters] OpenStreamParameters query,
        CancellationToken cancellationToken
    )
    {
        _ = query.Ticket; // Read by the authentication (BearerAuthentication), declared here for the contract.
        var start = await handler.Handle(
            new OpenStreamQuery(
                string.IsNullOrEmpty(lastEventIdHeader) ? query.LastEventId : lastEventIdHeader,
                query.Types?.Select(t => t.Name).ToList()
            ),
            cancellationToken
        );
        if (!start.IsSuccess)
        {
            return Problems.From(start.Error!);
        }

        var user = http.User;
        var caller = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var userId = Guid.TryParse(caller, out var id) ? id : (Guid?)null;
        var slot = await slots.TryTakeAsync(caller, options.Value.MaxStreamsPerCaller, cancellationToken);
        if (slot is null)
        {
            return Problems.Result(
                StatusCodes.Status429TooManyRequests,
                ErrorCodes.StreamLimitReached,
                $"You have {options.Value.MaxStreamsPerCaller} streams open already; close one before opening "
                    + $"another (one stream carries every event type)."
            );
        }

        try
        {
            using var subscription = subscribers.Add(caller, userId, CallerIdentity.Has(user, Permissions.AuctionRead));
            MakMetrics.StreamOpened();
            try
            {
                await EventStream.RunAsync(http, start.Value, subscription, cancellationToken);
            }
            finally
            {
                MakMetrics.StreamClosed();
            }
        }
        finally
        {
            await slots.ReleaseAsync(slot.Value);
        }

        return Results.Empty;
    }

    /// <summary>
    /// Safe to repeat without an Idempotency-Key: each call issues a fresh ticket, and one left unused lapses in
    /// seconds
    /// and gives nothing but the stream its caller may open anyway.
    /// </summary>
    private static async Task<JsonOk<Contracts.StreamTicket>> IssueTicket(
        HttpContext http,
        StreamTickets tickets,
        CancellationToken cancellationToken
    )
    {
        var user = http.User;
        var subject = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var isUser = Guid.TryParse(subject, out _);
        var signIn = Guid.TryParse(user.FindFirstValue(BearerAuthentication.SignInClaim), out var sid)
            ? sid
            : (Guid?)null;

        // A user's permissions come from the roles held when the ticket is used; an API client's from what its token
        // gave it now, as far as the client still has them then.
        var scope =
            isUser || user.Identity is not CallerIdentity identity
                ? null
                : string.Join(' ', identity.Permissions.Order(StringComparer.Ordinal));
        var issued = await tickets.IssueAsync(
            subject,
            user.FindFirstValue(BearerAuthentication.ClientIdClaim)!,
            Guid.Parse(user.FindFirstValue(BearerAuthentication.OrganizationClaim)!),
            signIn,
            scope,
            cancellationToken
        );
        return JsonAnswer.Ok(new Contracts.StreamTicket(issued.Ticket, issued.ExpiresAt));
    }
}
