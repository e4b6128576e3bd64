using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Commissions;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Commissions;
using MakCrm.Domain.Events;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Organizations;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>
/// Where an organization's commission ledger stands after an entry: its number (1, 2, 3, ...) and the running on-hold
/// and available sums (ADR 0011's running balance, with two buckets instead of available and held).
/// </summary>
internal sealed record CommissionPosition(long Number, decimal OnHold, decimal Available)
{
    public const string EntryNo = "EntryNo";
    public const string OnHoldAfter = "OnHoldAfter";
    public const string AvailableAfter = "AvailableAfter";

    public static readonly CommissionPosition Empty = new(0, 0m, 0m);

    public CommissionPosition After(CommissionEntry entry) =>
        new(Number + 1, OnHold + entry.OnHoldChange, Available + entry.AvailableChange);

    public Contracts.CommissionBalance ToBalance(Guid organizationId) => new(organizationId, OnHold, Available);
}

/// <summary>
/// The commission ledgers inside the unit of work, on the franchisee ledger's mechanism
/// (<see cref="LedgerLocks{TPosition}"/>):
/// every entry is written under its organization's commission-ledger lock (<c>commission:{id}</c>) with the position
/// after
/// it, and raises <c>commission.entry_recorded</c>.
/// </summary>
internal sealed class CommissionLedger(MakCrmDbContext db, IEventOutbox events) : ICommissionLedger
{
    public const string LockPrefix = "commission:";

    private readonly LedgerLocks<CommissionPosition> _locks = new(db, LockPrefix);

    public Task LockAsync(IReadOnlyCollection<Guid> organizationIds, CancellationToken cancellationToken) =>
        _locks.LockAsync(organizationIds, LastAsync, cancellationToken);

    public Contracts.CommissionBalance Add(CommissionEntry entry)
    {
        var after = _locks.Require(entry.OrganizationId).After(entry);
        var added = db.Set<CommissionEntry>().Add(entry);
        added.Property(CommissionPosition.EntryNo).CurrentValue = after.Number;
        added.Property(CommissionPosition.OnHoldAfter).CurrentValue = after.OnHold;
        added.Property(CommissionPosition.AvailableAfter).CurrentValue = after.Available;
        _locks.Advance(entry.OrganizationId, after);
        var balance = after.ToBalance(entry.OrganizationId);
        events.Raise(
            EventPayloads.CommissionEntryRecorded,
            entry.OrganizationId,
            entry.Id,
            CommissionEntryDto.From(entry, balance)
        );
        return balance;
    }

    public Task<CommissionEntry?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<CommissionEntry>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);

    public async Task<IReadOnlyList<CommissionEntry>> OfIssueAsync(
        Guid dealId,
        int issueNo,
        CancellationToken cancellationToken
    )
    {
        var added = db
            .ChangeTracker.Entries<CommissionEntry>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity)
            .Where(e => e.DealId == dealId && e.IssueNo == issueNo)
            .ToList();
        var stored = await db.Set<CommissionEntry>()
            .AsNoTracking()
            .Where(e => e.DealId == dealId && e.IssueNo == issueNo)
            .ToListAsync(cancellationToken);
        return [.. stored, .. added.Where(a => stored.All(s => s.Id != a.Id))];
    }

    public Task<DateOnly?> LatestAccruedIssueAsync(CommissionRuleSpec spec, CancellationToken cancellationToken)
    {
        var accruals = db.Set<CommissionEntry>().AsNoTracking().Where(e => e.Kind == CommissionEntryKind.Accrual);
        accruals = spec.Kind switch
        {
            CommissionRuleKind.Base => accruals.Where(e => e.BankCode == spec.BankCode && e.Product == spec.Product),
            CommissionRuleKind.PartnerShare => spec.Grade == CommissionRule.DefaultGrade
                ? accruals.Where(e => e.Level == 1)
                : accruals.Where(e => e.Level == 1 && e.Grade == spec.Grade),
            CommissionRuleKind.Level2Share => accruals.Where(e => e.Level == 2),
            _ => accruals.Where(e => e.Product == spec.Product),
        };
        return accruals.MaxAsync(e => e.IssuedOn, cancellationToken);
    }

    public async Task<CommissionParties> PartiesAsync(
        Guid dealOrganizationId,
        Guid? leadId,
        CancellationToken cancellationToken
    )
    {
        var origin = dealOrganizationId;
        if (leadId is { } lead)
        {
            // The organization that brought the lead: the old value of its first hand-over, or its organization if it
            // never changed hands.
            var firstHandover = await db.Set<LeadHistoryEntry>()
                .AsNoTracking()
                .Where(h => h.LeadId == lead && h.Field == LeadHistoryFields.OrganizationId && h.OldValue != null)
                .OrderBy(h => h.At)
                .ThenBy(h => h.Id)
                .Select(h => h.OldValue)
                .FirstOrDefaultAsync(cancellationToken);
            var current = await db.Set<Lead>()
                .AsNoTracking()
                .IgnoreQueryFilters()
                .Where(l => l.Id == lead)
                .Select(l => (Guid?)l.OrganizationId)
                .FirstOrDefaultAsync(cancellationToken);
            origin =
                firstHandover is not null && Guid.TryParse(firstHandover, out var first)
                    ? first
                    : current ?? dealOrganizationId;
        }

        var partner = await db.Set<Organization>()
            .AsNoTracking()
            .Where(o => o.Id == origin && o.Kind == OrganizationKind.Partner)
            .Select(o => new { o.Id, o.ReferrerOrganizationId })
            .FirstOrDefaultAsync(cancellationToken);
        return partner is null
            ? new CommissionParties(null, null)
            : new CommissionParties(partner.Id, partner.ReferrerOrganizationId is { } r && r != partner.Id ? r : null);
    }

    private async Task<CommissionPosition> LastAsync(Guid organizationId, CancellationToken cancellationToken) =>
        await db.Set<CommissionEntry>()
            .Where(e => e.OrganizationId == organizationId)
            .OrderByDescending(e => EF.Property<long>(e, CommissionPosition.EntryNo))
            .Select(e => new CommissionPosition(
                EF.Property<long>(e, CommissionPosition.EntryNo),
                EF.Property<decimal>(e, CommissionPosition.OnHoldAfter),
                EF.Property<decimal>(e, CommissionPosition.AvailableAfter)
            ))
            .FirstOrDefaultAsync(cancellationToken)
        ?? CommissionPosition.Empty;
}
