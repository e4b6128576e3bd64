using MakCrm.Application.Common;
using MakCrm.Application.Leads;
using MakCrm.Contracts;
using MakCrm.Domain.Common;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class LeadMappings
{
    /// <summary>A client's request for a loan (schema <c>Lead</c>).</summary>
    extension(Lead)
    {
        public static Lead From(LeadDto dto) => new(
            dto.Id, dto.ClientId, dto.OrganizationId, dto.RequestedAmount, dto.Product, dto.Comment, dto.Status, dto.ResponsibleUserId, dto.ResponsibleUser, dto.DuplicateOfLeadId, dto.CreatedAt, dto.UpdatedAt,
            dto.ExternalRef, dto.Attribution, dto.Metadata, dto.Consent, dto.Version, dto.Client);
    }
}
