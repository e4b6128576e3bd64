using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Targets;

/// <summary>
/// A monthly sales target: for an organization (<see cref="UserId"/> null) or for one of its users, the amount of won
/// deals to reach in a calendar month and, optionally, their count. An organization, a user and a month have at most
/// one target that is not deleted.
/// </summary>
public sealed class SalesTarget : AggregateRoot, IOrganizationOwned
{
    public const decimal MaxAmount = 10_000_000_000m;
    public const int MaxDeals = 100_000;

    private SalesTarget() { }

    private SalesTarget(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.LeftToTheDatabase;

    /// <summary>The user whose target it is; <c>null</c> for the organization's own.</summary>
    public Guid? UserId { get; private set; }

    /// <summary>The first day of the month.</summary>
    public DateOnly Month { get; private set; }

    /// <summary>Roubles of won deals to reach in the month.</summary>
    public decimal Amount { get; private set; }

    /// <summary>Won deals to reach in the month; <c>null</c> for none.</summary>
    public int? Deals { get; private set; }

    public static SalesTarget Set(
        Guid id,
        Guid organizationId,
        Guid? userId,
        DateOnly month,
        decimal amount,
        int? deals,
        DateTimeOffset now
    ) =>
        new(id, now)
        {
            OrganizationId = organizationId,
            UserId = userId,
            Month = new DateOnly(month.Year, month.Month, 1),
            Amount = Money.ToKopecks(amount),
            Deals = deals,
        };

    /// <summary>Changes the amount and the count; a change that changes nothing keeps the version.</summary>
    public void Change(decimal amount, int? deals, DateTimeOffset now)
    {
        if (amount == Amount && deals == Deals)
        {
            return;
        }

        Amount = Money.ToKopecks(amount);
        Deals = deals;
        Touch(now);
    }

    public void Delete(DateTimeOffset now) => MarkDeleted(now);
}
