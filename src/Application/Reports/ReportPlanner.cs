using System.Globalization;
using System.Text.RegularExpressions;
using MakCrm.Domain.CustomFields;
using MakCrm.Domain.Reports;

namespace MakCrm.Application.Reports;

/// <summary>
/// Checks a <see cref="ReportDefinition"/> against the catalogue and the caller and resolves it into a
/// <see cref="ReportPlan"/>. Every refusal names the part of the query at fault (<c>measures[1].field</c>).
/// </summary>
public static partial class ReportPlanner
{
    public const int MaxDimensions = 3;
    public const int MaxMeasures = 10;
    public const int MaxRows = 10_000;
    public const int DefaultRows = 1_000;
    public const int MaxFilterDepth = 5;
    public const int MaxConditions = 50;
    public const int MaxValues = 1_000;
    public const int MaxValueLength = 500;
    public const string DefaultTimeZone = "Europe/Moscow";

    public static Contracts.ReportColumnType ColumnTypeOf(ReportFieldType type) =>
        type switch
        {
            ReportFieldType.String => Contracts.ReportColumnType.String,
            ReportFieldType.Enum => Contracts.ReportColumnType.Enum,
            ReportFieldType.Integer => Contracts.ReportColumnType.Integer,
            ReportFieldType.Money => Contracts.ReportColumnType.Money,
            ReportFieldType.Date => Contracts.ReportColumnType.Date,
            ReportFieldType.DateTime => Contracts.ReportColumnType.DateTime,
            ReportFieldType.Boolean => Contracts.ReportColumnType.Boolean,
            ReportFieldType.Number => Contracts.ReportColumnType.Number,
            _ => Contracts.ReportColumnType.Uuid,
        };

