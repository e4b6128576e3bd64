using MakCrm.Application.LeadStatuses;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Endpoints;

/// <summary>Lead statuses: configured by the administrator, with the moves between them.</summary>
internal sealed class LeadStatusEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var statuses = app.MapGroup("/api/v1/lead-statuses");
        statuses.MapGet("/", ListStatuses).WithName("listLeadStatuses");
        statuses.MapPost("/", CreateStatus).WithName("createLeadStatus");
        statuses.MapPatch("/{code}", UpdateStatus).WithName("updateLeadStatus");
        statuses.MapDelete("/{code}", DeleteStatus).WithName("deleteLeadStatus");
    }

    private static async Task<Results<JsonOk<LeadStatusList>, ProblemHttpResult>> ListStatuses(
        IQueryHandler<ListLeadStatusesQuery, IReadOnlyList<LeadStatusDto>> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new ListLeadStatusesQuery(), cancellationToken), LeadStatusList.From);

    private static async Task<Results<JsonCreated<LeadStatus>, ProblemHttpResult>> CreateStatus(
        HttpContext http,
        ICommandHandler<CreateLeadStatusCommand, LeadStatusDto> handler,
        Body<CreateLeadStatusRequest> body,
        CancellationToken cancellationToken
    )
    {
        var result = await handler.Handle(body.Value.ToCommand(), cancellationToken);
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }

        ETag.Write(http.Response, result.Value.Version);
        return JsonAnswer.Created($"/api/v1/lead-statuses/{result.Value.Code}", LeadStatus.From(result.Value));
    }

    private static async Task<Results<JsonOk<LeadStatus>, ProblemHttpResult>> UpdateStatus(
        string code,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<UpdateLeadStatusCommand, LeadStatusDto> handler,
        Body<UpdateLeadStatusRequest> body,
        CancellationToken cancellationToken
    )
    {
        var command = UpdateLeadStatusRequest.ToCommand(code, ETag.IfMatch(ifMatch), body.Fields);
        return Respond.Ok(http.Response, await handler.Handle(command, cancellationToken), LeadStatus.From);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteStatus(
        string code,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        ICommandHandler<DeleteLeadStatusCommand, Unit> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.NoContent(
            await handler.Handle(new DeleteLeadStatusCommand(code, ETag.IfMatch(ifMatch)), cancellationToken)
        );
}
