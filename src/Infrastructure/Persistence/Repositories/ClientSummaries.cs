using System.Linq.Expressions;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Clients;
using MakCrm.Domain.Clients;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>The client summaries that lead and deal rows carry, composed into their queries.</summary>
internal static class ClientSummaries
{
    /// <summary>The summaries of the live clients the scope includes, as a query to correlate with a row's client id.</summary>
    public static IQueryable<ClientSummaryDto> Visible(IQueryable<Client> clients, DataScope scope) =>
        clients.InScope(scope).Select(c => new ClientSummaryDto(c.Id, c.FullName, c.Phone));

    /// <summary>
    /// <paramref name="toDto"/> (a constructor call) with its <c>Client</c> set to the summary of the row's client
    /// from <paramref name="summaries"/>: one statement, the summary a correlated subquery on the client's primary key
    /// (null when the client is outside the summaries' scope).
    /// </summary>
    public static Expression<Func<TRow, TDto>> Into<TRow, TDto>(
        Expression<Func<TRow, TDto>> toDto, IQueryable<ClientSummaryDto> summaries, Expression<Func<TRow, Guid>> clientId)
    {
        var row = toDto.Parameters[0];
        Expression<Func<Guid, ClientSummaryDto?>> lookup = id => summaries.FirstOrDefault(c => c.Id == id);
        var id = new ParameterReplacer(clientId.Parameters[0], row).Visit(clientId.Body);
        var summary = new ParameterReplacer(lookup.Parameters[0], id).Visit(lookup.Body);
        var property = typeof(TDto).GetProperty("Client") ?? throw new MissingMemberException(typeof(TDto).Name, "Client");
        return Expression.Lambda<Func<TRow, TDto>>(Expression.MemberInit((NewExpression)toDto.Body, Expression.Bind(property, summary)), row);
    }
}
