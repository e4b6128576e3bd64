using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Domain.Commissions;
using MakCrm.Domain.Deals;

namespace MakCrm.Application.Commissions;

/// <summary>
/// Writes what a loan issue earns, and undoes it, in the unit of work of the issue or cancellation (ADR 0020): the
/// deal's change and its commission entries commit together, and a replay that changes nothing on the deal writes
/// nothing here; the entries' idempotency keys refuse a second copy whatever path comes twice.
/// </summary>
public sealed class CommissionAccruals(
    ICommissionRuleRepository rules, ICommissionLedger ledger, IGradeInForce grades, TimeProvider clock)
{
    /// <summary>
    /// Accrues level 1 to the partner that brought the deal's lead (its share by the grade in force on the issue date)
    /// and level 2 to that partner's referrer (the level-2 share of the base; never a third level), both on hold until
    /// the issue date plus the product's hold period. Nothing accrues when the lead is not a partner's, when no base
    /// rule is in force on the issue date, or while a received-fee base is not recorded.
    /// </summary>
    public async Task AccrueAsync(Deal deal, LoanIssue issue, CancellationToken cancellationToken)
    {
        var parties = await ledger.PartiesAsync(deal.OrganizationId, deal.LeadId, cancellationToken);
        if (parties.Partner is not { } partner)
        {
            return;
        }

        var details = issue.Details;

        // Shared against rule changes: a rule that would reach this issue waits for it, or is refused after it.
        await rules.LockAsync(change: false, cancellationToken);
        var terms = await CommissionRules.TermsAsync(rules, details.IssuedOn, details.BankCode, details.Product, cancellationToken);
        if (!terms.IsSuccess)
        {
            return;
        }

        var t = terms.Value;
        var grade = await grades.GradeOnAsync(partner, details.IssuedOn, cancellationToken);
        var share = t.ShareOf(grade);
        var amounts = CommissionCalculator.Compute(CommissionInputs.Of(t, details.Amount, receivedFee: null, share));
        if (amounts.Base is not { } baseAmount)
        {
            return;
        }

        var holdUntil = details.IssuedOn.AddDays(t.HoldDays);
        var accruals = new List<CommissionAccrual>();
        if (amounts.Level1 is > 0m and { } level1)
        {
            accruals.Add(new CommissionAccrual(
                partner, deal.Id, issue.Number, 1, null, details.IssuedOn, details.BankCode, details.Product, grade, baseAmount, share, level1, holdUntil));
        }

        if (parties.Referrer is { } referrer && amounts.Level2 is > 0m and { } level2)
        {
            accruals.Add(new CommissionAccrual(
                referrer, deal.Id, issue.Number, 2, partner, details.IssuedOn, details.BankCode, details.Product, null, baseAmount, t.Level2Share, level2, holdUntil));
        }

        if (accruals.Count == 0)
        {
            return;
        }

        await ledger.LockAsync(accruals.Select(a => a.OrganizationId).ToList(), cancellationToken);
        var existing = (await ledger.OfIssueAsync(deal.Id, issue.Number, cancellationToken)).Select(e => e.IdempotencyKey).ToHashSet(StringComparer.Ordinal);
        var now = clock.UtcNowMicroseconds();
        foreach (var accrual in accruals)
        {
            var entry = CommissionEntry.Accrue(clock.NewId(), accrual, now);
            if (!existing.Contains(entry.IdempotencyKey))
            {
                ledger.Add(entry);
            }
        }
    }

    /// <summary>
    /// Reverses everything the issue accrued: each accrual, and each release when the hold had ended, with an entry of
    /// the opposite sign, even when the money was available already (the available balance may then go negative and is
    /// offset in the next settlement act).
    /// </summary>
    public async Task ReverseAsync(Deal deal, LoanIssue issue, CancellationToken cancellationToken)
    {
        var entries = await ledger.OfIssueAsync(deal.Id, issue.Number, cancellationToken);
        if (entries.Count == 0)
        {
            return;
        }

        // Under the ledger locks, read again: a release committed meanwhile is reversed too.
        await ledger.LockAsync(entries.Select(e => e.OrganizationId).Distinct().ToList(), cancellationToken);
        entries = await ledger.OfIssueAsync(deal.Id, issue.Number, cancellationToken);
        var reversed = entries.Where(e => e.Kind == CommissionEntryKind.Reversal).Select(e => e.FollowsEntryId).ToHashSet();
        var now = clock.UtcNowMicroseconds();
        foreach (var entry in entries.Where(e => e.Kind is CommissionEntryKind.Accrual or CommissionEntryKind.Release && !reversed.Contains(e.Id))
                     .OrderBy(e => e.Kind == CommissionEntryKind.Release ? 0 : 1))
        {
            ledger.Add(CommissionEntry.Reverse(clock.NewId(), entry, now));
        }
    }
}
