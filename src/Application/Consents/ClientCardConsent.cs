using MakCrm.Domain.Clients;
using MakCrm.Domain.Consents;

namespace MakCrm.Application.Consents;

/// <summary>
/// A client card's own <c>consent</c> (time, text version, withdrawal) kept as the client's
/// <see cref="ConsentPurpose.PersonalDataProcessing"/> consent record too, so that the consent checks, the consent
/// list and a subject's data see what the card says: a consent given on the card (a new time or text version) is
/// recorded, its source <c>form</c> for a user and <c>platform</c> for an API client; a withdrawal on the card
/// withdraws every live processing consent of the client, at the card's withdrawal time.
/// </summary>
internal sealed class ClientCardConsent(IConsentRepository consents, ICurrentActor actor, TimeProvider clock)
{
    public async Task RecordAsync(
        Client client,
        ClientConsent? before,
        ClientConsent? after,
        CancellationToken cancellationToken
    )
    {
        if (after is null)
        {
            return;
        }

        var now = clock.UtcNowMicroseconds();
        var source = actor.UserId is null ? ConsentSource.Platform : ConsentSource.Form;
        Consent? given = null;
        if (before is null || before.GivenAt != after.GivenAt || before.TextVersion != after.TextVersion)
        {
            var record = new ConsentGiven(
                client.Id,
                ConsentPurpose.PersonalDataProcessing,
                after.TextVersion,
                after.GivenAt.ToMicroseconds(),
                source
            );
            given = Consent.Record(clock.NewId(), client.OrganizationId, record, now);
            consents.Add(given);
        }

        if (after.WithdrawnAt is { } withdrawnAt && (before?.WithdrawnAt is null || given is not null))
        {
            var at = withdrawnAt.ToMicroseconds();
            var live = await consents.FindAllLiveAsync(
                client.Id,
                ConsentPurpose.PersonalDataProcessing,
                now,
                cancellationToken
            );
            foreach (var consent in given is null ? live : [.. live, given])
            {
                consent.Withdraw(at, source, null, now);
            }
        }
    }
}
