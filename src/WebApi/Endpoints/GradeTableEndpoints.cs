using MakCrm.Application.Grades;
using MakCrm.Contracts;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;
using OrganizationKind = MakCrm.Domain.Organizations.OrganizationKind;

namespace MakCrm.WebApi.Endpoints;

/// <summary>The grade table (read by members, managed by head office), an organization's grade history and its
/// progress.</summary>
internal sealed class GradeTableEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var grades = app.MapGroup("/api/v1/grades");
        grades.MapGet("/", List).WithName("listGrades");
        grades.MapPost("/", Create).WithName("createGrade");
        grades.MapPut("/{id:guid}", Update).WithName("updateGrade");

        var organizations = app.MapGroup("/api/v1/organizations");
        organizations.MapGet("/{id:guid}/grade-history", History).WithName("listGradeHistory");
        organizations.MapGet("/{id:guid}/grade-progress", Progress).WithName("getGradeProgress");
    }

    private static async Task<Results<JsonOk<GradeDefinitionList>, ProblemHttpResult>> List(
        IQueryHandler<ListGradesQuery, IReadOnlyList<GradeDto>> handler,
        [AsParameters] ListGradesParameters query,
        CancellationToken cancellationToken
    )
    {
        return Respond.Value(
            await handler.Handle(new ListGradesQuery(query.Kind?.Value), cancellationToken),
            GradeDefinitionList.From
        );
    }

    private static async Task<Results<JsonCreated<GradeDefinition>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreateGradeCommand, GradeDto> handler,
        Body<CreateGradeRequest> body,
        CancellationToken cancellationToken
    )
    {
        var result = await handler.Handle(body.Value.ToCommand(), cancellationToken);
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }

        ETag.Write(http.Response, result.Value.Version);
        return JsonAnswer.Created($"/api/v1/grades/{result.Value.Id}", GradeDefinition.From(result.Value));
    }

    private static async Task<Results<JsonOk<GradeDefinition>, ProblemHttpResult>> Update(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<UpdateGradeCommand, GradeDto> handler,
        Body<UpdateGradeRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(body.Value.ToCommand(id, ETag.IfMatch(ifMatch)), cancellationToken),
            GradeDefinition.From
        );

    private static async Task<Results<JsonOk<GradeHistoryPage>, ProblemHttpResult>> History(
        Guid id,
        IQueryHandler<ListGradeHistoryQuery, Page<GradeRecordDto>> handler,
        [AsParameters] ListGradeHistoryParameters query,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new ListGradeHistoryQuery(id, query.Cursor, query.Limit), cancellationToken),
            GradeHistoryPage.From
        );

    private static async Task<Results<JsonOk<GradeProgress>, ProblemHttpResult>> Progress(
        Guid id,
        IQueryHandler<GetGradeProgressQuery, GradeProgressDto> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new GetGradeProgressQuery(id), cancellationToken), GradeProgress.From);
}
