using MakCrm.Application.Deals;
using MakCrm.WebApi.Wire;

namespace MakCrm.WebApi.Endpoints;

/// <summary>The deals forecast: read-only, over the deals the caller may read.</summary>
internal sealed class ForecastEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/forecast").MapGet("/", Get).WithName("getForecast");

    private static async Task<Results<JsonOk<Contracts.Forecast>, ProblemHttpResult>> Get(
        IQueryHandler<GetForecastQuery, ForecastDto> handler,
        [AsParameters] GetForecastParameters query,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(
                new GetForecastQuery(query.PipelineId, query.From, query.To)
                {
                    OrganizationId = query.OrganizationId,
                    ResponsibleUserId = query.ResponsibleUserId,
                },
                cancellationToken
            ),
            Contracts.Forecast.Of
        );
}