    /// <summary>
    /// The plan, or the problem: 403 <c>report_dataset_forbidden</c> for a dataset the caller may not read, 400
    /// <c>report_query_invalid</c> with one error per part at fault. With <paramref name="saved"/> (a saved report's
    /// definition, under <c>query.</c>), a field the catalogue no longer has is a 409 <c>report_field_removed</c>.
    /// With <paramref name="customFields"/> (the definitions the caller sees), the dataset also has their fields
    /// (<see cref="ReportDataset.WithCustomFields"/>); without, a custom field is unknown.
    /// </summary>
    public static Result<ReportPlan> Plan(
        ReportDefinition definition,
        ICurrentActor actor,
        bool saved = false,
        IEnumerable<CustomFieldDefinition>? customFields = null
    )
    {
        var check = new Check(saved ? "query." : "");
        var dataset = ReportCatalogue.Find(definition.Dataset);
        if (dataset is null)
        {
            check.Unknown(
                "dataset",
                $"Is not a dataset of the catalogue: use one of "
                    + $"{string.Join(", ", ReportCatalogue.Datasets.Select(d => d.Key))}."
            );
            return check.Failure();
        }

        if (!actor.Has(dataset.ReadOwnPermission) && !actor.Has(dataset.ReadAllPermission))
        {
            return new Error(
                ErrorCodes.ReportDatasetForbidden,
                $"Reading the dataset '{dataset.Key}' needs {dataset.ReadOwnPermission} or "
                    + $"{dataset.ReadAllPermission}.",
                ErrorKind.Forbidden
            );
        }

        if (customFields is not null)
        {
            dataset = dataset.WithCustomFields(customFields);
        }

        var timeZone = ResolveTimeZone(definition.TimeZone, check);
        var dimensions = Dimensions(definition.Dimensions, dataset, check);
        var filter = definition.Filter is null
            ? null
            : Filter(definition.Filter, "filter", dataset, timeZone, check, 1);
        var measures = Measures(definition.Measures, dataset, timeZone, check);
        var keys = dimensions.Select(d => d.Key).Concat(measures.Select(m => m.Key)).ToList();
        foreach (var duplicate in keys.GroupBy(k => k, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            check.Add("measures", $"Two columns are named '{duplicate.Key}': give the measures distinct names (as).");
        }

        var sort = Sort(definition.Sort, keys, check);
        if (definition.Limit is < 1 or > MaxRows)
        {
            check.Add("limit", $"Must be 1 to {MaxRows}.");
        }

        if (check.Count(c => c.Kind == Kind.Condition) > MaxConditions)
        {
            check.Add("filter", $"Has more than {MaxConditions} conditions.");
        }

        if (check.HasErrors)
        {
            return check.Failure();
        }

        if (sort.Count == 0)
        {
            sort = dimensions.Select((_, i) => new PlannedSort(i, false)).ToList();
        }

        return new ReportPlan(
            dataset,
            DataScope.For(actor, dataset.ReadAllPermission),
            timeZone?.Id ?? DefaultTimeZone,
            dimensions,
            measures,
            filter,
            sort,
            definition.Limit ?? DefaultRows
        );
    }

    /// <summary>
    /// A filter alone over one dataset, as an automation rule's condition is: the planned filter (times in
    /// <see cref="DefaultTimeZone"/>), or the errors keyed by the part at fault under <paramref name="path"/>.
    /// </summary>
    public static (PlannedFilter? Filter, IReadOnlyDictionary<string, string[]> Errors) PlanFilter(
        ReportFilter filter,
        ReportDataset dataset,
        string path
    )
    {
        var check = new Check("");
        var planned = Filter(filter, path, dataset, FindTimeZone(null), check, 1);
        if (check.Count(c => c.Kind == Kind.Condition) > MaxConditions)
        {
            check.Add(path, $"Has more than {MaxConditions} conditions.");
        }

        return check.HasErrors ? (null, check.Errors()) : (planned, check.Errors());
    }

    /// <summary>
    /// The plan that counts the rows of <paramref name="dataset"/> with the id <paramref name="id"/> that
    /// <paramref name="filter"/> keeps, whatever organization they belong to: one when the row matches, none
    /// otherwise.
    /// </summary>
    public static ReportPlan Matching(ReportDataset dataset, Guid id, PlannedFilter filter) =>
        new(
            dataset,
            DataScope.All,
            DefaultTimeZone,
            [],
            [new PlannedMeasure("count", "count", Contracts.ReportMeasureOp.Count, null, null, null)],
            new PlannedAnd([new PlannedCondition(dataset.Field("id")!, ReportOperator.Eq, [id]), filter]),
            [],
            1
        );

    public const string TimeZoneHint = "Is not an IANA time zone name (such as Europe/Moscow).";

    /// <summary>The IANA time zone of that name (<see cref="DefaultTimeZone"/> for none), or <c>null</c> when there is
    /// none such.</summary>
    public static TimeZoneInfo? FindTimeZone(string? name)
    {
        name ??= DefaultTimeZone;
        return
            TimeZoneName().IsMatch(name)
            && TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone)
            && zone.Id == name
            ? zone
            : null;
    }

    private static TimeZoneInfo? ResolveTimeZone(string? name, Check check)
    {
        if (FindTimeZone(name) is { } zone)
        {
            return zone;
        }

        check.Add("timeZone", TimeZoneHint);
        return null;
    }

    private static List<PlannedDimension> Dimensions(
        IReadOnlyList<ReportDimension> dimensions,
        ReportDataset dataset,
        Check check
    )
    {
        if (dimensions.Count > MaxDimensions)
        {
            check.Add("dimensions", $"At most {MaxDimensions} dimensions.");
            return [];
        }

        var planned = new List<PlannedDimension>();
        for (var i = 0; i < dimensions.Count; i++)
        {
            var path = $"dimensions[{i}]";
            var dimension = dimensions[i];
            if (FieldOf(dataset, dimension.Field, $"{path}.field", check) is not { } field)
            {
                continue;
            }

            if (!field.Groupable)
            {
                check.Add($"{path}.field", $"'{field.Key}' cannot be grouped by.");
            }
            else if (dimension.TimeBucket is not null && !field.IsTime)
            {
                check.Add($"{path}.timeBucket", $"'{field.Key}' is not a time field; only time fields take a bucket.");
            }
            else
            {
                var bucket = field.IsTime
                    ? dimension.TimeBucket ?? Contracts.ReportTimeBucket.Day
                    : (Contracts.ReportTimeBucket?)null;
                var key = bucket is { } b ? $"{field.Key}.{SnakeCaseNames.Of(b)}" : field.Key;
                planned.Add(new PlannedDimension(key, field, bucket));
            }
        }

        return planned;
    }

