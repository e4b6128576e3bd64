using MakCrm.Application.Reports;
using MakCrm.WebApi.Wire;

namespace MakCrm.WebApi.Endpoints;

/// <summary>The role dashboards: panels of report queries run by the report engine in the caller's scope.</summary>
internal sealed class DashboardEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/dashboards").MapGet("/{name}", Get).WithName("getDashboard");

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
}
