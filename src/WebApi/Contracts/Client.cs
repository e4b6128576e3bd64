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
    string Source,
    ProcessingMethod? ProcessingMethod,
    IReadOnlyList<string> Tags,
    ClientConsent? Consent,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? ExternalRef,
    Domain.Common.Attribution? Attribution,
    IReadOnlyDictionary<string, string> Metadata,
    int Version)
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

/// <summary>The client's consent to the processing of personal data (schema <c>ClientConsent</c>).</summary>
public sealed record ClientConsent(DateTimeOffset GivenAt, string TextVersion, DateTimeOffset? WithdrawnAt);
