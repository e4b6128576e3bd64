using MakCrm.Application.LeadTimeline;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>Reads of what happened to a lead: its history entries, its comments, and their union with its tasks,
/// notifications, ledger entries, deals and documents, the timeline (a lead's, or every lead's of a
/// client).</summary>
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
    /// A lead's or a client's timeline (<see cref="TimelineSubject"/>), newest first, ties broken by id descending.
    /// </summary>
    Task<IReadOnlyList<TimelineItemDto>> ListAsync(
        TimelineSubject subject,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    );
}
