using MakCrm.Application.CustomFields;
using MakCrm.Domain.Clients;
using MakCrm.Domain.CustomFields;

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
    IReadOnlyDictionary<string, string> Metadata
) : Contracts.IVersioned, IAnswersAs<Contracts.Client>, ICarriesCustomFields
{
    /// <summary>The custom fields' values, narrowed by the pipeline to the fields the reader sees
    /// (<see cref="ICarriesCustomFields"/>).</summary>
    public CustomFieldValues CustomFields { get; init; } = CustomFieldValues.None;

    public IEnumerable<CustomFieldEntity> CustomFieldEntities() =>
        CustomFields.IsEmpty ? [] : [CustomFieldEntity.Client];

    public object WithCustomFields(CustomFieldSchema fields) =>
        this with
        {
            CustomFields = fields.Narrow(CustomFieldEntity.Client, CustomFields),
        };

    Contracts.Client IAnswersAs<Contracts.Client>.ToRecord() => Contracts.Client.From(this);

    public static ClientDto From(Client client) =>
        new(
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
            client.Metadata
        )
        {
            CustomFields = CustomFieldValues.Stored(client.CustomFields),
        };
}

/// <summary>A borrower as the API answers it (schema <c>Client</c>).</summary>
public static class ClientAnswers
{
    extension(Contracts.Client)
    {
        public static Contracts.Client From(ClientDto dto) =>
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
                dto.Consent is { } consent
                    ? new Contracts.ClientConsent(consent.GivenAt, consent.TextVersion, consent.WithdrawnAt)
                    : null,
                dto.CreatedAt,
                dto.UpdatedAt,
                dto.ExternalRef,
                dto.Attribution,
                dto.Metadata,
                dto.Version,
                dto.CustomFields.Answer()
            );
    }
}
