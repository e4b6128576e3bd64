using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Common;
using MakCrm.Application.PersonalData;
using MakCrm.Contracts;
using MakCrm.WebApi.Http;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

internal sealed class PersonalDataIncidentEndpoints : IEndpointGroup
{
    private const string Path = "/api/v1/personal-data-incidents";

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path);
        group.MapGet("/", List).WithName("listPersonalDataIncidents").SortedBy(PersonalDataIncidentSorts.Catalog);
        group.MapPost("/", Create).WithName("createPersonalDataIncident");
        group.MapGet("/{id:guid}", Get).WithName("getPersonalDataIncident");
        group.MapPatch("/{id:guid}", Update).WithName("updatePersonalDataIncident");
        group.MapGet("/{id:guid}/reads", ListReads).WithName("listPersonalDataIncidentReads");
    }

    private static async Task<Results<JsonOk<PersonalDataIncidentPage>, ProblemHttpResult>> List(
        IQueryHandler<ListPersonalDataIncidentsQuery, Page<Contracts.PersonalDataIncident>> handler,
        [AsParameters] ListPersonalDataIncidentsParameters query,
        CancellationToken cancellationToken
    )
    {
        var list = new ListPersonalDataIncidentsQuery(query.Open, query.Sort, query.Cursor, query.Limit);
        return Respond.Value(await handler.Handle(list, cancellationToken), PersonalDataIncidentPage.From);
    }

    private static async Task<Results<JsonCreated<Contracts.PersonalDataIncident>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreatePersonalDataIncidentCommand, Contracts.PersonalDataIncident> handler,
        Body<CreatePersonalDataIncidentRequest> body,
        CancellationToken cancellationToken
    ) => Respond.Created(http.Response, Path, await handler.Handle(body.Value.ToCommand(), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.PersonalDataIncident>, ProblemHttpResult>> Get(
        Guid id,
        HttpResponse response,
        IQueryHandler<GetPersonalDataIncidentQuery, Contracts.PersonalDataIncident> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(new GetPersonalDataIncidentQuery(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.PersonalDataIncident>, ProblemHttpResult>> Update(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpResponse response,
        ICommandHandler<UpdatePersonalDataIncidentCommand, Contracts.PersonalDataIncident> handler,
        Body<UpdatePersonalDataIncidentRequest> body,
        CancellationToken cancellationToken
    )
    {
        var command = UpdatePersonalDataIncidentRequest.ToCommand(id, ETag.IfMatch(ifMatch), body.Fields);
        return Respond.Ok(response, await handler.Handle(command, cancellationToken));
    }

    private static async Task<Results<JsonOk<PersonalDataReadPage>, ProblemHttpResult>> ListReads(
        Guid id,
        IQueryHandler<ListPersonalDataIncidentReadsQuery, Page<PersonalDataReadDto>> handler,
        [AsParameters] ListPersonalDataIncidentReadsParameters query,
        CancellationToken cancellationToken
    )
    {
        var reads = new ListPersonalDataIncidentReadsQuery(id, query.Access, query.Cursor, query.Limit);
        return Respond.Value(await handler.Handle(reads, cancellationToken), PersonalDataReadPage.From);
    }
}
