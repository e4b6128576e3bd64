using MakCrm.Application.Leads;
using MakCrm.Contracts;
using MakCrm.Domain.Leads;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class UpdateLeadRequestMappings
{
    /// <summary>A JSON merge patch of a lead: which fields are present matters, so the command gets them as
    /// <see cref="Patch{T}"/>.</summary>
    extension(UpdateLeadRequest)
    {
        public static UpdateLeadCommand ToCommand(Guid id, VersionCheck ifMatch, JsonBody<UpdateLeadRequest> body)
        {
            var patch = body.Value;
            return new UpdateLeadCommand(
                id,
                ifMatch,
                body.Field<decimal>("requestedAmount", patch.RequestedAmount),
                body.Field<LoanProduct>("product", patch.Product),
                body.Field<string?>("comment", patch.Comment),
                body.Field("status", patch.Status),
                body.Field<Guid?>("responsibleUserId", patch.ResponsibleUserId),
                new IntegrationPatch(
                    body.Field("attribution", patch.Attribution),
                    body.Field("metadata", patch.Metadata)
                ),
                body.Field("customFields", patch.CustomFields)
            );
        }
    }
}
