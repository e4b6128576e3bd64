using MakCrm.Application.Clients;
using MakCrm.Application.CustomFields;
using MakCrm.Domain.CustomFields;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Leads;

public sealed record LeadDto(
    Guid Id,
    Guid ClientId,
    Guid OrganizationId,
    decimal? RequestedAmount,
    LoanProduct? Product,
    string? Comment,
    string Status,
    Guid? ResponsibleUserId,
    Guid? DuplicateOfLeadId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version,
    string? ExternalRef,
    Attribution? Attribution,
    IReadOnlyDictionary<string, string> Metadata,
    LeadConsent? Consent
) : Contracts.IVersioned, INamesUsers, IAnswersAs<Contracts.Lead>, ICarriesCustomFields
{
    /// <summary>The custom fields' values, narrowed by the pipeline to the fields the reader sees
    /// (<see cref="ICarriesCustomFields"/>).</summary>
    public CustomFieldValues CustomFields { get; init; } = CustomFieldValues.None;

    public IEnumerable<CustomFieldEntity> CustomFieldEntities() => CustomFields.IsEmpty ? [] : [CustomFieldEntity.Lead];

    public object WithCustomFields(CustomFieldSchema fields) =>
        this with
        {
            CustomFields = fields.Narrow(CustomFieldEntity.Lead, CustomFields),
        };

    /// <summary>The responsible user with their name; filled by the pipeline (<see cref="INamesUsers"/>).</summary>
    public Contracts.UserRef? ResponsibleUser { get; init; }

    /// <summary>The client's summary, when the caller may read the client; read with the lead (see
    /// <see cref="ClientSummaryScope"/>).</summary>
    public Contracts.ClientSummary? Client { get; init; }

    public IEnumerable<Guid?> UserIds() => [ResponsibleUserId];

    public object WithNames(UserNames names) => this with { ResponsibleUser = names.Of(ResponsibleUserId) };

    Contracts.Lead IAnswersAs<Contracts.Lead>.ToRecord() => Contracts.Lead.From(this);

    public static LeadDto From(Lead lead) =>
        new(
            lead.Id,
            lead.ClientId,
            lead.OrganizationId,
            lead.RequestedAmount,
            lead.Product,
            lead.Comment,
            lead.Status,
            lead.ResponsibleUserId,
            lead.DuplicateOfLeadId,
            lead.CreatedAt,
            lead.UpdatedAt,
            lead.Version,
            lead.ExternalRef,
            lead.Attribution,
            lead.Metadata,
            lead.Consent
        )
        {
            CustomFields = CustomFieldValues.Stored(lead.CustomFields),
        };
}

/// <summary>A lead as the API answers it (schema <c>Lead</c>).</summary>
public static class LeadAnswers
{
    extension(Contracts.Lead)
    {
        public static Contracts.Lead From(LeadDto dto) =>
            new(
                dto.Id,
                dto.ClientId,
                dto.OrganizationId,
                dto.RequestedAmount,
                dto.Product,
                dto.Comment,
                dto.Status,
                dto.ResponsibleUserId,
                dto.ResponsibleUser,
                dto.DuplicateOfLeadId,
                dto.CreatedAt,
                dto.UpdatedAt,
                dto.ExternalRef,
                dto.Attribution,
                dto.Metadata,
                dto.Consent,
                dto.Version,
                dto.Client,
                dto.CustomFields.Answer()
            );
    }
}
