using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Commissions;
using MakCrm.Domain.Common;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Settlements;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.Repositories;

namespace MakCrm.Infrastructure.Settlements;

/// <summary>
/// What an act may include: the organization's releases, bonuses and reversals that moved its available balance
/// (payouts are what acts produce, not what they settle), recorded before the period's end and held by no act, oldest
/// first, each with what the act prints about its loan, or a bonus's reason. A bonus reversed before any act held it
/// and its reversal cancel out and are left out of every act (a reversal is refused once an act holds the bonus).
/// </summary>
internal sealed class SettleableEntries(MakCrmDbContext db) : ISettleableEntries
{
    public async Task<IReadOnlyList<SettlementActLine>> AvailableAsync(
        Guid organizationId,
        DateTimeOffset before,
        CancellationToken cancellationToken
    )
    {
        var rows = await (
            from e in db.Set<CommissionEntry>().AsNoTracking()
            where
                e.OrganizationId == organizationId
                && e.AvailableChange != 0m
                && e.CreatedAt < before
                && (
                    e.Kind == CommissionEntryKind.Release
                    || e.Kind == CommissionEntryKind.Bonus
                    || e.Kind == CommissionEntryKind.Reversal
                )
                && !db.Set<SettlementEntryClaim>().Any(c => c.EntryId == e.Id)
                && !(
                    e.Kind == CommissionEntryKind.Bonus && db.Set<CommissionEntry>().Any(r => r.FollowsEntryId == e.Id)
                )
                && !(
                    e.Kind == CommissionEntryKind.Reversal
                    && db.Set<CommissionEntry>()
                        .Any(b => b.Id == e.FollowsEntryId && b.Kind == CommissionEntryKind.Bonus)
                )
            join d in db.Set<Deal>().IgnoreQueryFilters() on e.DealId equals d.Id into deals
            from d in deals.DefaultIfEmpty()
            join c in db.Set<Client>().IgnoreQueryFilters() on d.ClientId equals c.Id into clients
            from c in clients.DefaultIfEmpty()
            orderby EF.Property<long>(e, CommissionPosition.EntryNo)
            select new
            {
                e.Id,
                e.DealId,
                e.Level,
                e.Kind,
                e.AvailableChange,
                e.CreatedAt,
                e.IssueNo,
                e.IssuedOn,
                e.Product,
                e.Reason,
                DealTitle = d == null ? null : d.Title,
                ClientName = c == null ? null : c.FullName,
                LoanIssueNo = d == null ? (int?)null : d.LoanIssueNo,
                LoanAmount = d == null ? null : d.LoanAmount,
            }
        ).ToListAsync(cancellationToken);
        return rows.Select(r => new SettlementActLine(
                r.Id,
                r.DealId,
                r.Level ?? 0,
                SnakeCaseNames<CommissionEntryKind>.Of(r.Kind),
                r.AvailableChange,
                r.CreatedAt,
                r.DealTitle,
                r.ClientName is null ? null : PersonName.SurnameAndInitials(r.ClientName),
                r.IssuedOn,
                r.Product is { } product ? SnakeCaseNames.Of(product) : null,
                r.LoanIssueNo == r.IssueNo ? r.LoanAmount : null,
                r.Kind == CommissionEntryKind.Bonus ? $"Бонус: {r.Reason}" : null
            ))
            .ToList();
    }
}
