using MakCrm.Domain.Commissions;
using MakCrm.Domain.Deals;

namespace MakCrm.Application.Commissions;

/// <summary>
/// Writes what a loan issue earns, and undoes it, in the unit of work of the issue or cancellation (ADR 0021): the
/// deal's change and its commission entries commit together, and a replay that changes nothing on the deal writes
/// nothing here; the entries' idempotency keys refuse a second copy whatever path comes twice.
/// </summary>
public sealed class CommissionAccruals(
    ICommissionRuleRepository rules,
    ICommissionLedger ledger,
    IGradeInForce grades,
    TimeProvider clock
)
{
    /// <summary>
    /// Accrues what the issue earns (<see cref="AccrualsAsync"/>). Nothing accrues when the lead is not a partner's,
    /// when
    /// no base rule is in force on the issue date, or under a received-fee base, which waits for the bank's fee
    /// (<see cref="FeeRecordedAsync"/>).
    /// </summary>
    public async Task AccrueAsync(Deal deal, LoanIssue issue, CancellationToken cancellationToken)
    {
        var parties = await ledger.PartiesAsync(deal.OrganizationId, deal.LeadId, cancellationToken);
        if (parties.Partner is null)
        {
            return;
        }

        // Shared against rule changes: a rule that would reach this issue waits for it, or is refused after it.
        await rules.LockAsync(change: false, cancellationToken);
        var terms = await CommissionRules.TermsAsync(
            rules,
            issue.Details.IssuedOn,
            issue.Details.BankCode,
            issue.Details.Product,
            cancellationToken
        );
        if (!terms.IsSuccess)
        {
            return;
        }

        var accruals = await AccrualsAsync(
            deal,
            issue,
            parties,
            terms.Value,
            receivedFee: null,
            feeRevision: null,
            cancellationToken
        );
        if (accruals.Count == 0)
        {
            return;
        }

        await ledger.LockAsync(accruals.Select(a => a.OrganizationId).ToList(), cancellationToken);
        var existing = (await ledger.OfIssueAsync(deal.Id, issue.Number, cancellationToken))
            .Select(e => e.IdempotencyKey)
            .ToHashSet(StringComparer.Ordinal);
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
    /// What the fee the bank paid for the issue (<see cref="LoanIssue.Fee"/>, revision
    /// <see cref="LoanIssue.FeeRevision"/>)
    /// means for its commissions, in the fee recording's unit of work. Under a received-fee base (the rules in force on
    /// the issue date) it accrues level 1 and level 2 from the fee, exactly as an issue accrues from a rate; a
    /// corrected
    /// fee first reverses what the earlier revision accrued (and released), even after a payout. Whatever the base, the
    /// bank's payment ends the hold: every accrual of the issue still on hold is released now.
    /// </summary>
    public async Task FeeRecordedAsync(Deal deal, LoanIssue issue, CancellationToken cancellationToken)
    {
        var fee = issue.Fee ?? throw new InvalidOperationException("The issue has no recorded fee.");
        var parties = await ledger.PartiesAsync(deal.OrganizationId, deal.LeadId, cancellationToken);
        await rules.LockAsync(change: false, cancellationToken);
        var terms = await CommissionRules.TermsAsync(
            rules,
            issue.Details.IssuedOn,
            issue.Details.BankCode,
            issue.Details.Product,
            cancellationToken
        );
        var feeBase = terms.IsSuccess && terms.Value.BaseMethod == CommissionBaseMethod.ReceivedFee;
        var accruals =
            feeBase && parties.Partner is not null
                ? await AccrualsAsync(
                    deal,
                    issue,
                    parties,
                    terms.Value,
                    fee.Amount,
                    issue.FeeRevision,
                    cancellationToken
                )
                : [];

        var organizations = (await ledger.OfIssueAsync(deal.Id, issue.Number, cancellationToken))
            .Select(e => e.OrganizationId)
            .Concat(accruals.Select(a => a.OrganizationId))
            .Distinct()
            .ToList();
        if (organizations.Count == 0)
        {
            return;
        }

        // Under the ledger locks, read again: a release or reversal committed meanwhile counts.
        await ledger.LockAsync(organizations, cancellationToken);
        var entries = await ledger.OfIssueAsync(deal.Id, issue.Number, cancellationToken);
        var followed = entries
            .Where(e => e.FollowsEntryId is not null)
            .Select(e => e.FollowsEntryId!.Value)
            .ToHashSet();
        var keys = entries.Select(e => e.IdempotencyKey).ToHashSet(StringComparer.Ordinal);
        var now = clock.UtcNowMicroseconds();
        if (feeBase)
        {
            foreach (
                var entry in entries
                    .Where(e =>
                        e.FeeRevision < issue.FeeRevision
                        && e.Kind is CommissionEntryKind.Accrual or CommissionEntryKind.Release
                        && !Reversed(entries, e)
                    )
                    .OrderBy(e => e.Kind == CommissionEntryKind.Release ? 0 : 1)
                    .ToList()
            )
            {
                ledger.Add(CommissionEntry.Reverse(clock.NewId(), entry, now));
                followed.Add(entry.Id);
            }
        }

        var held = entries.Where(e => e.Kind == CommissionEntryKind.Accrual && !followed.Contains(e.Id)).ToList();
        foreach (var accrual in accruals)
        {
            var entry = CommissionEntry.Accrue(clock.NewId(), accrual, now);
            if (keys.Add(entry.IdempotencyKey))
            {
                ledger.Add(entry);
                held.Add(entry);
            }
        }

        foreach (var accrual in held)
        {
            ledger.Add(CommissionEntry.Release(clock.NewId(), accrual, now));
        }
    }

    private static bool Reversed(IReadOnlyList<CommissionEntry> entries, CommissionEntry entry) =>
        entries.Any(e => e.Kind == CommissionEntryKind.Reversal && e.FollowsEntryId == entry.Id);

    /// <summary>
    /// What the issue accrues: level 1 to the partner that brought the deal's lead (its share by the grade in force on
    /// the issue date) and level 2 to that partner's referrer (the level-2 share of the base; never a third level),
    /// both
    /// on hold until the issue date plus the product's hold period; none while a received-fee base has no fee.
    /// </summary>
    private async Task<List<CommissionAccrual>> AccrualsAsync(
        Deal deal,
        LoanIssue issue,
        CommissionParties parties,
        CommissionTerms t,
        decimal? receivedFee,
        int? feeRevision,
        CancellationToken cancellationToken
    )
    {
        var partner = parties.Partner!.Value;
        var details = issue.Details;
        var grade = await grades.GradeOnAsync(partner, details.IssuedOn, cancellationToken);
        var share = t.ShareOf(grade);
        var amounts = CommissionCalculator.Compute(CommissionInputs.Of(t, details.Amount, receivedFee, share));
        var accruals = new List<CommissionAccrual>();
        if (amounts.Base is not { } baseAmount)
        {
            return accruals;
        }

        var holdUntil = details.IssuedOn.AddDays(t.HoldDays);
        if (amounts.Level1 is > 0m and { } level1)
        {
            accruals.Add(
                new CommissionAccrual(
                    partner,
                    deal.Id,
                    issue.Number,
                    1,
                    null,
                    details.IssuedOn,
                    details.BankCode,
                    details.Product,
                    grade,
                    baseAmount,
                    share,
                    level1,
                    holdUntil,
                    feeRevision
                )
            );
        }

        if (parties.Referrer is { } referrer && amounts.Level2 is > 0m and { } level2)
        {
            accruals.Add(
                new CommissionAccrual(
                    referrer,
                    deal.Id,
                    issue.Number,
                    2,
                    partner,
                    details.IssuedOn,
                    details.BankCode,
                    details.Product,
                    null,
                    baseAmount,
                    t.Level2Share,
                    level2,
                    holdUntil,
                    feeRevision
                )
            );
        }

        return accruals;
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
        var reversed = entries
            .Where(e => e.Kind == CommissionEntryKind.Reversal)
            .Select(e => e.FollowsEntryId)
            .ToHashSet();
        var now = clock.UtcNowMicroseconds();
        foreach (
            var entry in entries
                .Where(e =>
                    e.Kind is CommissionEntryKind.Accrual or CommissionEntryKind.Release && !reversed.Contains(e.Id)
                )
                .OrderBy(e => e.Kind == CommissionEntryKind.Release ? 0 : 1)
        )
        {
            ledger.Add(CommissionEntry.Reverse(clock.NewId(), entry, now));
        }
    }
}
