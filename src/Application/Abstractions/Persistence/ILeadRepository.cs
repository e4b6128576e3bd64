using MakCrm.Application.Leads;
using MakCrm.Application.Transfer;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Abstractions.Persistence;

public interface ILeadRepository
{
    /// <summary>The lead to change, tracked; <c>null</c> when it does not exist, was deleted or is outside the
    /// scope.</summary>
    Task<Lead?> FindAsync(Guid id, DataScope scope, CancellationToken cancellationToken);

    /// <summary>The client's live leads in every organization: a client is not deleted from under anybody's
    /// lead.</summary>
    Task<int> CountForClientAsync(Guid clientId, CancellationToken cancellationToken);

    /// <summary>The live leads in a status, in every organization.</summary>
    Task<int> CountInStatusAsync(string status, CancellationToken cancellationToken);

    /// <summary>Whether the lead exists, is live and is inside the scope.</summary>
    Task<bool> ExistsAsync(Guid id, DataScope scope, CancellationToken cancellationToken);

    /// <summary>A new lead, with its history, written when the unit of work saves.</summary>
    void Add(Lead lead);

    Task<IReadOnlyList<LeadDto>> ListAsync(LeadListCriteria criteria, CancellationToken cancellationToken);

    /// <summary>How many rows the list's filters match (its sort, cursor and size aside).</summary>
    Task<Contracts.ListTotal> TotalAsync(LeadListCriteria criteria, CancellationToken cancellationToken);

    Task<int> CountAsync(DataScope scope, LeadFilter filter, CancellationToken cancellationToken);

    /// <summary>
    /// Every filtered lead of the scope as an export row, oldest first, read from the database as the caller consumes
    /// them; the client's columns are filled when <paramref name="clients"/> includes the client's organization.
    /// </summary>
    IAsyncEnumerable<LeadExportRow> StreamExportAsync(
        DataScope scope,
        LeadFilter filter,
        DataScope? clients,
        CancellationToken cancellationToken
    );

    /// <summary>The lead, with its client's summary when <paramref name="clients"/> includes the client's
    /// organization.</summary>
    Task<LeadDto?> GetAsync(Guid id, DataScope scope, DataScope? clients, CancellationToken cancellationToken);
}
