using MakCrm.Application.Documents;
using MakCrm.Application.Reports;
using MakCrm.WebApi.Wire;

namespace MakCrm.WebApi.Endpoints;

/// <summary>The role dashboards: panels of report queries run by the report engine in the caller's scope, as JSON or
/// as a printable PDF.</summary>
internal sealed class DashboardEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var dashboards = app.MapGroup("/api/v1/dashboards");
        dashboards.MapGet("/{name}", Get).WithName("getDashboard");
        dashboards
            .MapGet("/{name}/pdf", Pdf)
            .WithName("exportDashboardPdf")
            .Produces(StatusCodes.Status200OK, typeof(Stream), ContentSniffer.Pdf);
    }

    private static async Task<Results<JsonOk<Contracts.Dashboard>, ProblemHttpResult>> Get(
        string name,
        IQueryHandler<GetDashboardQuery, DashboardResult> handler,
        [AsParameters] GetDashboardParameters query,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new GetDashboardQuery(name, query.From, query.To, query.TimeZone), cancellationToken),
            Contracts.Dashboard.Of
        );

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Pdf(
        string name,
        IQueryHandler<ExportDashboardQuery, DashboardFile> handler,
        [AsParameters] ExportDashboardPdfParameters query,
        CancellationToken cancellationToken
    )
    {
        var file = await handler.Handle(
            new ExportDashboardQuery(name, query.From, query.To, query.TimeZone),
            cancellationToken
        );
        return file.IsSuccess
            ? TypedResults.File(file.Value.Content, ContentSniffer.Pdf, file.Value.FileName)
            : Problems.From(file.Error!);
    }
}
