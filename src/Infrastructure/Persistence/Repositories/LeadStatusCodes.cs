namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>
/// The codes of the live lead statuses, remembered by the instance while it hears every change to them (a statement
/// trigger on <c>lead_statuses</c> notifies <see cref="ChannelName"/> as the change commits): lists that filter by
/// status check their codes against it without a statement. A code it does not hold is looked up again before it is
/// refused, so a status created a moment ago on another instance is never refused; a status deleted a moment ago may
/// pass a filter until the notification arrives, and matches no lead (a status with leads cannot go).
/// </summary>
[Singleton]
public sealed class LeadStatusCodes(TimeProvider clock) : ListenedCache<IReadOnlySet<string>>(ChannelName, clock)
{
    public const string ChannelName = "mak_lead_statuses";
}
