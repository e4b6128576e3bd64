using MakCrm.Application.Leads;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.Domain.Leads;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class CreateLeadRequestMappings
{
    extension(CreateLeadRequest request)
    {
        public CreateLeadCommand ToCommand() =>
            new(
                request.ClientId,
                request.RequestedAmount,
                request.Product,
                request.Comment,
                request.Status,
                request.ResponsibleUserId,
                new IntegrationInput(request.ExternalRef, request.Attribution, request.Metadata),
                request.CustomFields,
                request.Consents
            );
    }
}
