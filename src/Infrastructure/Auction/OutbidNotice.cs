using MakCrm.Domain.Organizations;

namespace MakCrm.Infrastructure.Auction;

/// <summary>
/// A bid that took a lot's lead from another organization, written by the bid's own statement (<c>BidBook</c>) in the
/// bid's transaction, so an accepted bid is never without it and a refused one never has it.
/// <see cref="OutbidNotifier"/>
/// turns these rows into auction notifications for the organization that lost the lead and deletes them. The table
/// is a queue: no foreign keys, so the bid's statement pays for one row insert and nothing more.
/// </summary>
public sealed class OutbidNotice : IOrganizationOwned
{
    /// <summary>The bid that took the lead.</summary>
    public Guid BidId { get; set; }

    public Guid LotId { get; set; }

    public Guid LeadId { get; set; }

    /// <summary>The organization whose bid was outbid.</summary>
    public Guid OrganizationId { get; set; }

    public static PurgeRule Purge => PurgeRule.LeftToTheDatabase;

    /// <summary>The lot's new price (the outbidding bid's amount).</summary>
    public decimal Amount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
