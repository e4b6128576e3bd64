using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using MakCrm.Application.Common;
using MakCrm.Domain.Common;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>
/// Keyset ("seek") paging: <c>WHERE (sort_key, id) &gt; (@last_key, @last_id) ORDER BY sort_key, id LIMIT n</c>, as a
/// PostgreSQL row-value comparison that the (key, id) indexes serve directly, however deep the page.
/// </summary>
internal static class Keyset
{
    private static readonly MethodInfo GreaterThan = RowComparison(nameof(NpgsqlDbFunctionsExtensions.GreaterThan));
    private static readonly MethodInfo LessThan = RowComparison(nameof(NpgsqlDbFunctionsExtensions.LessThan));

    public static IQueryable<T> Page<T, TKey>(
        this IQueryable<T> source,
        Expression<Func<T, TKey>> key,
        bool descending,
        KeysetPosition? after,
        int take
    )
        where T : AggregateRoot => source.Page(key, e => e.Id, descending, after, take);

    public static IQueryable<T> Page<T, TKey>(
        this IQueryable<T> source,
        Expression<Func<T, TKey>> key,
        Expression<Func<T, Guid>> id,
        bool descending,
        KeysetPosition? after,
        int take
    )
    {
        if (after is not null)
        {
            var row = key.Parameters[0];
            var rowTuple = Tuple(key.Body, new ParameterReplacer(id.Parameters[0], row).Visit(id.Body));
            var boundary = new Boundary<TKey>((TKey)after.Value, after.Id);
            var boundaryTuple = Tuple(
                Expression.Property(Expression.Constant(boundary), nameof(Boundary<TKey>.Key)),
                Expression.Property(Expression.Constant(boundary), nameof(Boundary<TKey>.Id))
            );
            var comparison = Expression.Call(
                descending ? LessThan : GreaterThan,
                Expression.Constant(EF.Functions),
                Expression.Convert(rowTuple, typeof(ITuple)),
                Expression.Convert(boundaryTuple, typeof(ITuple))
            );
            source = source.Where(Expression.Lambda<Func<T, bool>>(comparison, row));
        }

        var ordered = descending ? source.OrderByDescending(key).ThenByDescending(id) : source.OrderBy(key).ThenBy(id);
        return ordered.Take(take);
    }

    private static MethodCallExpression Tuple(Expression first, Expression second) =>
        Expression.Call(typeof(ValueTuple), nameof(ValueTuple.Create), [first.Type, second.Type], first, second);

    private static MethodInfo RowComparison(string name) =>
        typeof(NpgsqlDbFunctionsExtensions).GetMethod(name, [typeof(DbFunctions), typeof(ITuple), typeof(ITuple)])
        ?? throw new MissingMethodException(nameof(NpgsqlDbFunctionsExtensions), name);

    // A member access on a constant object becomes a SQL parameter, so each cursor reuses one cached query plan.
    private sealed record Boundary<TKey>(TKey Key, Guid Id);
}
