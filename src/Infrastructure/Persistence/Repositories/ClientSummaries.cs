using System.Linq.Expressions;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Clients;
using MakCrm.Domain.Clients;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>The client summaries that lead and deal rows carry, composed into their queries.</summary>
internal static class ClientSummaries
{
    /// <summary>The live client's summary, when the scope includes it.</summary>
    public static IQueryable<Contracts.ClientSummary> Of(MakCrmDbContext db, Guid id, DataScope scope) =>
        db.Set<Client>()
            .AsNoTracking()
            .InScope(scope, db)
            .Where(c => c.Id == id)
            .Select(c => new Contracts.ClientSummary(c.Id, c.FullName, c.Phone));

    /// <summary>
    /// <paramref name="rows"/> projected by <paramref name="toDto"/> (a constructor call, with or without
    /// initializers) with its <c>Client</c> set to the summary of the row's client when <paramref name="scope"/>
    /// includes its organization: one statement, the clients LEFT JOINed on their primary key. (A summary looked up
    /// per row with <c>FirstOrDefault</c> is translated by EF Core into a join on a window over every client,
    /// seconds over a million clients, so the join is written as one.)
    /// </summary>
    public static IQueryable<TDto> Join<TRow, TDto>(
        IQueryable<TRow> rows,
        Expression<Func<TRow, TDto>> toDto,
        IQueryable<Client> clients,
        DataScope scope,
        Expression<Func<TRow, Guid>> clientId
    )
    {
        // The client of a row seen is seen: a visibility narrowed to some responsibles narrowed the rows already.
        var visible = clients.InScope(scope with { Responsibles = null });
        Expression<Func<Guid, IEnumerable<Client?>>> clientOf = id => visible.Where(c => c.Id == id).DefaultIfEmpty();
        var row = toDto.Parameters[0];
        var id = new ParameterReplacer(clientId.Parameters[0], row).Visit(clientId.Body);
        var collection = Expression.Lambda<Func<TRow, IEnumerable<Client?>>>(
            new ParameterReplacer(clientOf.Parameters[0], id).Visit(clientOf.Body),
            row
        );

        Expression<Func<Client?, Contracts.ClientSummary?>> summaryOf = c =>
            c == null ? null : new Contracts.ClientSummary(c.Id, c.FullName, c.Phone);
        var property =
            typeof(TDto).GetProperty("Client") ?? throw new MissingMemberException(typeof(TDto).Name, "Client");
        var client = Expression.Bind(property, summaryOf.Body);
        var result = Expression.Lambda<Func<TRow, Client?, TDto>>(
            toDto.Body is MemberInitExpression init
                ? Expression.MemberInit(init.NewExpression, init.Bindings.Append(client))
                : Expression.MemberInit((NewExpression)toDto.Body, client),
            row,
            summaryOf.Parameters[0]
        );
        return rows.SelectMany(collection, result);
    }
}
