using MakCrm.Domain.Reports;

namespace MakCrm.Application.Reports;

/// <summary>
/// A checked query, every part resolved against the catalogue and the caller: what Infrastructure compiles to SQL.
/// It holds catalogue entries and parsed values only, never text of the request.
/// </summary>
public sealed record ReportPlan(
    ReportDataset Dataset,
    DataScope Scope,
    string TimeZone,
    IReadOnlyList<PlannedDimension> Dimensions,
    IReadOnlyList<PlannedMeasure> Measures,
    PlannedFilter? Filter,
    IReadOnlyList<PlannedSort> Sort,
    int Limit
)
{
    /// <summary>Whether a dimension shows a client's personal data, so that the rows are reads of the clients they
    /// group: the engine then also answers each row's clients (see <see cref="ReportResult.ShownClients"/>).</summary>
    public bool ShowsPersonalData => Dimensions.Any(d => d.Field.Personal);

    /// <summary>The columns of the result: the dimensions, then the measures.</summary>
    public IReadOnlyList<ReportColumn> Columns =>
        [
            .. Dimensions.Select(d => new ReportColumn(
                d.Key,
                d.Bucket is { } bucket ? $"{d.Field.Label} ({BucketLabel(bucket)})" : d.Field.Label,
                d.ResultType,
                d.Field.Key,
                d.Bucket
            )),
            .. Measures.Select(m => new ReportColumn(m.Key, m.Label, m.ResultType, m.Field?.Key, null)),
        ];

    private static string BucketLabel(Contracts.ReportTimeBucket bucket) =>
        bucket switch
        {
            Contracts.ReportTimeBucket.Day => "день",
            Contracts.ReportTimeBucket.Week => "неделя",
            Contracts.ReportTimeBucket.Month => "месяц",
            Contracts.ReportTimeBucket.Quarter => "квартал",
            _ => "год",
        };
}

public sealed record PlannedDimension(string Key, ReportField Field, Contracts.ReportTimeBucket? Bucket)
{
    public Contracts.ReportColumnType ResultType =>
        Bucket is not null ? Contracts.ReportColumnType.Date : ReportPlanner.ColumnTypeOf(Field.Type);
}

public sealed record PlannedMeasure(
    string Key,
    string Label,
    Contracts.ReportMeasureOp Op,
    ReportField? Field,
    PlannedFilter? Numerator,
    PlannedFilter? Denominator
)
{
    public Contracts.ReportColumnType ResultType =>
        Op switch
        {
            Contracts.ReportMeasureOp.Count or Contracts.ReportMeasureOp.CountDistinct => Contracts
                .ReportColumnType
                .Integer,
            Contracts.ReportMeasureOp.Conversion => Contracts.ReportColumnType.Ratio,
            Contracts.ReportMeasureOp.Avg when Field!.Type == ReportFieldType.Integer => Contracts
                .ReportColumnType
                .Number,
            _ => ReportPlanner.ColumnTypeOf(Field!.Type),
        };
}

/// <summary>A filter with its values parsed; conditions on time fields are already turned into instants.</summary>
public abstract record PlannedFilter;

public sealed record PlannedAnd(IReadOnlyList<PlannedFilter> Parts) : PlannedFilter;

public sealed record PlannedOr(IReadOnlyList<PlannedFilter> Parts) : PlannedFilter;

public sealed record PlannedNot(PlannedFilter Part) : PlannedFilter;

/// <summary>
/// One condition. Values are typed by the field: <see cref="string"/>, <see cref="long"/>, <see cref="decimal"/>,
/// <see cref="Guid"/>, or <see cref="DateTimeOffset"/> in UTC; <c>between</c> has two, <c>in</c> one or more.
/// </summary>
public sealed record PlannedCondition(ReportField Field, ReportOperator Operator, IReadOnlyList<object> Values)
    : PlannedFilter;

/// <summary>Sorts by the result column at <paramref name="Column"/> (dimensions first, then measures).</summary>
public sealed record PlannedSort(int Column, bool Descending);

public sealed record ReportColumn(
    string Key,
    string Label,
    Contracts.ReportColumnType Type,
    string? Field,
    Contracts.ReportTimeBucket? TimeBucket
);

/// <summary>
/// A report's answer: rows of cells in column order (<see cref="string"/>, <see cref="long"/>, <see cref="decimal"/>,
/// <see cref="double"/>, <see cref="bool"/>, <see cref="Guid"/>, <see cref="DateOnly"/>, <see cref="DateTimeOffset"/>
/// or <c>null</c>), the measures over every row that matched (<see cref="Totals"/>, in measure order), and the clients
/// whose personal data the rows showed (<see cref="ReportPlan.ShowsPersonalData"/>; empty otherwise), for the read log.
/// </summary>
public sealed record ReportResult(
    IReadOnlyList<ReportColumn> Columns,
    IReadOnlyList<object?[]> Rows,
    IReadOnlyList<object?> Totals,
    bool Truncated,
    string TimeZone,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<Guid> ShownClients
);
