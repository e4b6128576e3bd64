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

    private static readonly MethodInfo JsonTypeMethod = typeof(CustomFieldQueries).GetMethod(nameof(JsonType))!;

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

    /// <summary>The JSON type of a jsonb value: <c>jsonb_typeof</c>.</summary>
    public static string JsonType(string value) => throw Untranslated(nameof(JsonType));

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
        var compared = Expression.Call(CompareMethod, value, json);
        var zero = Expression.Constant(0);
        var bound = condition.Comparison switch
        {
            CustomFieldComparison.Above => Expression.GreaterThan(compared, zero),
            CustomFieldComparison.AtLeast => Expression.GreaterThanOrEqual(compared, zero),
            CustomFieldComparison.Below => Expression.LessThan(compared, zero),
            _ => Expression.LessThanOrEqual(compared, zero),
        };
        // jsonb orders values of different types by type: only values of the bound's type are compared with it.
        var typed = Expression.Equal(
            Expression.Call(JsonTypeMethod, value),
            Expression.Constant(condition.JsonType)
        );
        return Expression.Lambda<Func<T, bool>>(Expression.AndAlso(typed, bound), row);
    }

    private static MemberExpression Values(ParameterExpression row) => Expression.Property(row, "CustomFields");

    private static MethodCallExpression ValueOf(ParameterExpression row, string key) =>
        Expression.Call(ValueMethod, Values(row), Expression.Constant(key));

    private static InvalidOperationException Untranslated(string name) =>
        new($"{nameof(CustomFieldQueries)}.{name} is translated to SQL; it runs only inside a query.");

    private sealed record Bound(string Json);
}