    private static List<PlannedMeasure> Measures(
        IReadOnlyList<ReportMeasure> measures,
        ReportDataset dataset,
        TimeZoneInfo? timeZone,
        Check check
    )
    {
        if (measures.Count is 0 or > MaxMeasures)
        {
            check.Add("measures", $"Name 1 to {MaxMeasures} measures.");
            return [];
        }

        var planned = new List<PlannedMeasure>();
        for (var i = 0; i < measures.Count; i++)
        {
            var path = $"measures[{i}]";
            var measure = measures[i];
            var op = measure.Op;
            ReportField? field = null;
            var takesField = op is not (Contracts.ReportMeasureOp.Count or Contracts.ReportMeasureOp.Conversion);
            if (measure.Field is not null)
            {
                field = FieldOf(dataset, measure.Field, $"{path}.field", check);
                if (op == Contracts.ReportMeasureOp.Conversion)
                {
                    check.Add($"{path}.field", "A conversion takes no field: it counts rows.");
                }
                else if (
                    field is not null
                    && op is Contracts.ReportMeasureOp.Sum or Contracts.ReportMeasureOp.Avg
                    && !field.Aggregatable
                )
                {
                    check.Add(
                        $"{path}.field",
                        $"'{field.Key}' is not a number: {SnakeCaseNames.Of(op)} takes an integer or money field."
                    );
                }
                else if (
                    field is not null
                    && op is Contracts.ReportMeasureOp.Min or Contracts.ReportMeasureOp.Max
                    && !field.Aggregatable
                    && !field.IsTime
                )
                {
                    check.Add(
                        $"{path}.field",
                        $"'{field.Key}' has no order: {SnakeCaseNames.Of(op)} takes a number or a time field."
                    );
                }
            }
            else if (takesField)
            {
                check.Add($"{path}.field", $"{SnakeCaseNames.Of(op)} needs a field.");
            }

            PlannedFilter? numerator = null,
                denominator = null;
            if (op == Contracts.ReportMeasureOp.Conversion)
            {
                numerator = measure.Numerator is null
                    ? check.Add($"{path}.numerator", "A conversion needs a numerator filter.")
                    : Filter(measure.Numerator, $"{path}.numerator", dataset, timeZone, check, 1);
                denominator = measure.Denominator is null
                    ? null
                    : Filter(measure.Denominator, $"{path}.denominator", dataset, timeZone, check, 1);
            }
            else if (measure.Numerator is not null || measure.Denominator is not null)
            {
                check.Add(
                    $"{path}.{(measure.Numerator is not null ? "numerator" : "denominator")}",
                    "Only a conversion takes a numerator or a denominator."
                );
            }

            if (measure.As is not null && !ColumnName().IsMatch(measure.As))
            {
                check.Add($"{path}.as", "1 to 40 letters, digits and underscores, starting with a letter.");
            }

            var key = measure.As ?? (field is null ? SnakeCaseNames.Of(op) : $"{SnakeCaseNames.Of(op)}.{field.Key}");
            var label = field is null ? OpLabel(op) : $"{OpLabel(op)}: {field.Label}";
            planned.Add(new PlannedMeasure(key, label, op, field, numerator, denominator));
        }

        return planned;
    }

