using MakCrm.Application.Clients;
using MakCrm.Domain.Clients;

namespace MakCrm.WebApi.Contracts;

/// <summary>A borrower (schema <c>Client</c>).</summary>
public sealed record Client(
    Guid Id,
    Guid OrganizationId,
    string FullName,
    string Phone,
    string? Email,
    string? City,
    ClientSource Source,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static Client From(ClientDto dto) =>
        new(dto.Id, dto.OrganizationId, dto.FullName, dto.Phone, dto.Email, dto.City, dto.Source, dto.CreatedAt, dto.UpdatedAt);
}
