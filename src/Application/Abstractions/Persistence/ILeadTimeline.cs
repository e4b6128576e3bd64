using MakCrm.Application.LeadTimeline;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>Reads of what happened to a lead: its history entries, its comments, and their union, the
/// timeline.</summary>
public interface ILeadTimeline
{
    void AddComment(Domain.Leads.LeadComment comment);

    Task<IReadOnlyList<LeadCommentDto>> ListCommentsAsync(
        Guid leadId,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// Newest first, ties broken by id descending. Ledger entries that name the lead are those of
    /// <paramref name="ledgerOrganizationId"/> only, or of every organization when it is <c>null</c>.
    /// </summary>
    Task<IReadOnlyList<TimelineItemDto>> ListAsync(
        Guid leadId,
        Guid? ledgerOrganizationId,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    );
}
