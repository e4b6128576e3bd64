using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Consents;
using MakCrm.Application.CustomFields;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Clients;
using MakCrm.Domain.CustomFields;
using MakCrm.Domain.Events;

namespace MakCrm.Application.Clients;

public sealed record CreateClientCommand(
    string FullName,
    string Phone,
    string? Email,
    string? City,
    string Source,
    ProcessingMethod? ProcessingMethod = null,
    IReadOnlyList<string>? Tags = null,
    ClientConsentInput? Consent = null,
    IntegrationInput? Integration = null,
    JsonObject? CustomFields = null
) : ICommand<ClientDto>;

internal sealed class CreateClientValidator : AbstractValidator<CreateClientCommand>
{
    public CreateClientValidator(TimeProvider clock)
    {
        RuleFor(c => c.FullName).RequiredText(Client.MaxFullNameLength);
        RuleFor(c => c.Phone).ValidPhone();
        RuleFor(c => c.Email).ValidEmailOrEmpty();
        RuleFor(c => c.City).OptionalText(Client.MaxCityLength);
        RuleFor(c => c.Source).ValidSourceCode();
        RuleFor(c => c.ProcessingMethod).DefinedOrNull();
        RuleFor(c => c.Tags).ValidTags();
        RuleFor(c => c.Consent!)
            .SetValidator(new ClientConsentInputValidator(clock, withdrawalAlone: false))
            .When(c => c.Consent is not null);
        this.ValidIntegration(c => c.Integration ?? IntegrationInput.None);
    }
}

internal sealed class CreateClientHandler(
    IClientRepository clients,
    IClientSourceRepository sources,
    IExternalRefs externalRefs,
    IEventOutbox events,
    ICurrentActor actor,
    CustomFieldAccess customFields,
    ClientCardConsent cardConsent,
    TimeProvider clock
) : ICommandHandler<CreateClientCommand, ClientDto>
{
    public async Task<Result<ClientDto>> Handle(CreateClientCommand command, CancellationToken cancellationToken)
    {
        if (!await sources.ExistsAsync(command.Source, activeOnly: true, cancellationToken))
        {
            return ClientSourceRules.NotActive;
        }

        var values = await customFields.CreateAsync(CustomFieldEntity.Client, command.CustomFields, cancellationToken);
        if (!values.IsSuccess)
        {
            return values.Error!;
        }

        var integration = (command.Integration ?? IntegrationInput.None).ToData(actor);
        if (integration.ExternalRef is { } reference)
        {
            var existing = await externalRefs.LockAndFindAsync(
                ExternalRefHolder.Client,
                actor.OrganizationId,
                reference,
                cancellationToken
            );
            var free = new ExternalRefMustBeFree("client", reference, existing);
            if (free.IsBroken())
            {
                return free.Error;
            }
        }

        var details = new ClientDetails(
            command.FullName,
            PhoneNumber.Parse(command.Phone),
            string.IsNullOrWhiteSpace(command.Email) ? null : EmailAddress.Parse(command.Email),
            command.City,
            command.Source,
            command.ProcessingMethod,
            command.Tags ?? [],
            command.Consent?.ApplyTo(null).Value
        );
        var client = Client.Create(
            clock.NewId(),
            actor.OrganizationId,
            details,
            clock.UtcNowMicroseconds(),
            integration
        );
        client.SetCustomFields(values.Value, client.CreatedAt);
        clients.Add(client);
        await cardConsent.RecordAsync(client, null, client.Details.Consent, cancellationToken);
        var dto = ClientDto.From(client);
        events.Raise(EventPayloads.ClientCreated, client.OrganizationId, client.Id, dto);
        return dto;
    }
}

internal static class ClientSourceRules
{
    public static Error NotActive { get; } =
        Error.Validation(
            "source",
            "Is not the code of an active client source; GET /api/v1/client-sources lists them."
        );
}
