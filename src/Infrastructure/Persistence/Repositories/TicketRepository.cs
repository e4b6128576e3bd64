using System.Linq.Expressions;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Application.Tickets;
using MakCrm.Domain.Documents;
using MakCrm.Domain.Help;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class TicketRepository(MakCrmDbContext db) : ITicketRepository
{
    private static readonly Expression<Func<Ticket, TicketDto>> ToDto = t => new TicketDto(
        t.Id,
        t.OrganizationId,
        t.AuthorUserId,
        t.Subject,
        t.Category,
        t.Priority,
        t.Status,
        t.AssigneeUserId,
        t.FirstResponseAt,
        t.ResolvedAt,
        t.ClosedAt,
        t.LastMessageAt,
        t.MessageCount,
        t.CreatedAt,
        t.UpdatedAt,
        t.Version
    );

    public void Add(Ticket ticket) => db.Set<Ticket>().Add(ticket);

    public void AddMessage(TicketMessage message) => db.Set<TicketMessage>().Add(message);

    public Task<Ticket?> FindAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        db.Set<Ticket>().InScope(scope).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);

    public Task<TicketDto?> GetAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        db.Set<Ticket>()
            .AsNoTracking()
            .InScope(scope)
            .Where(t => t.Id == id)
            .Select(ToDto)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<TicketDto>> ListAsync(
        TicketListCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var query = Matching(criteria);
        var (sort, after, take) = (criteria.Sort, criteria.After, criteria.Take);
        query = sort.Field switch
        {
            TicketSortField.CreatedAt => query.Page(t => t.CreatedAt, sort.Descending, after, take),
            TicketSortField.LastMessageAt => query.Page(t => t.LastMessageAt, sort.Descending, after, take),
            _ => throw new ArgumentOutOfRangeException(nameof(criteria)),
        };
        return await query.Select(ToDto).ToListCompiledAsync(db, cancellationToken);
    }

    public Task<Contracts.ListTotal> TotalAsync(TicketListCriteria criteria, CancellationToken cancellationToken) =>
        Matching(criteria).CountAsync(db.Database, cancellationToken);

    private IQueryable<Ticket> Matching(TicketListCriteria criteria)
    {
        var filter = criteria.Filter;
        var query = db.Set<Ticket>()
            .AsNoTracking()
            .InScope(criteria.Scope)
            .WhereTextMatches(filter.Search, t => t.Subject)
            .CreatedWithin(filter.Created ?? CreatedWindow.None);
        if (filter.Status is { } status)
        {
            query = query.Where(t => t.Status == status);
        }

        if (filter.Unassigned)
        {
            query = query.Where(t => t.AssigneeUserId == null);
        }
        else if (filter.Assignee is { } assignee)
        {
            query = query.Where(t => t.AssigneeUserId == assignee);
        }

        if (filter.Category is { } category)
        {
            query = query.Where(t => t.Category == category);
        }

        if (filter.Priority is { } priority)
        {
            query = query.Where(t => t.Priority == priority);
        }

        if (filter.AuthorUserId is { } author)
        {
            query = query.Where(t => t.AuthorUserId == author);
        }

        return query;
    }

    public async Task<IReadOnlyList<TicketMessageDto>> ListMessagesAsync(
        Guid ticketId,
        bool withInternal,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    )
    {
        var query = db.Set<TicketMessage>().AsNoTracking().Where(m => m.TicketId == ticketId);
        if (!withInternal)
        {
            query = query.Where(m => !m.Internal);
        }

        return await query
            .Page(m => m.CreatedAt, m => m.Id, false, after, take)
            .Select(m => new TicketMessageDto(
                m.Id,
                m.TicketId,
                m.AuthorUserId,
                m.FromSupport,
                m.Internal,
                m.Text,
                m.AttachmentIds,
                m.CreatedAt
            ))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlySet<Guid>> DocumentsOfAsync(
        Guid organizationId,
        IReadOnlyCollection<Guid> documentIds,
        CancellationToken cancellationToken
    )
    {
        var ids = documentIds.Distinct().ToList();
        var found = await db.Set<Document>()
            .AsNoTracking()
            .Where(d => d.OrganizationId == organizationId && ids.Contains(d.Id))
            .Select(d => d.Id)
            .ToListAsync(cancellationToken);
        return found.ToHashSet();
    }
}
