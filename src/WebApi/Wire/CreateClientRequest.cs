using MakCrm.Application.Clients;
using MakCrm.Contracts;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Common;
using ClientConsentInput = MakCrm.Contracts.ClientConsentInput;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class CreateClientRequestMappings
{
    extension(CreateClientRequest request)
    {
        public CreateClientCommand ToCommand() =>
            new(
                request.FullName,
                request.Phone,
                request.Email,
                request.City,
                request.Source,
                request.ProcessingMethod,
                request.Tags,
                ClientConsentInput.ToInput(request.Consent),
                new IntegrationInput(request.ExternalRef, request.Attribution, request.Metadata),
                request.CustomFields
            );
    }
}
