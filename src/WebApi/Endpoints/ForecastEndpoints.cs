using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Deals;
using MakCrm.WebApi.Http;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MakCrm.WebApi.Endpoints;

/// <summary>The deals forecast: read-only, over the deals the caller may read.</summary>
internal sealed class ForecastEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/forecast").MapGet("/", Get).WithName("getForecast");

    private static async Task<Results<JsonOk<Contracts.Forecast>, ProblemHttpResult>> Get(
        IQueryHandler<GetForecastQuery, ForecastDto> handler,
        CancellationToken cancellationToken,
        Guid? pipelineId = null,
        DateTimeOffset? from = null,
        DateTimeOffset? to = null
    ) =>
        Respond.Value(
            await handler.Handle(new GetForecastQuery(pipelineId, from, to), cancellationToken),
            Contracts.Forecast.Of
        );
}
