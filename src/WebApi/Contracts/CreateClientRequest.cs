using MakCrm.Application.Clients;
using MakCrm.Application.Common;
using MakCrm.Domain.Common;
using MakCrm.Domain.Clients;

namespace MakCrm.WebApi.Contracts;

public sealed partial record CreateClientRequest
{
    public CreateClientCommand ToCommand() =>
        new(FullName, Phone, Email, City, Source, ProcessingMethod, Tags, ClientConsentInput.ToInput(Consent), new IntegrationInput(ExternalRef, Attribution, Metadata));
}