    private static string OpLabel(Contracts.ReportMeasureOp op) =>
        op switch
        {
            Contracts.ReportMeasureOp.Count => "Количество",
            Contracts.ReportMeasureOp.CountDistinct => "Количество различных",
            Contracts.ReportMeasureOp.Sum => "Сумма",
            Contracts.ReportMeasureOp.Avg => "Среднее",
            Contracts.ReportMeasureOp.Min => "Минимум",
            Contracts.ReportMeasureOp.Max => "Максимум",
            _ => "Конверсия",
        };

    private static List<PlannedSort> Sort(IReadOnlyList<ReportSort> sort, List<string> keys, Check check)
    {
        var planned = new List<PlannedSort>();
        for (var i = 0; i < sort.Count; i++)
        {
            var column = keys.IndexOf(sort[i].By);
            if (column < 0)
            {
                check.Add(
                    $"sort[{i}].by",
                    "Is not a column of the report: name a dimension's key or a measure's name."
                );
            }
            else
            {
                planned.Add(new PlannedSort(column, sort[i].Direction == Contracts.ReportSortDirection.Desc));
            }
        }

        if (sort.Count > keys.Count + 1)
        {
            check.Add("sort", "Sorts by more columns than the report has.");
        }

        return planned;
    }

    private static PlannedFilter? Filter(
        ReportFilter filter,
        string path,
        ReportDataset dataset,
        TimeZoneInfo? timeZone,
        Check check,
        int depth
    )
    {
        if (depth > MaxFilterDepth)
        {
            return check.Add(path, $"The filter is nested deeper than {MaxFilterDepth} levels.");
        }

        var parts =
            (filter.And is not null ? 1 : 0)
            + (filter.Or is not null ? 1 : 0)
            + (filter.Not is not null ? 1 : 0)
            + (filter.Field is not null || filter.Operator is not null || filter.Values is not null ? 1 : 0);
        if (parts != 1)
        {
            return check.Add(path, "Give exactly one of and, or, not, or a condition (field, operator, values).");
        }

        if (filter.And is { } and)
        {
            return Group(and, $"{path}.and", parts => new PlannedAnd(parts));
        }

        if (filter.Or is { } or)
        {
            return Group(or, $"{path}.or", parts => new PlannedOr(parts));
        }

        if (filter.Not is { } not)
        {
            return Filter(not, $"{path}.not", dataset, timeZone, check, depth + 1) is { } inner
                ? new PlannedNot(inner)
                : null;
        }

        check.Condition();
        return Condition(filter, path, dataset, timeZone, check);

        PlannedFilter? Group(
            IReadOnlyList<ReportFilter> items,
            string groupPath,
            Func<IReadOnlyList<PlannedFilter>, PlannedFilter> make
        )
        {
            if (items.Count == 0)
            {
                return check.Add(groupPath, "Name at least one filter.");
            }

            var planned = items
                .Select((item, i) => Filter(item, $"{groupPath}[{i}]", dataset, timeZone, check, depth + 1))
                .ToList();
            return planned.All(p => p is not null) ? make(planned!) : null;
        }
    }

