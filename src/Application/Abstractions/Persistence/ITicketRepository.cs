using MakCrm.Application.Tickets;
using MakCrm.Domain.Help;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>Support tickets and their messages; tickets outside the scope do not exist for the caller.</summary>
public interface ITicketRepository
{
    void Add(Ticket ticket);

    void AddMessage(TicketMessage message);

    /// <summary>The ticket, tracked; <c>null</c> when it does not exist in the scope.</summary>
    Task<Ticket?> FindAsync(Guid id, DataScope scope, CancellationToken cancellationToken);

    Task<TicketDto?> GetAsync(Guid id, DataScope scope, CancellationToken cancellationToken);

    Task<IReadOnlyList<TicketDto>> ListAsync(TicketListCriteria criteria, CancellationToken cancellationToken);

    /// <summary>How many rows the list's filters match (its sort, cursor and size aside).</summary>
    Task<Contracts.ListTotal> TotalAsync(TicketListCriteria criteria, CancellationToken cancellationToken);

    /// <summary>A ticket's messages oldest first; internal notes only when <paramref name="withInternal"/>.</summary>
    Task<IReadOnlyList<TicketMessageDto>> ListMessagesAsync(
        Guid ticketId,
        bool withInternal,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    );

    /// <summary>Which of the documents exist (not deleted) and belong to the organization.</summary>
    Task<IReadOnlySet<Guid>> DocumentsOfAsync(
        Guid organizationId,
        IReadOnlyCollection<Guid> documentIds,
        CancellationToken cancellationToken
    );
}
