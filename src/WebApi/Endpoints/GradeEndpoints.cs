using MakCrm.Application.Organizations;
using MakCrm.Contracts;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

/// <summary>A franchisee's grade, set by the administrator.</summary>
internal sealed class GradeEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/organizations").MapPut("/{id:guid}/grade", SetGrade).WithName("setOrganizationGrade");
    }

    private static async Task<Results<JsonOk<Organization>, ProblemHttpResult>> SetGrade(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<SetOrganizationGradeCommand, OrganizationDto> handler,
        Body<SetOrganizationGradeRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(body.Value.ToCommand(id, ETag.IfMatch(ifMatch)), cancellationToken),
            Organization.From
        );
}
