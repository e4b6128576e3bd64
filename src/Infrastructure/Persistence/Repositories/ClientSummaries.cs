using System.Linq.Expressions;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Clients;
using MakCrm.Domain.Clients;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>The client summaries that lead and deal rows carry, composed into their queries.</summary>
internal static class ClientSummaries
{
    /// <summary>The live client's summary, when the scope includes it.</summary>
    public static IQueryable<ClientSummaryDto> Of(IQueryable<Client> clients, Guid id, DataScope scope) =>
        clients.InScope(scope).Where(c => c.Id == id).Select(c => new ClientSummaryDto(c.Id, c.FullName, c.Phone));

    /// <summary>
    /// <paramref name="toDto"/> (a constructor call) with its <c>Client</c> set to the summary of the row's client,
    /// when <paramref name="scope"/> includes it: one statement, the summary a correlated subquery on the clients'
    /// primary key (filtered before it is projected, since a constructed record cannot be filtered in SQL).
    /// </summary>
    public static Expression<Func<TRow, TDto>> Into<TRow, TDto>(
        Expression<Func<TRow, TDto>> toDto, IQueryable<Client> clients, DataScope scope, Expression<Func<TRow, Guid>> clientId)
    {
        var visible = clients.InScope(scope);
        var row = toDto.Parameters[0];
        Expression<Func<Guid, ClientSummaryDto?>> lookup = id =>
            visible.Where(c => c.Id == id).Select(c => new ClientSummaryDto(c.Id, c.FullName, c.Phone)).FirstOrDefault();
        var id = new ParameterReplacer(clientId.Parameters[0], row).Visit(clientId.Body);
        var summary = new ParameterReplacer(lookup.Parameters[0], id).Visit(lookup.Body);
        var property = typeof(TDto).GetProperty("Client") ?? throw new MissingMemberException(typeof(TDto).Name, "Client");
        return Expression.Lambda<Func<TRow, TDto>>(Expression.MemberInit((NewExpression)toDto.Body, Expression.Bind(property, summary)), row);
    }
}
