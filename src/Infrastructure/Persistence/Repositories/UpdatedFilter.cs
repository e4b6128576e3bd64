using MakCrm.Application.Common;
using MakCrm.Domain.Common;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>The <c>updatedFrom</c>/<c>updatedTo</c> filter on an aggregate's <c>updated_at</c>, which every change
/// moves, and the <c>createdFrom</c>/<c>createdTo</c> filter on its <c>created_at</c>.</summary>
internal static class UpdatedFilter
{
    public static IQueryable<T> UpdatedWithin<T>(this IQueryable<T> query, UpdatedWindow window)
        where T : AggregateRoot
    {
        if (window.From is { } from)
        {
            query = query.Where(e => e.UpdatedAt >= from);
        }

        if (window.To is { } to)
        {
            query = query.Where(e => e.UpdatedAt < to);
        }

        return query;
    }

    public static IQueryable<T> CreatedWithin<T>(this IQueryable<T> query, CreatedWindow window)
        where T : AggregateRoot
    {
        if (window.From is { } from)
        {
            query = query.Where(e => e.CreatedAt >= from);
        }

        if (window.To is { } to)
        {
            query = query.Where(e => e.CreatedAt < to);
        }

        return query;
    }
}
