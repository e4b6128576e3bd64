using MakCrm.Application.Common;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Common;

namespace MakCrm.Application.Clients;

public sealed record ClientDto(
    Guid Id,
    Guid OrganizationId,
    string FullName,
    string Phone,
    string? Email,
    string? City,
    string Source,
    ProcessingMethod? ProcessingMethod,
    IReadOnlyList<string> Tags,
    ClientConsent? Consent,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version,
    string? ExternalRef,
    Attribution? Attribution,
    IReadOnlyDictionary<string, string> Metadata) : Contracts.IVersioned
{
    public static ClientDto From(Client client) => new(
        client.Id,
        client.OrganizationId,
        client.FullName,
        client.Phone,
        client.Email,
        client.City,
        client.Source,
        client.ProcessingMethod,
        client.Tags,
        client.Details.Consent,
        client.CreatedAt,
        client.UpdatedAt,
        client.Version,
        client.ExternalRef,
        client.Attribution,
        client.Metadata);
}
