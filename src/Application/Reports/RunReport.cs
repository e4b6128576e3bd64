using MakCrm.Domain.Reports;

namespace MakCrm.Application.Reports;

public sealed record RunReportQuery(ReportDefinition Definition) : IQuery<ReportResult>;

/// <summary>The datasets the caller may read, with their fields.</summary>
public sealed record ListReportFieldsQuery : IQuery<IReadOnlyList<ReportDataset>>;

internal sealed class RunReportHandler(IReportEngine engine, ICurrentActor actor, IPersonalDataReads reads)
    : IQueryHandler<RunReportQuery, ReportResult>
{
    public async Task<Result<ReportResult>> Handle(RunReportQuery query, CancellationToken cancellationToken)
    {
        var plan = ReportPlanner.Plan(query.Definition, actor);
        return plan.IsSuccess ? await ReportReads.RunAsync(engine, plan.Value, reads, cancellationToken) : plan.Error!;
    }
}

internal sealed class ListReportFieldsHandler(ICurrentActor actor)
    : IQueryHandler<ListReportFieldsQuery, IReadOnlyList<ReportDataset>>
{
    public Task<Result<IReadOnlyList<ReportDataset>>> Handle(
        ListReportFieldsQuery query,
        CancellationToken cancellationToken
    ) =>
        Task.FromResult<Result<IReadOnlyList<ReportDataset>>>(
            ReportCatalogue
                .Datasets.Where(d => actor.Has(d.ReadOwnPermission) || actor.Has(d.ReadAllPermission))
                .ToList()
        );
}
