using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Common;
using MakCrm.Application.Consents;
using MakCrm.Contracts;
using MakCrm.WebApi.Http;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MakCrm.WebApi.Endpoints;

internal sealed class ConsentEndpoints : IEndpointGroup
{
    private const string Path = "/api/v1/consents";

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path);
        group.MapGet("/", List).WithName("listConsents").SortedBy(ConsentSorts.Catalog);
        group.MapPost("/", Create).WithName("createConsent");
        group.MapGet("/{id:guid}", Get).WithName("getConsent");
        group.MapPost("/{id:guid}/withdrawal", Withdraw).WithName("withdrawConsent");
        app.MapGet("/api/v1/consent-checks", Check).WithName("checkConsent");
    }

    private static async Task<Results<JsonOk<ConsentPage>, ProblemHttpResult>> List(
        IQueryHandler<ListConsentsQuery, Page<Contracts.Consent>> handler,
        [AsParameters] ListConsentsParameters query,
        CancellationToken cancellationToken
    )
    {
        var list = new ListConsentsQuery(
            query.ClientId,
            query.Purpose?.Value,
            query.Status?.Value,
            query.Sort,
            query.Cursor,
            query.Limit
        );
        return Respond.Value(await handler.Handle(list, cancellationToken), ConsentPage.From);
    }

    private static async Task<Results<JsonCreated<Contracts.Consent>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreateConsentCommand, Contracts.Consent> handler,
        Body<CreateConsentRequest> body,
        CancellationToken cancellationToken
    ) => Respond.Created(http.Response, Path, await handler.Handle(body.Value.ToCommand(), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.Consent>, ProblemHttpResult>> Get(
        Guid id,
        HttpResponse response,
        IQueryHandler<GetConsentQuery, Contracts.Consent> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(new GetConsentQuery(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.Consent>, ProblemHttpResult>> Withdraw(
        Guid id,
        HttpResponse response,
        ICommandHandler<WithdrawConsentCommand, Contracts.Consent> handler,
        Body<WithdrawConsentRequest> body,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(body.Value.ToCommand(id), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.Consent>, ProblemHttpResult>> Check(
        HttpResponse response,
        IQueryHandler<CheckConsentQuery, Contracts.Consent> handler,
        [AsParameters] CheckConsentParameters query,
        CancellationToken cancellationToken
    )
    {
        var check = new CheckConsentQuery(query.ClientId, query.Purpose.Value!.Value);
        return Respond.Ok(response, await handler.Handle(check, cancellationToken));
    }
}
