using MakCrm.Application.Deals;
using MakCrm.Contracts;
using Forecast = MakCrm.Contracts.Forecast;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class ForecastMappings
{
    /// <summary>The pipeline-weighted expected amount by month and the historical win rates (schema
    /// <c>Forecast</c>).</summary>
    extension(Forecast)
    {
        public static Forecast Of(ForecastDto dto) =>
            new(
                dto.PipelineId,
                dto.OrganizationId,
                dto.ResponsibleUserId,
                dto.From,
                dto.To,
                dto.TimeZone,
                dto.ExpectedAmount,
                dto.Months,
                dto.CloseExpectedAmount,
                dto.CloseMonths,
                dto.Targets,
                dto.ByPipeline.Select(r => new PipelineWinRate(r.PipelineId!.Value, r.Won, r.Lost, r.WinRate)).ToList(),
                dto.BySource.Select(r => new SourceWinRate(r.Source!, r.Won, r.Lost, r.WinRate)).ToList()
            );
    }
}