    private static PlannedFilter? Condition(
        ReportFilter filter,
        string path,
        ReportDataset dataset,
        TimeZoneInfo? timeZone,
        Check check
    )
    {
        if (filter.Field is null)
        {
            return check.Add($"{path}.field", "A condition needs a field.");
        }

        if (FieldOf(dataset, filter.Field, $"{path}.field", check) is not { } field)
        {
            return null;
        }

        if (!field.Filterable)
        {
            return check.Add($"{path}.field", $"'{field.Key}' cannot be filtered by.");
        }

        if (filter.Operator is not { } op)
        {
            return check.Add($"{path}.operator", "A condition needs an operator.");
        }

        if (!field.Operators.Contains(op))
        {
            return check.Add(
                $"{path}.operator",
                $"'{field.Key}' ({SnakeCaseNames.Of(field.Type)}) takes "
                    + $"{string.Join(", ", field.Operators.Select(o => SnakeCaseNames.Of(o)))}."
            );
        }

        var texts = filter.Values ?? [];
        var (min, max) = op switch
        {
            ReportOperator.IsEmpty or ReportOperator.IsNotEmpty or ReportOperator.IsTrue or ReportOperator.IsFalse => (
                0,
                0
            ),
            ReportOperator.In or ReportOperator.NotIn => (1, MaxValues),
            ReportOperator.Between => (2, 2),
            _ => (1, 1),
        };
        if (texts.Count < min || texts.Count > max)
        {
            return check.Add(
                $"{path}.values",
                min == max
                    ? $"{SnakeCaseNames.Of(op)} takes {min} value(s)."
                    : $"{SnakeCaseNames.Of(op)} takes {min} to {max} values."
            );
        }

        var values = new List<object>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (Parse(field, texts[i], timeZone) is { } value)
            {
                values.Add(value);
            }
            else
            {
                check.Add($"{path}.values[{i}]", ValueHint(field));
            }
        }

        if (values.Count != texts.Count)
        {
            return null;
        }

