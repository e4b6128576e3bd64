using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Contracts;

namespace MakCrm.Application.AmoCrm;

/// <summary>A field both sides changed to different values since the last sync, and which side won.</summary>
public sealed record AmoCrmSettledConflict(
    string Field,
    string? Ours,
    string? Theirs,
    AmoCrmSyncDirection Direction,
    bool AmoWins
)
{
    /// <summary>The conflict as it is recorded for the link of <paramref name="entity"/>.</summary>
    public AmoCrmConflictDraft Draft(
        long accountId,
        AmoCrmEntity entity,
        long amoId,
        Guid makId,
        AmoCrmConflictReason reason
    ) =>
        new(
            accountId,
            entity,
            amoId,
            makId,
            Field,
            Ours,
            Theirs,
            Direction,
            AmoWins ? AmoCrmSyncWinner.Amocrm : AmoCrmSyncWinner.Mak,
            reason
        );
}

/// <summary>
/// How one linked record's fields settle when amoCRM's values of it are read, the one rule of the sync's inbound side
/// for leads and contacts alike. Each field is compared with the value last synced (MaK's value when the link was never
/// synced): amoCRM's unchanged (our own write coming back, a webhook delivered twice) changes nothing; changed on
/// amoCRM's side only, it is applied; changed on both sides to different values, the field's direction decides
/// (amoCRM's, MaK's, or the side that changed the record last) and the conflict is listed. When MaK's value wins it is
/// marked for the outbox, which writes it back.
/// </summary>
/// <param name="Synced">The values to store as synced once the change is made: amoCRM's values as they are.</param>
/// <param name="Apply">amoCRM's values MaK takes, by field.</param>
/// <param name="PushDue">Whether MaK's values must go back to amoCRM.</param>
public sealed record AmoCrmSettledFields(
    Dictionary<string, string?> Synced,
    Dictionary<string, string?> Apply,
    IReadOnlyList<AmoCrmSettledConflict> Conflicts,
    bool PushDue
)
{
    /// <param name="fields">The fields with their directions (<see cref="AmoCrmSyncRules.FieldsWith"/>).</param>
    /// <param name="amo">amoCRM's values in MaK's terms; a field amoCRM holds no value MaK takes for is left out.
    /// </param>
    /// <param name="mak">MaK's values of every field.</param>
    /// <param name="synced">The values last synced; null when never synced.</param>
    /// <param name="amoIsNewer">Whether amoCRM changed the record after MaK did.</param>
    public static AmoCrmSettledFields Of(
        IReadOnlyList<(string Field, AmoCrmSyncDirection Direction)> fields,
        IReadOnlyDictionary<string, string?> amo,
        IReadOnlyDictionary<string, string?> mak,
        IReadOnlyDictionary<string, string?>? synced,
        bool amoIsNewer
    )
    {
        var baseline = synced ?? mak;
        var next = new Dictionary<string, string?>(baseline, StringComparer.Ordinal);
        var apply = new Dictionary<string, string?>(StringComparer.Ordinal);
        var conflicts = new List<AmoCrmSettledConflict>();
        var pushDue = false;
        foreach (var (field, direction) in fields)
        {
            if (!amo.TryGetValue(field, out var theirs) || theirs == baseline.GetValueOrDefault(field))
            {
                continue;
            }

            next[field] = theirs;
            var ours = mak[field];
            if (ours == theirs)
            {
                continue;
            }

            if (ours == baseline.GetValueOrDefault(field))
            {
                apply[field] = theirs;
                continue;
            }

            var amoWins = direction switch
            {
                AmoCrmSyncDirection.Amocrm => true,
                AmoCrmSyncDirection.Mak => false,
                _ => amoIsNewer,
            };
            conflicts.Add(new AmoCrmSettledConflict(field, ours, theirs, direction, amoWins));
            if (amoWins)
            {
                apply[field] = theirs;
            }
            else
            {
                pushDue = true;
            }
        }

        return new AmoCrmSettledFields(next, apply, conflicts, pushDue);
    }
}
