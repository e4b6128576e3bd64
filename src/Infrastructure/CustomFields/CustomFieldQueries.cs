using System.Linq.Expressions;
using System.Reflection;
using MakCrm.Application.Common;
using MakCrm.Application.CustomFields;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Persistence.Repositories;

namespace MakCrm.Infrastructure.CustomFields;

/// <summary>
/// The SQL of a list's conditions on custom fields and of its sort by one, for clients, leads and deals alike (each has
/// its values in <c>custom_fields jsonb</c>). Containment (<c>@&gt;</c>) is answered by the table's GIN index over all
/// fields; a bound and a sort read <c>custom_field_value(custom_fields, 'key')</c>, the expression of the sortable
/// field's own index (<see cref="CustomFieldIndexes"/>), with the key written as a literal so that the planner matches
/// the index whatever plan it keeps.
/// </summary>
internal static class CustomFieldQueries
{
    public const string ValueFunction = "custom_field_value";

    private static readonly MethodInfo ValueMethod = typeof(CustomFieldQueries).GetMethod(nameof(Value))!;

    /// <summary>
    /// jsonb orders values by type first (null, strings, numbers, booleans, arrays, objects), so a bound alone would
    /// also take values of other types (a missing value is JSON null, below every bound's value). Each bound keeps to
    /// its type's range instead: a stored number is a decimal (less than 7.93e28 either way), so the numbers are
    /// [-1e29, false) and the strings (null, -1e29). Ranges on the indexed expression, unlike a <c>jsonb_typeof</c>
    /// test, go into the index scan and are estimated from its statistics.
    /// </summary>
    private static readonly Dictionary<string, (string Above, bool AboveIncluded, string Below)> TypeRanges = new()
    {
        ["number"] = ("-1e29", true, "false"),
        ["string"] = ("null", false, "-1e29"),
    };

    private static readonly MethodInfo ContainsMethod = typeof(NpgsqlJsonDbFunctionsExtensions).GetMethod(
        nameof(NpgsqlJsonDbFunctionsExtensions.JsonContains),
        [typeof(DbFunctions), typeof(object), typeof(object)]
    )!;

    private static readonly MethodInfo CompareMethod = typeof(string).GetMethod(
        nameof(string.Compare),
        [typeof(string), typeof(string)]
    )!;

    /// <summary>The field's value (jsonb), JSON <c>null</c> when the record has none; translated to
    /// <see cref="ValueFunction"/> (registered in <see cref="Persistence.MakCrmDbContext"/>).</summary>
    public static string Value(string customFields, string key) => throw Untranslated(nameof(Value));

    public static IQueryable<T> WhereCustomFields<T>(
        this IQueryable<T> query,
        IReadOnlyList<CustomFieldCondition> conditions
    )
    {
        foreach (var condition in conditions)
        {
            query = query.Where(Predicate<T>(condition));
        }

        return query;
    }

    /// <summary>A keyset page of rows sorted by the field's value, then by id.</summary>
    public static IQueryable<T> PageByCustomField<T>(
        this IQueryable<T> query,
        string key,
        bool descending,
        KeysetPosition? after,
        int take
    )
        where T : AggregateRoot
    {
        var row = Expression.Parameter(typeof(T), "r");
        return query.Page(Expression.Lambda<Func<T, string>>(ValueOf(row, key), row), descending, after, take);
    }

    private static Expression<Func<T, bool>> Predicate<T>(CustomFieldCondition condition)
    {
        var row = Expression.Parameter(typeof(T), "r");
        // A member of a constant object: the condition's value goes to SQL as a parameter.
        var json = Expression.Property(Expression.Constant(new Bound(condition.Json)), nameof(Bound.Json));
        if (condition.Comparison == CustomFieldComparison.Contains)
        {
            var contains = Expression.Call(
                ContainsMethod,
                Expression.Constant(EF.Functions),
                Values(row),
                json
            );
            return Expression.Lambda<Func<T, bool>>(contains, row);
        }

        var value = ValueOf(row, condition.Key);
        var (above, aboveIncluded, below) = TypeRanges[condition.JsonType];
        var fromAbove = aboveIncluded ? ExpressionType.GreaterThanOrEqual : ExpressionType.GreaterThan;
        var body = Expression.AndAlso(
            Compare(value, Expression.Constant(above), fromAbove),
            Compare(value, Expression.Constant(below), ExpressionType.LessThan)
        );
        var bound = condition.Comparison switch
        {
            CustomFieldComparison.Above => ExpressionType.GreaterThan,
            CustomFieldComparison.AtLeast => ExpressionType.GreaterThanOrEqual,
            CustomFieldComparison.Below => ExpressionType.LessThan,
            _ => ExpressionType.LessThanOrEqual,
        };
        return Expression.Lambda<Func<T, bool>>(Expression.AndAlso(body, Compare(value, json, bound)), row);
    }

    /// <summary><c>value op other</c> on jsonb, written as <c>string.Compare(value, other) op 0</c>.</summary>
    private static BinaryExpression Compare(Expression value, Expression other, ExpressionType op) =>
        Expression.MakeBinary(op, Expression.Call(CompareMethod, value, other), Expression.Constant(0));

    private static MemberExpression Values(ParameterExpression row) => Expression.Property(row, "CustomFields");

    private static MethodCallExpression ValueOf(ParameterExpression row, string key) =>
        Expression.Call(ValueMethod, Values(row), Expression.Constant(key));

    private static InvalidOperationException Untranslated(string name) =>
        new($"{nameof(CustomFieldQueries)}.{name} is translated to SQL; it runs only inside a query.");

    private sealed record Bound(string Json);
}
