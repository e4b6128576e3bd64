using System.Globalization;
using System.Text;
using MakCrm.Application.Reports;
using MakCrm.Domain.Common;
using MakCrm.Domain.Reports;
using MakCrm.Infrastructure.Persistence.Repositories;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.Reports;

/// <summary>
/// A report plan compiled to one parameterised statement: identifiers and expressions come only from
/// <see cref="ReportSources"/> (by the catalogue's keys), every value is a positional parameter (<c>$1</c>, …), an
/// <c>in</c> list is one array parameter, and <c>contains</c> / <c>startsWith</c> patterns are escaped before binding.
/// </summary>
internal sealed class ReportSql
{
    private readonly List<NpgsqlParameter> _parameters = [];
    private readonly ReportSource _source;
    private readonly ReportPlan _plan;

    private ReportSql(ReportPlan plan)
    {
        _plan = plan;
        _source = ReportSources.All[plan.Dataset.Key];
    }

    public string Rows { get; private set; } = "";

    /// <summary>The measures over every matching row (no grouping): the totals.</summary>
    public string Totals { get; private set; } = "";

    public IReadOnlyList<NpgsqlParameter> Parameters => _parameters;

    /// <summary>The cells of a row of <see cref="Rows"/>: the columns, and the clients' ids when the plan shows
    /// personal data.</summary>
    public int RowCells => _plan.Dimensions.Count + _plan.Measures.Count + (_plan.ShowsPersonalData ? 1 : 0);

    public static ReportSql Compile(ReportPlan plan)
    {
        var sql = new ReportSql(plan);
        sql.Build();
        return sql;
    }

    private void Build()
    {
        var timeZone = _plan.Dimensions.Any(d => d.Bucket is not null)
            ? Parameter(_plan.TimeZone, NpgsqlDbType.Text)
            : null;
        var where = new StringBuilder(_source.Live);
        if (_plan.Scope.OrganizationId is { } organization)
        {
            where
                .Append(" AND ")
                .Append(_source.OrganizationColumn)
                .Append(" = ")
                .Append(Parameter(organization, NpgsqlDbType.Uuid));
        }

        if (_plan.Scope.Responsibles is { } responsibles && _source.Responsible is { } responsible)
        {
            var ids = Parameter(responsibles.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid);
            where.Append(" AND ").Append(string.Format(CultureInfo.InvariantCulture, responsible, ids));
        }

        if (_plan.Filter is { } filter)
        {
            where.Append(" AND ").Append(Condition(filter));
        }

        var measures = _plan.Measures.Select((m, i) => $"{Measure(m)} AS m{i}").ToList();
        var from = $" FROM {_source.From} WHERE {where}";
        Totals = $"SELECT {string.Join(", ", measures)}{from}";

        var dimensions = _plan.Dimensions.Select((d, i) => $"{Dimension(d, timeZone)} AS d{i}").ToList();
        // A row that shows a client's personal data also answers the clients it groups, as a last column.
        var clients = _plan.ShowsPersonalData
            ? [$"array_remove(array_agg(DISTINCT {_source.Client}), NULL) AS clients"]
            : Array.Empty<string>();
        var rows = new StringBuilder("SELECT ")
            .AppendJoin(", ", dimensions.Concat(measures).Concat(clients))
            .Append(from);
        if (dimensions.Count > 0)
        {
            rows.Append(" GROUP BY ").AppendJoin(", ", Enumerable.Range(1, dimensions.Count));
        }

        var dimensionCount = _plan.Dimensions.Count;
        var order = _plan
            .Sort.Select(s =>
                $"{(s.Column < dimensionCount ? $"d{s.Column}" : $"m{s.Column - dimensionCount}")} "
                + $"{(s.Descending ? "DESC NULLS LAST" : "ASC NULLS FIRST")}"
            )
            .ToList();
        if (order.Count > 0)
        {
            rows.Append(" ORDER BY ").AppendJoin(", ", order);
        }

        // One row more than asked for says whether there were more.
        rows.Append(" LIMIT ").Append(_plan.Limit + 1);
        Rows = rows.ToString();
    }

    private string Expression(ReportField field) =>
        field.Custom is { } custom ? _source.CustomField(custom) : _source.Fields[field.Key];

    private static string Dimension(
        PlannedDimension dimension,
        string? timeZone,
        Func<ReportField, string> expression
    ) =>
        dimension.Bucket is { } bucket
            ? $"date_trunc('{Unit(bucket)}', {expression(dimension.Field)} AT TIME ZONE {timeZone})::date"
            : expression(dimension.Field);

    private string Dimension(PlannedDimension dimension, string? timeZone) =>
        Dimension(dimension, timeZone, Expression);

    private static string Unit(Contracts.ReportTimeBucket bucket) =>
        bucket switch
        {
            Contracts.ReportTimeBucket.Day => "day",
            Contracts.ReportTimeBucket.Week => "week",
            Contracts.ReportTimeBucket.Month => "month",
            Contracts.ReportTimeBucket.Quarter => "quarter",
            _ => "year",
        };

