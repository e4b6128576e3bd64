using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Application.Clients;
using MakCrm.Contracts;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Clients;

namespace MakCrm.Application.AmoCrm;

/// <summary>
/// Applies amoCRM's name, phone and e-mail of one linked contact to its MaK client, in a unit of work of its own under
/// the link's row lock, the fields settled by <see cref="AmoCrmSettledFields"/> (by default the side that changed the
/// record last wins a field both changed) and each conflict recorded. The client changes as an edit changes it: its
/// version and updated time, its audit line, and <c>client.updated</c> on the feed (which the outbox reads and finds
/// equal to the synced values, so nothing goes back). The scope acts for head office (the caller sets it); the client
/// changed meanwhile is answered as that failure, with nothing written.
/// </summary>
public sealed class AmoCrmClientSync(
    IClientRepository clients,
    IAmoCrmSyncLinks links,
    IEventOutbox events,
    IUnitOfWork unitOfWork,
    TimeProvider clock
)
{
    /// <param name="amo">amoCRM's values (<see cref="AmoCrmSyncRules.ContactValuesOf"/>, each one MaK takes); a field
    /// the contact holds no such value for is left out.</param>
    /// <param name="amoUpdatedAt">When amoCRM last changed the contact.</param>
    /// <returns>Whether MaK's client changed.</returns>
    public async Task<Result<bool>> ApplyAsync(
        long accountId,
        long amoId,
        Guid clientId,
        IReadOnlyDictionary<string, string?> amo,
        DateTimeOffset amoUpdatedAt,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
        var (synced, chosen) = await links.LockAsync(accountId, AmoCrmEntity.Contacts, amoId, cancellationToken);
        if (await clients.FindAsync(clientId, DataScope.All, RowLock.None, cancellationToken) is not { } client)
        {
            return false;
        }

        var settled = AmoCrmSettledFields.Of(
            AmoCrmSyncRules.FieldsWith(AmoCrmEntity.Contacts, chosen),
            amo,
            AmoCrmSyncRules.ContactValuesOf(client.FullName, client.Phone, client.Email),
            synced,
            amoUpdatedAt > client.UpdatedAt
        );
        foreach (var conflict in settled.Conflicts)
        {
            await links.RecordAsync(
                conflict.Draft(accountId, AmoCrmEntity.Contacts, amoId, client.Id, AmoCrmConflictReason.BothChanged),
                cancellationToken
            );
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

        await links.SaveAsync(
            accountId,
            AmoCrmEntity.Contacts,
            amoId,
            settled.Synced,
            settled.PushDue,
            cancellationToken
        );
        var saved = await unitOfWork.SaveChangesAsync(cancellationToken);
        if (!saved.IsSuccess)
        {
            return saved.Error!;
        }

        await transaction.CommitAsync(cancellationToken);
        return apply.Count > 0;
    }
}
