using MakCrm.Application.Common;
using MakCrm.Application.Leads;
using MakCrm.Domain.Common;
using MakCrm.Domain.Leads;

namespace MakCrm.WebApi.Contracts;

/// <summary>A client's request for a loan (schema <c>Lead</c>).</summary>
public sealed partial record Lead
{
    public static Lead From(LeadDto dto) => new(
        dto.Id, dto.ClientId, dto.OrganizationId, dto.RequestedAmount, dto.Product, dto.Comment, dto.Status, dto.ResponsibleUserId, dto.ResponsibleUser, dto.DuplicateOfLeadId, dto.CreatedAt, dto.UpdatedAt,
        dto.ExternalRef, dto.Attribution, dto.Metadata, dto.Consent, dto.Version, dto.Client);
}