        return field.IsTime ? TimeCondition(field, op, values) : new PlannedCondition(field, op, values);
    }

    /// <summary>
    /// A condition on a time field as conditions on instants: a date stands for its whole day in the report's time
    /// zone, so <c>lte 2026-01-31</c> is before the next midnight and <c>between</c> takes both days whole.
    /// </summary>
    private static PlannedFilter TimeCondition(ReportField field, ReportOperator op, List<object> values)
    {
        var ranges = values.Cast<TimeValue>().ToList();
        PlannedCondition At(ReportOperator o, DateTimeOffset at) => new(field, o, [at]);
        return op switch
        {
            ReportOperator.Eq => ranges[0].IsDay
                ? new PlannedAnd([At(ReportOperator.Gte, ranges[0].Start), At(ReportOperator.Lt, ranges[0].End)])
                : At(ReportOperator.Eq, ranges[0].Start),
            ReportOperator.Gt => ranges[0].IsDay
                ? At(ReportOperator.Gte, ranges[0].End)
                : At(ReportOperator.Gt, ranges[0].Start),
            ReportOperator.Gte => At(ReportOperator.Gte, ranges[0].Start),
            ReportOperator.Lt => At(ReportOperator.Lt, ranges[0].Start),
            ReportOperator.Lte => ranges[0].IsDay
                ? At(ReportOperator.Lt, ranges[0].End)
                : At(ReportOperator.Lte, ranges[0].Start),
            ReportOperator.Between => new PlannedAnd([
                At(ReportOperator.Gte, ranges[0].Start),
                ranges[1].IsDay ? At(ReportOperator.Lt, ranges[1].End) : At(ReportOperator.Lte, ranges[1].Start),
            ]),
            _ => new PlannedCondition(field, op, []),
        };
    }

    private sealed record TimeValue(DateTimeOffset Start, DateTimeOffset End, bool IsDay);

    private static object? Parse(ReportField field, string text, TimeZoneInfo? timeZone)
    {
        if (text.Length > MaxValueLength)
        {
            return null;
        }

        var invariant = CultureInfo.InvariantCulture;
        switch (field.Type)
        {
            case ReportFieldType.String:
                return text;
            case ReportFieldType.Enum:
                return field.Values!.Contains(text, StringComparer.Ordinal) ? text : null;
            case ReportFieldType.Integer:
                return long.TryParse(text, NumberStyles.AllowLeadingSign, invariant, out var integer) ? integer : null;
            case ReportFieldType.Number:
                return decimal.TryParse(
                    text,
                    NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                    invariant,
                    out var number
                )
                    ? number
                    : null;
            case ReportFieldType.Money:
                return
                    decimal.TryParse(
                        text,
                        NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                        invariant,
                        out var money
                    )
                    && Math.Abs(money) < 1e12m
                    ? money
                    : null;
            case ReportFieldType.Uuid:
                return Guid.TryParseExact(text, "D", out var id) ? id : null;
            case ReportFieldType.Date or ReportFieldType.DateTime:
                var zone = timeZone ?? TimeZoneInfo.Utc;
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", invariant, DateTimeStyles.None, out var day))
                {
                    return MidnightOf(day, zone) is { } start && MidnightOf(day.AddDays(1), zone) is { } end
                        ? new TimeValue(start, end, true)
                        : null;
                }

                // A time must carry its offset: a bare local time would be read in the server's zone.
                return text.Length > 19 && (text.EndsWith('Z') || text[^6] is '+' or '-') ? ParseInstant(text) : null;
            default:
                return null;
        }
    }

    private static TimeValue? ParseInstant(string text) =>
        DateTimeOffset.TryParseExact(
            text,
            ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"],
            CultureInfo.InvariantCulture,
            DateTimeStyles.None,
            out var at
        )
            ? new TimeValue(at.ToUniversalTime(), at.ToUniversalTime(), false)
            : null;

    private static DateTimeOffset? MidnightOf(DateOnly day, TimeZoneInfo zone)
    {
        try
        {
            var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
            return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string ValueHint(ReportField field) =>
        field.Type switch
        {
            ReportFieldType.Enum => $"Use one of {string.Join(", ", field.Values!)}.",
            ReportFieldType.Integer => "Is not an integer.",
            ReportFieldType.Money => "Is not an amount (digits with a decimal point).",
            ReportFieldType.Number => "Is not a number (digits with a decimal point).",
            ReportFieldType.Uuid => "Is not a UUID.",
            ReportFieldType.Date or ReportFieldType.DateTime =>
                "Is not a date (2026-01-31) or a time with its offset (2026-01-31T10:00:00+03:00).",
            _ => $"At most {MaxValueLength} characters.",
        };

    private static ReportField? FieldOf(ReportDataset dataset, string key, string path, Check check)
    {
        if (dataset.Field(key) is { } field)
        {
            return field;
        }

        check.Unknown(
            path,
            dataset.NamesCustomField(key)
                ? $"Is not a custom field of the dataset '{dataset.Key}' that you see (archived ones are left out)."
                : $"Is not a field of the dataset '{dataset.Key}'."
        );
        return null;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,39}$")]
    private static partial Regex ColumnName();

    [GeneratedRegex("^(UTC|[A-Z][A-Za-z_]+(/[A-Za-z0-9_+-]+){1,2})$")]
    private static partial Regex TimeZoneName();

    private enum Kind
    {
        Error,
        Unknown,
        Condition,
    }

    /// <summary>The errors found so far, by the path of the part at fault.</summary>
    private sealed class Check(string prefix) : List<(Kind Kind, string Path, string Message)>
    {
        public bool HasErrors => this.Any(e => e.Kind != Kind.Condition);

        public PlannedFilter? Add(string path, string message)
        {
            Add((Kind.Error, prefix + path, message));
            return null;
        }

        public void Unknown(string path, string message) => Add((Kind.Unknown, prefix + path, message));

        public void Condition() => Add((Kind.Condition, "", ""));

        public Dictionary<string, string[]> Errors() =>
            this.Where(e => e.Kind != Kind.Condition)
                .GroupBy(e => e.Path, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);

        public Error Failure()
        {
            var errors = Errors();
            var unknown = this.Where(e => e.Kind == Kind.Unknown).Select(e => e.Path).ToList();
            if (prefix.Length > 0 && unknown.Count > 0)
            {
                return new Error(
                    ErrorCodes.ReportFieldRemoved,
                    $"The saved report names what the catalogue no longer has at {string.Join(", ", unknown)}; "
                        + $"change its query.",
                    ErrorKind.Conflict,
                    errors
                );
            }

            return new Error(
                ErrorCodes.ReportQueryInvalid,
                "The report query is not valid: " + string.Join("; ", errors.Keys) + ".",
                ErrorKind.Validation,
                errors
            );
        }
    }
}
