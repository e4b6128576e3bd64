using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Domain.Commissions;
using MakCrm.Domain.Settlements;

namespace MakCrm.Infrastructure.Settlements;

/// <summary>
/// Writes a paid act's payout into the organization's commission ledger through the ledger's own lock and append, in
/// the command's transaction; the entry is held by the act it pays (its claim), and its key makes a second payout of
/// the act impossible.
/// </summary>
internal sealed class SettlementPayouts(ICommissionLedger ledger, ISettlementRepository settlements, TimeProvider clock)
    : ISettlementPayouts
{
    public async Task RecordAsync(SettlementAct act, CancellationToken cancellationToken)
    {
        await ledger.LockAsync([act.OrganizationId], cancellationToken);
        var entry = CommissionEntry.Payout(
            clock.NewId(),
            act.OrganizationId,
            act.Id,
            act.PaidAmount!.Value,
            clock.UtcNowMicroseconds()
        );
        ledger.Add(entry);
        settlements.Claim(act.Id, [entry.Id]);
    }
}
