using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.AssigneePicker;
using MakCrm.Contracts;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

/// <summary>The cabinets' pickers of a responsible user or an assignee: exactly the users a lead, deal or task may be
/// given to.</summary>
internal sealed class AssigneeEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/assignees").MapGet("/", List).WithName("listAssignees");

    private static async Task<Results<JsonOk<AssigneePage>, ProblemHttpResult>> List(
        IQueryHandler<ListAssigneesQuery, Page<AssigneeCandidateDto>> handler,
        [AsParameters] ListAssigneesParameters query,
        CancellationToken cancellationToken
    )
    {
        return Respond.Value(
            await handler.Handle(
                new ListAssigneesQuery(query.Kind?.Value, query.OrganizationId, query.Cursor, query.Limit),
                cancellationToken
            ),
            AssigneePage.From
        );
    }
}
