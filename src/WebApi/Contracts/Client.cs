using MakCrm.Application.Clients;
using MakCrm.Domain.Clients;

namespace MakCrm.WebApi.Contracts;

/// <summary>A borrower (schema <c>Client</c>).</summary>
public sealed partial record Client
{
    public static Client From(ClientDto dto) =>
        new(
            dto.Id,
            dto.OrganizationId,
            dto.FullName,
            dto.Phone,
            dto.Email,
            dto.City,
            dto.Source,
            dto.ProcessingMethod,
            dto.Tags,
            dto.Consent is { } consent ? new ClientConsent(consent.GivenAt, consent.TextVersion, consent.WithdrawnAt) : null,
            dto.CreatedAt,
            dto.UpdatedAt,
            dto.ExternalRef,
            dto.Attribution,
            dto.Metadata,
            dto.Version);
}

