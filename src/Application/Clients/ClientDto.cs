using MakCrm.Application.Common;
using MakCrm.Domain.Clients;

namespace MakCrm.Application.Clients;

public sealed record ClientDto(
    Guid Id,
    Guid OrganizationId,
    string FullName,
    string Phone,
    string? Email,
    string? City,
    ClientSource Source,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version) : IVersioned
{
    public static ClientDto From(Client client) => new(
        client.Id,
        client.OrganizationId,
        client.FullName,
        client.Phone,
        client.Email,
        client.City,
        client.Source,
        client.CreatedAt,
        client.UpdatedAt,
        client.Version);
}
