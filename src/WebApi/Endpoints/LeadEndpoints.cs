using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Leads;
using MakCrm.Application.Leads.Intake;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.Domain.Leads;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Endpoints;

internal sealed class LeadEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/leads");
        group.MapGet("/", List).WithName("listLeads").SortedBy(LeadSorts.Catalog);
        group.MapPost("/", Create).WithName("createLead");
        group.MapGet("/{id:guid}", Get).WithName("getLead");
        group.MapPatch("/{id:guid}", Update).WithName("updateLead");
        group.MapDelete("/{id:guid}", Delete).WithName("deleteLead");
        group.MapPost("/{id:guid}/hand-over", HandOver).WithName("handOverLead");

        var submissions = app.MapGroup("/api/v1/lead-submissions");
        submissions.MapPost("/", Submit).WithName("submitLead");
        submissions
            .MapPost("/batch", SubmitBatch)
            .WithName("submitLeadBatch")
            .Produces<LeadSubmissionBatchResult>(StatusCodes.Status207MultiStatus);
    }

    private static async Task<Results<JsonOk<LeadPage>, ProblemHttpResult>> List(
        IQueryHandler<ListLeadsQuery, Page<LeadDto>> handler,
        [AsParameters] ListLeadsParameters query,
        CancellationToken cancellationToken
    )
    {
        var list = new ListLeadsQuery(
            query.Q,
            query.ClientId,
            query.Status,
            query.Product?.Value,
            query.ResponsibleUserId,
            query.AmountMin,
            query.AmountMax,
            query.CreatedFrom,
            query.CreatedTo,
            query.Sort,
            query.Cursor,
            query.Limit,
            query.DuplicateOf,
            query.IsDuplicate,
            query.ExternalRef,
            query.UpdatedFrom,
            query.UpdatedTo,
            query.OrganizationId,
            query.Source,
            query.City,
            query.Cf,
            query.WithTotal,
            query.CfSort
        );
        return Respond.Value(await handler.Handle(list, cancellationToken), LeadPage.From);
    }

    private static async Task<Results<JsonCreated<Contracts.Lead>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreateLeadCommand, LeadDto> handler,
        Body<CreateLeadRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Created(
            http.Response,
            "/api/v1/leads",
            await handler.Handle(body.Value.ToCommand(), cancellationToken),
            Contracts.Lead.From
        );

    private static async Task<Results<JsonCreated<LeadSubmissionResult>, ProblemHttpResult>> Submit(
        HttpContext http,
        ICommandHandler<SubmitLeadCommand, LeadIntakeOutcome> handler,
        Body<CreateLeadSubmissionRequest> body,
        CancellationToken cancellationToken
    )
    {
        var result = await handler.Handle(body.Value.ToCommand(), cancellationToken);
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }

        // The lead is the resource: its location and its ETag, as if it had been created by createLead.
        ETag.Write(http.Response, result.Value.Lead.Version);
        return JsonAnswer.Created($"/api/v1/leads/{result.Value.Lead.Id}", LeadSubmissionResult.From(result.Value));
    }

    /// <summary>
    /// Each item is read with the checks of a body and run through submitLead's own handler (its validator, its
    /// transaction): an item succeeds or fails on its own, and one that fails leaves nothing written. The request took
    /// one request of the caller's quota; every further item takes one more, before anything runs.
    /// </summary>
    private static async Task<IResult> SubmitBatch(
        HttpContext http,
        ICommandHandler<SubmitLeadCommand, LeadIntakeOutcome> handler,
        IUnitOfWork unitOfWork,
        RateLimits limits,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        Body<LeadSubmissionBatchRequest> body,
        CancellationToken cancellationToken
    )
    {
        var items = body.Value.Items;
        if (items.Count is 0 or > LeadSubmissionBatchRequest.MaxItems)
        {
            return Problems.From(
                Error.Validation("items", $"Must hold 1 to {LeadSubmissionBatchRequest.MaxItems} submissions.")
            );
        }

        if (await limits.EnforceMoreAsync(http, limits.Api, RateLimits.Caller(http), items.Count - 1) is { } refusal)
        {
            return refusal;
        }

        var options = json.Value.SerializerOptions;
        var results = new List<LeadSubmissionBatchItemWritten>(items.Count);
        for (var index = 0; index < items.Count; index++)
        {
            var read = JsonBodyReader.ReadElement<CreateLeadSubmissionRequest>(items[index], options);
            var result = read.IsSuccess
                ? await handler.Handle(read.Value.Value.ToCommand(), cancellationToken)
                : read.Error!;
            results.Add(
                result.IsSuccess
                    ? LeadSubmissionBatchItemWritten.Created(index, result.Value)
                    : LeadSubmissionBatchItemWritten.Refused(index, Problems.ForItem(result.Error!, http))
            );

            // The item is committed or rolled back; what it tracked is of no use to the next one.
            unitOfWork.DiscardChanges();
        }

        return JsonAnswer.WithStatus(StatusCodes.Status207MultiStatus, new LeadSubmissionBatchResultWritten(results));
    }

    private static async Task<Results<JsonOk<Contracts.Lead>, ProblemHttpResult>> Get(
        Guid id,
        HttpResponse response,
        IQueryHandler<GetLeadQuery, LeadDto> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(new GetLeadQuery(id), cancellationToken), Contracts.Lead.From);

    private static async Task<Results<JsonOk<Contracts.Lead>, ProblemHttpResult>> Update(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<UpdateLeadCommand, LeadDto> handler,
        Body<UpdateLeadRequest> body,
        CancellationToken cancellationToken
    )
    {
        var command = UpdateLeadRequest.ToCommand(id, ETag.IfMatch(ifMatch), body.Fields);
        return Respond.Ok(http.Response, await handler.Handle(command, cancellationToken), Contracts.Lead.From);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        ICommandHandler<DeleteLeadCommand, Unit> handler,
        CancellationToken cancellationToken
    ) => Respond.NoContent(await handler.Handle(new DeleteLeadCommand(id, ETag.IfMatch(ifMatch)), cancellationToken));

    private static async Task<Results<JsonOk<Contracts.Lead>, ProblemHttpResult>> HandOver(
        Guid id,
        HttpContext http,
        ICommandHandler<HandOverLeadCommand, LeadDto> handler,
        Body<HandOverLeadRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(body.Value.ToCommand(id), cancellationToken),
            Contracts.Lead.From
        );
}
