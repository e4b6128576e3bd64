using MakCrm.Domain.Reports;

namespace MakCrm.Application.Reports;

public sealed record RunReportQuery(ReportDefinition Definition) : IQuery<ReportResult>;

/// <summary>The datasets the caller may read, with their fields and the custom fields the caller sees.</summary>
public sealed record ListReportFieldsQuery : IQuery<IReadOnlyList<ReportDataset>>;

internal sealed class RunReportHandler(IReportEngine engine, ReportPlanning planning, IPersonalDataReads reads)
    : IQueryHandler<RunReportQuery, ReportResult>
{
    public async Task<Result<ReportResult>> Handle(RunReportQuery query, CancellationToken cancellationToken)
    {
        var plan = await planning.PlanAsync(query.Definition, saved: false, cancellationToken);
        return plan.IsSuccess ? await ReportReads.RunAsync(engine, plan.Value, reads, cancellationToken) : plan.Error!;
    }
}

internal sealed class ListReportFieldsHandler(ICurrentActor actor, ReportPlanning planning)
    : IQueryHandler<ListReportFieldsQuery, IReadOnlyList<ReportDataset>>
{
    public async Task<Result<IReadOnlyList<ReportDataset>>> Handle(
        ListReportFieldsQuery query,
        CancellationToken cancellationToken
    ) =>
        Result<IReadOnlyList<ReportDataset>>.Success(
            await planning.WithCustomFieldsAsync(
                [
                    .. ReportCatalogue.Datasets.Where(d =>
                        actor.Has(d.ReadOwnPermission) || actor.Has(d.ReadAllPermission)
                    ),
                ],
                cancellationToken
            )
        );
}
