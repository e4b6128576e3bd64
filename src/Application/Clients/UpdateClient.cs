using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Consents;
using MakCrm.Application.CustomFields;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Access;
using MakCrm.Domain.Clients;
using MakCrm.Domain.CustomFields;
using MakCrm.Domain.Events;

namespace MakCrm.Application.Clients;

/// <summary>
/// A JSON merge patch of a client: absent fields stay; email and city are cleared by null or "", processingMethod and
/// consent by null, tags by []; <paramref name="CustomFields"/> is a merge patch of the values.
/// </summary>
public sealed record UpdateClientCommand(
    Guid Id,
    VersionCheck IfMatch,
    Patch<string> FullName,
    Patch<string> Phone,
    Patch<string?> Email,
    Patch<string?> City,
    Patch<string> Source,
    Patch<ProcessingMethod?> ProcessingMethod = default,
    Patch<IReadOnlyList<string>> Tags = default,
    Patch<ClientConsentInput?> Consent = default,
    IntegrationPatch? Integration = null,
    Patch<JsonObject> CustomFields = default
) : ICommand<ClientDto>;

internal sealed class UpdateClientValidator : AbstractValidator<UpdateClientCommand>
{
    public UpdateClientValidator(TimeProvider clock)
    {
        When(
            c => c.FullName.IsPresent,
            () =>
                RuleFor(c => (string?)c.FullName.Value)
                    .RequiredText(Client.MaxFullNameLength)
                    .OverridePropertyName("fullName")
        );
        When(
            c => c.Phone.IsPresent,
            () => RuleFor(c => (string?)c.Phone.Value).ValidPhone().OverridePropertyName("phone")
        );
        When(
            c => c.Email.IsPresent,
            () => RuleFor(c => c.Email.Value).ValidEmailOrEmpty().OverridePropertyName("email")
        );
        When(
            c => c.City.IsPresent,
            () => RuleFor(c => c.City.Value).OptionalText(Client.MaxCityLength).OverridePropertyName("city")
        );
        When(
            c => c.Source.IsPresent,
            () => RuleFor(c => (string?)c.Source.Value).ValidSourceCode().OverridePropertyName("source")
        );
        When(
            c => c.ProcessingMethod.IsPresent,
            () => RuleFor(c => c.ProcessingMethod.Value).DefinedOrNull().OverridePropertyName("processingMethod")
        );
        When(
            c => c.Tags.IsPresent,
            () => RuleFor(c => (IReadOnlyList<string>?)c.Tags.Value).ValidTags().OverridePropertyName("tags")
        );
        When(
            c => c.Consent is { IsPresent: true, Value: not null },
            () =>
                RuleFor(c => c.Consent.Value!)
                    .SetValidator(new ClientConsentInputValidator(clock, withdrawalAlone: true))
                    .OverridePropertyName("consent")
        );
        this.ValidIntegrationPatch(c => c.Integration ?? IntegrationPatch.None);
    }
}

internal sealed class UpdateClientHandler(
    IClientRepository clients,
    IClientSourceRepository sources,
    IEventOutbox events,
    ICurrentActor actor,
    CustomFieldAccess customFields,
    ClientCardConsent cardConsent,
    TimeProvider clock
) : ICommandHandler<UpdateClientCommand, ClientDto>
{
    public async Task<Result<ClientDto>> Handle(UpdateClientCommand command, CancellationToken cancellationToken)
    {
        var client = await clients.FindAsync(
            command.Id,
            DataScope.For(actor, Permissions.ClientsReadAll),
            RowLock.None,
            cancellationToken
        );
        if (client is null)
        {
            return Error.NotFound("Client", command.Id);
        }

        var precondition = command.IfMatch.Require(client.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var values = await customFields.PatchAsync(
            CustomFieldEntity.Client,
            client.CustomFields,
            command.CustomFields,
            cancellationToken
        );
        if (!values.IsSuccess)
        {
            return values.Error!;
        }

        var current = client.Details;
        var versionBefore = client.Version;

        // A client may keep a source that was deactivated after it was given; a new one must be active.
        if (
            command.Source.IsPresent
            && command.Source.Value != current.Source
            && !await sources.ExistsAsync(command.Source.Value, activeOnly: true, cancellationToken)
        )
        {
            return ClientSourceRules.NotActive;
        }

        var consent = current.Consent;
        if (command.Consent is { IsPresent: true, Value: var input })
        {
            var applied = input?.ApplyTo(current.Consent);
            if (applied is { IsSuccess: false } refused)
            {
                return refused.Error!;
            }

            consent = applied?.Value;
        }

        var email = command.Email.IsPresent
            ? (string.IsNullOrWhiteSpace(command.Email.Value) ? null : EmailAddress.Parse(command.Email.Value))
            : current.Email;
        var now = clock.UtcNowMicroseconds();
        client.Update(
            new ClientDetails(
                command.FullName.Or(current.FullName),
                command.Phone.IsPresent ? PhoneNumber.Parse(command.Phone.Value) : current.Phone,
                email,
                command.City.Or(current.City),
                command.Source.Or(current.Source),
                command.ProcessingMethod.Or(current.ProcessingMethod),
                command.Tags.Or(current.Tags),
                consent
            ),
            now
        );
        var integration = command.Integration ?? IntegrationPatch.None;
        client.Retag(integration.AttributionOr(client.Attribution), integration.MetadataOr(client.Metadata), now);
        if (values.Value.Changed)
        {
            client.SetCustomFields(values.Value.Json, now);
        }

        await cardConsent.RecordAsync(client, current.Consent, client.Details.Consent, cancellationToken);
        var dto = ClientDto.From(client);
        if (client.Version != versionBefore)
        {
            events.Raise(EventPayloads.ClientUpdated, client.OrganizationId, client.Id, dto);
        }

        return dto;
    }
}
