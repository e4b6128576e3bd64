using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Application.Clients;
using MakCrm.Contracts;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Clients;

namespace MakCrm.Application.AmoCrm;

/// <summary>
/// Applies amoCRM's name, phone and e-mail of linked contacts to their MaK clients (<see cref="AmoCrmRecordSync"/>:
/// one unit of work, the links locked), the fields settled by <see cref="AmoCrmSettledFields"/> (by default the side
/// that changed the record last wins a field both changed) and each conflict recorded. A client changes as an edit
/// changes it: its version and updated time, its audit line, and <c>client.updated</c> on the feed (which the outbox
/// reads and finds equal to the synced values, so nothing goes back). A client changed meanwhile is answered as that
/// failure, with nothing written.
/// </summary>
public sealed class AmoCrmClientSync(
    IClientRepository clients,
    IAmoCrmSyncLinks links,
    IEventOutbox events,
    IUnitOfWork unitOfWork,
    TimeProvider clock
) : AmoCrmRecordSync(links, unitOfWork, AmoCrmEntity.Contacts)
{
    protected override async Task<Result<bool>> ApplyOneAsync(
        AmoCrmLockedRecord record,
        CancellationToken cancellationToken
    )
    {
        if (await clients.FindAsync(record.Amo.MakId, DataScope.All, RowLock.None, cancellationToken) is not { } client)
        {
            return false;
        }

        var settled = AmoCrmSettledFields.Of(
            record.Fields,
            record.Amo.Values,
            AmoCrmSyncRules.ContactValuesOf(client.FullName, client.Phone, client.Email),
            record.Synced,
            record.Amo.UpdatedAt > client.UpdatedAt
        );
        foreach (var conflict in settled.Conflicts)
        {
            await RecordAsync(record, conflict, AmoCrmConflictReason.BothChanged, cancellationToken);
        }

        var apply = settled.Apply;
        if (apply.Count > 0)
        {
            var details = client.Details;
            client.Update(
                details with
                {
                    FullName = apply.GetValueOrDefault(AmoCrmSyncRules.FullName) ?? details.FullName,
                    Phone = apply.GetValueOrDefault(AmoCrmSyncRules.Phone) is { } phone
                        ? PhoneNumber.Parse(phone)
                        : details.Phone,
                    Email = apply.TryGetValue(AmoCrmSyncRules.Email, out var email)
                        ? email is null
                            ? null
                            : EmailAddress.Parse(email)
                        : details.Email,
                },
                clock.UtcNowMicroseconds()
            );
            events.Raise(EventPayloads.ClientUpdated, client.OrganizationId, client.Id, ClientDto.From(client));
        }

        await SaveLinkAsync(record, settled.Synced, settled.PushDue, cancellationToken);
        return apply.Count > 0;
    }
}
