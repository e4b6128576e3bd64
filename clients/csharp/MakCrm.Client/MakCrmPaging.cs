using System.Runtime.CompilerServices;

namespace MakCrm.Client;

/// <summary>A page of a cursor-paged list (every <c>…Page</c> of the contract implements it).</summary>
/// <typeparam name="TItem">The type of the list's items.</typeparam>
public interface IMakCrmPage<out TItem>
{
    /// <summary>The page's items.</summary>
    IEnumerable<TItem> Items { get; }

    /// <summary>The cursor of the next page; null on the last page.</summary>
    string? NextCursor { get; }

    /// <summary>
    /// Whether to ask for the next page: a cursor is there. A feed whose cursor is always set (the event feed) says it
    /// with its <c>hasMore</c> instead.
    /// </summary>
    bool More => !string.IsNullOrEmpty(NextCursor);
}

/// <summary>
/// Enumerates a cursor-paged list as one <see cref="IAsyncEnumerable{T}"/>: the next page is fetched when the items
/// of the previous one have been consumed, so stopping early (<c>break</c>, LINQ's <c>Take</c>) fetches no more.
/// </summary>
/// <example>
/// <code>
/// await foreach (var lead in api.PaginateAsync((cursor, ct) => api.ListLeadsAsync(status: [LeadStatus.New], cursor: cursor, cancellationToken: ct)))
/// {
///     Console.WriteLine(lead.Id);
/// }
/// </code>
/// </example>
public static partial class MakCrmPaging
{
    /// <summary>
    /// Every item of a cursor-paged list: calls <paramref name="fetchPage"/> with a null cursor, then with each page's
    /// <c>nextCursor</c> until it is null (or, for the event feed, until <c>hasMore</c> is false). For a page type of the contract, the overload
    /// <c>api.PaginateAsync((cursor, ct) => ...)</c> infers the types.
    /// </summary>
    /// <typeparam name="TPage">The page type, e.g. <see cref="LeadPage"/>.</typeparam>
    /// <typeparam name="TItem">The item type, e.g. <see cref="Lead"/>.</typeparam>
    /// <param name="fetchPage">Gets one page for a cursor (null for the first page); keep the other arguments the same.</param>
    /// <param name="cancellationToken">Stops the enumeration (also passed to <paramref name="fetchPage"/>).</param>
    public static async IAsyncEnumerable<TItem> PaginateAsync<TPage, TItem>(
        Func<string?, CancellationToken, Task<MakCrmApiResponse<TPage>>> fetchPage,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TPage : IMakCrmPage<TItem>
    {
        ArgumentNullException.ThrowIfNull(fetchPage);
        string? cursor = null;
        do
        {
            var page = (await fetchPage(cursor, cancellationToken).ConfigureAwait(false)).Result;
            foreach (var item in page.Items)
            {
                yield return item;
            }

            cursor = page.NextCursor;
            if (!page.More)
            {
                break;
            }
        }
        while (true);
    }
}
