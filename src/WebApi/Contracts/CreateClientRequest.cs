using MakCrm.Application.Clients;
using MakCrm.Application.Common;
using MakCrm.Domain.Common;
using MakCrm.Domain.Clients;

namespace MakCrm.WebApi.Contracts;

public sealed record CreateClientRequest
{
    public required string FullName { get; init; }

    public required string Phone { get; init; }

    public string? Email { get; init; }

    public string? City { get; init; }

    public required string Source { get; init; }

    public ProcessingMethod? ProcessingMethod { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public ClientConsentInput? Consent { get; init; }

    public string? ExternalRef { get; init; }

    public Attribution? Attribution { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    public CreateClientCommand ToCommand() =>
        new(FullName, Phone, Email, City, Source, ProcessingMethod, Tags, ClientConsentInput.ToInput(Consent), new IntegrationInput(ExternalRef, Attribution, Metadata));
}
