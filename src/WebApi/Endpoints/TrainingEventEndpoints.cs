using MakCrm.Application.Training;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

/// <summary>Training events: registration with a capacity, attendance by the organiser or by check-in code,
/// cancellation.</summary>
internal sealed class TrainingEventEndpoints : IEndpointGroup
{
    private const string Root = "/api/v1/training-events";

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Root);
        group.MapGet("/", List).WithName("listTrainingEvents");
        group.MapPost("/", Create).WithName("createTrainingEvent");
        group.MapGet("/{id:guid}", Get).WithName("getTrainingEvent");
        group.MapPatch("/{id:guid}", Update).WithName("updateTrainingEvent");
        group.MapDelete("/{id:guid}", CancelEvent).WithName("cancelTrainingEvent");
        group.MapPost("/{id:guid}/registration", Register).WithName("registerForTrainingEvent");
        group.MapDelete("/{id:guid}/registration", Cancel).WithName("cancelTrainingEventRegistration");
        group.MapGet("/{id:guid}/registrations", ListRegistrations).WithName("listTrainingEventRegistrations");
        group.MapPut("/{id:guid}/attendances/{userId:guid}", MarkAttendance).WithName("markTrainingEventAttendance");
        group.MapPost("/{id:guid}/check-in", CheckIn).WithName("checkInToTrainingEvent");
    }

    private static async Task<Results<JsonOk<TrainingEventList>, ProblemHttpResult>> List(
        IQueryHandler<ListTrainingEventsQuery, IReadOnlyList<Contracts.TrainingEvent>> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new ListTrainingEventsQuery(), cancellationToken), TrainingEventList.From);

    private static async Task<Results<JsonCreated<Contracts.TrainingEvent>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreateTrainingEventCommand, Contracts.TrainingEvent> handler,
        Body<CreateTrainingEventRequest> body,
        CancellationToken cancellationToken
    ) => Respond.Created(http.Response, Root, await handler.Handle(body.Value.ToCommand(), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.TrainingEvent>, ProblemHttpResult>> Get(
        Guid id,
        HttpContext http,
        IQueryHandler<GetTrainingEventQuery, Contracts.TrainingEvent> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(http.Response, await handler.Handle(new GetTrainingEventQuery(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.TrainingEvent>, ProblemHttpResult>> Update(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<UpdateTrainingEventCommand, Contracts.TrainingEvent> handler,
        Body<UpdateTrainingEventRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(
                UpdateTrainingEventRequest.ToCommand(id, ETag.IfMatch(ifMatch), body.Fields),
                cancellationToken
            )
        );

    private static async Task<Results<NoContent, ProblemHttpResult>> CancelEvent(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        ICommandHandler<CancelTrainingEventCommand, Unit> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.NoContent(
            await handler.Handle(new CancelTrainingEventCommand(id, ETag.IfMatch(ifMatch)), cancellationToken)
        );

    private static async Task<Results<JsonOk<TrainingEventRegistration>, ProblemHttpResult>> Register(
        Guid id,
        ICommandHandler<RegisterForEventCommand, EventRegistrationDto> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new RegisterForEventCommand(id), cancellationToken),
            TrainingEventRegistration.From
        );

    private static async Task<Results<NoContent, ProblemHttpResult>> Cancel(
        Guid id,
        ICommandHandler<CancelEventRegistrationCommand, Unit> handler,
        CancellationToken cancellationToken
    ) => Respond.NoContent(await handler.Handle(new CancelEventRegistrationCommand(id), cancellationToken));

    private static async Task<Results<JsonOk<TrainingEventRegistrationList>, ProblemHttpResult>> ListRegistrations(
        Guid id,
        IQueryHandler<ListTrainingEventRegistrationsQuery, IReadOnlyList<EventRegistrationDto>> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new ListTrainingEventRegistrationsQuery(id), cancellationToken),
            TrainingEventRegistrationList.From
        );

    private static async Task<Results<JsonOk<TrainingEventRegistration>, ProblemHttpResult>> MarkAttendance(
        Guid id,
        Guid userId,
        ICommandHandler<MarkAttendanceCommand, EventRegistrationDto> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new MarkAttendanceCommand(id, userId), cancellationToken),
            TrainingEventRegistration.From
        );

    private static async Task<Results<JsonOk<TrainingEventRegistration>, ProblemHttpResult>> CheckIn(
        Guid id,
        ICommandHandler<CheckInCommand, EventRegistrationDto> handler,
        Body<CheckInRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new CheckInCommand(id, body.Value.Code), cancellationToken),
            TrainingEventRegistration.From
        );
}