    private string Measure(PlannedMeasure measure) =>
        measure.Op switch
        {
            Contracts.ReportMeasureOp.Count => measure.Field is { } field ? $"count({Expression(field)})" : "count(*)",
            Contracts.ReportMeasureOp.CountDistinct => $"count(DISTINCT {Expression(measure.Field!)})",
            Contracts.ReportMeasureOp.Sum => $"sum({Expression(measure.Field!)})",
            Contracts.ReportMeasureOp.Avg =>
                $"round(avg({Expression(measure.Field!)}), {(measure.Field!.Type == ReportFieldType.Money ? 2 : 4)})",
            Contracts.ReportMeasureOp.Min => $"min({Expression(measure.Field!)})",
            Contracts.ReportMeasureOp.Max => $"max({Expression(measure.Field!)})",
            _ => Conversion(measure),
        };

    private string Conversion(PlannedMeasure measure)
    {
        var denominator = measure.Denominator is { } d ? Condition(d) : "TRUE";
        var numerator = Condition(measure.Numerator!);
        return $"round(count(*) FILTER (WHERE ({numerator}) AND ({denominator}))::numeric / NULLIF(count(*) FILTER "
            + $"(WHERE {denominator}), 0), 4)";
    }

    private string Condition(PlannedFilter filter) =>
        filter switch
        {
            PlannedAnd and => "(" + string.Join(" AND ", and.Parts.Select(Condition)) + ")",
            PlannedOr or => "(" + string.Join(" OR ", or.Parts.Select(Condition)) + ")",
            PlannedNot not => $"(NOT COALESCE({Condition(not.Part)}, FALSE))",
            PlannedCondition condition => Leaf(condition),
            _ => throw new InvalidOperationException($"Unknown filter {filter.GetType().Name}."),
        };

    private string Leaf(PlannedCondition condition)
    {
        var expression = Expression(condition.Field);
        var type = condition.Field.Type;
        string Value(int i) => Parameter(condition.Values[i], DbType(type));
        return condition.Operator switch
        {
            ReportOperator.Eq => $"({expression} = {Value(0)})",
            ReportOperator.Neq => $"({expression} IS DISTINCT FROM {Value(0)})",
            ReportOperator.In => $"({expression} = ANY({List(condition)}))",
            ReportOperator.NotIn => $"({expression} IS NULL OR NOT ({expression} = ANY({List(condition)})))",
            ReportOperator.Contains => $"({expression} ILIKE "
                + $"{Parameter("%" + TextSearch.EscapeLike((string)condition.Values[0]) + "%", NpgsqlDbType.Text)} "
                + $"ESCAPE '\\')",
            ReportOperator.StartsWith => $"({expression} ILIKE "
                + $"{Parameter(TextSearch.EscapeLike((string)condition.Values[0]) + "%", NpgsqlDbType.Text)} ESCAPE "
                + $"'\\')",
            ReportOperator.Gt => $"({expression} > {Value(0)})",
            ReportOperator.Gte => $"({expression} >= {Value(0)})",
            ReportOperator.Lt => $"({expression} < {Value(0)})",
            ReportOperator.Lte => $"({expression} <= {Value(0)})",
            ReportOperator.Between => $"({expression} BETWEEN {Value(0)} AND {Value(1)})",
            ReportOperator.IsEmpty => type == ReportFieldType.String
                ? $"({expression} IS NULL OR {expression} = '')"
                : $"({expression} IS NULL)",
            ReportOperator.IsNotEmpty => type == ReportFieldType.String
                ? $"({expression} <> '')"
                : $"({expression} IS NOT NULL)",
            ReportOperator.IsTrue => $"({expression} IS TRUE)",
            ReportOperator.IsFalse => $"({expression} IS FALSE)",
            _ => throw new InvalidOperationException($"Unknown operator {condition.Operator}."),
        };
    }

    private string List(PlannedCondition condition) =>
        condition.Field.Type switch
        {
            ReportFieldType.Integer => Parameter(
                condition.Values.Cast<long>().ToArray(),
                NpgsqlDbType.Array | NpgsqlDbType.Bigint
            ),
            ReportFieldType.Money or ReportFieldType.Number => Parameter(
                condition.Values.Cast<decimal>().ToArray(),
                NpgsqlDbType.Array | NpgsqlDbType.Numeric
            ),
            ReportFieldType.Uuid => Parameter(
                condition.Values.Cast<Guid>().ToArray(),
                NpgsqlDbType.Array | NpgsqlDbType.Uuid
            ),
            _ => Parameter(condition.Values.Cast<string>().ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
        };

    private static NpgsqlDbType DbType(ReportFieldType type) =>
        type switch
        {
            ReportFieldType.Integer => NpgsqlDbType.Bigint,
            ReportFieldType.Money or ReportFieldType.Number => NpgsqlDbType.Numeric,
            ReportFieldType.Uuid => NpgsqlDbType.Uuid,
            ReportFieldType.Date or ReportFieldType.DateTime => NpgsqlDbType.TimestampTz,
            ReportFieldType.Boolean => NpgsqlDbType.Boolean,
            _ => NpgsqlDbType.Text,
        };

    private string Parameter(object value, NpgsqlDbType type)
    {
        _parameters.Add(
            new NpgsqlParameter { Value = value is DateTimeOffset at ? at.UtcDateTime : value, NpgsqlDbType = type }
        );
        return $"${_parameters.Count}";
    }
}
