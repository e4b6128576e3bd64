using MakCrm.Application.Clients;
using MakCrm.Contracts;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class ClientMappings
{
    /// <summary>A borrower (schema <c>Client</c>).</summary>
    extension(Client)
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
}
