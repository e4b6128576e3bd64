using System.Linq.Expressions;
using MakCrm.Domain.Clients;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>The search of lists whose rows match by their own text or by their client's (leads, deals).</summary>
internal static class OwnTextOrClientSearch
{
    /// <summary>
    /// The rows of <paramref name="query"/> whose own text matches (<paramref name="ownText"/>) or whose client is one
    /// of
    /// <paramref name="clients"/>: the ids of each kind are found through their own indexes (the text's trigrams; the
    /// clients' trigrams, then the rows' <c>client_id</c>) and united, and the rows are then read by primary key. The
    /// two
    /// conditions OR-ed in one WHERE leave PostgreSQL no index for either: under the list's sort and limit it walks the
    /// sort's index and tests row after row, which over a million leads takes seconds for a search that matches a few.
    /// Both entities have <c>Id</c> and <c>ClientId</c>.
    /// </summary>
    public static IQueryable<TRow> WhereOwnTextOrClientMatches<TRow>(
        this IQueryable<TRow> query,
        IQueryable<TRow> table,
        Expression<Func<TRow, bool>> ownText,
        IQueryable<Client> clients
    )
        where TRow : class
    {
        var byClient = table
            .Where(r => clients.Any(c => c.Id == EF.Property<Guid>(r, "ClientId")))
            .Select(r => EF.Property<Guid>(r, "Id"));
        var byText = table.Where(ownText).Select(r => EF.Property<Guid>(r, "Id"));
        var ids = byClient.Union(byText);
        return query.Where(r => ids.Contains(EF.Property<Guid>(r, "Id")));
    }
}
