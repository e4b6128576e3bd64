using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Common;
using MakCrm.Application.CreditProgrammes;
using MakCrm.Contracts;
using MakCrm.WebApi.Http;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

internal sealed class CreditProgrammeEndpoints : IEndpointGroup
{
    private const string Path = "/api/v1/credit-programmes";

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path);
        group.MapGet("/", List).WithName("listCreditProgrammes").SortedBy(CreditProgrammeSorts.Catalog);
        group.MapPost("/", Create).WithName("createCreditProgramme");
        group.MapGet("/{id:guid}", Get).WithName("getCreditProgramme");
        group.MapPatch("/{id:guid}", Update).WithName("updateCreditProgramme");
        app.MapGet("/api/v1/leads/{id:guid}/credit-programmes", MatchLead).WithName("matchLeadCreditProgrammes");
    }

    private static async Task<Results<JsonOk<CreditProgrammePage>, ProblemHttpResult>> List(
        IQueryHandler<ListCreditProgrammesQuery, Page<Contracts.CreditProgramme>> handler,
        [AsParameters] ListCreditProgrammesParameters query,
        CancellationToken cancellationToken
    )
    {
        var list = new ListCreditProgrammesQuery(
            query.BankCode,
            query.Product?.Value,
            query.EffectiveOn,
            query.Archived,
            query.Q,
            query.Sort,
            query.Cursor,
            query.Limit
        );
        return Respond.Value(await handler.Handle(list, cancellationToken), CreditProgrammePage.From);
    }

    private static async Task<Results<JsonCreated<Contracts.CreditProgramme>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreateCreditProgrammeCommand, Contracts.CreditProgramme> handler,
        Body<CreateCreditProgrammeRequest> body,
        CancellationToken cancellationToken
    ) => Respond.Created(http.Response, Path, await handler.Handle(body.Value.ToCommand(), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.CreditProgramme>, ProblemHttpResult>> Get(
        Guid id,
        HttpResponse response,
        IQueryHandler<GetCreditProgrammeQuery, Contracts.CreditProgramme> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(new GetCreditProgrammeQuery(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.CreditProgramme>, ProblemHttpResult>> Update(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpResponse response,
        ICommandHandler<UpdateCreditProgrammeCommand, Contracts.CreditProgramme> handler,
        Body<UpdateCreditProgrammeRequest> body,
        CancellationToken cancellationToken
    )
    {
        var command = UpdateCreditProgrammeRequest.ToCommand(id, ETag.IfMatch(ifMatch), body.Fields);
        return Respond.Ok(response, await handler.Handle(command, cancellationToken));
    }

    private static async Task<Results<JsonOk<LeadCreditProgrammes>, ProblemHttpResult>> MatchLead(
        Guid id,
        IQueryHandler<MatchLeadCreditProgrammesQuery, LeadCreditProgrammes> handler,
        [AsParameters] MatchLeadCreditProgrammesParameters query,
        CancellationToken cancellationToken
    )
    {
        var match = new MatchLeadCreditProgrammesQuery(
            id,
            query.Amount,
            query.Product?.Value,
            query.TermMonths,
            query.Age,
            query.MonthlyIncome,
            query.Region
        );
        return Respond.Value(await handler.Handle(match, cancellationToken));
    }
}
