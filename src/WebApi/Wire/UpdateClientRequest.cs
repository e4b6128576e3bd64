using MakCrm.Application.Clients;
using MakCrm.Contracts;
using MakCrm.Domain.Clients;
using ClientConsentInput = MakCrm.Contracts.ClientConsentInput;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class UpdateClientRequestMappings
{
    /// <summary>A JSON merge patch of a client: which fields are present matters, so the command gets them as
    /// <see cref="Patch{T}"/>.</summary>
    extension(UpdateClientRequest)
    {
        public static UpdateClientCommand ToCommand(Guid id, VersionCheck ifMatch, JsonBody<UpdateClientRequest> body)
        {
            var patch = body.Value;
            return new UpdateClientCommand(
                id,
                ifMatch,
                body.Field<string>("fullName", patch.FullName),
                body.Field<string>("phone", patch.Phone),
                body.Field<string?>("email", patch.Email),
                body.Field<string?>("city", patch.City),
                body.Field<string>("source", patch.Source),
                body.Field<ProcessingMethod?>("processingMethod", patch.ProcessingMethod),
                body.Field<IReadOnlyList<string>>("tags", patch.Tags),
                body.Field<Application.Clients.ClientConsentInput?>(
                    "consent",
                    ClientConsentInput.ToInput(patch.Consent)
                ),
                new IntegrationPatch(
                    body.Field("attribution", patch.Attribution),
                    body.Field("metadata", patch.Metadata)
                ),
                body.Field("customFields", patch.CustomFields)
            );
        }
    }
}
