using MakCrm.Application.Clients;
using MakCrm.Application.ClientSources;
using MakCrm.Contracts;
using MakCrm.Domain.Clients;
using ClientConsentInput = MakCrm.Contracts.ClientConsentInput;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class ClientProfileMappings
{
    /// <summary>Consent as a request gives it (schema <c>ClientConsentInput</c>).</summary>
    extension(ClientConsentInput)
    {
        public static Application.Clients.ClientConsentInput? ToInput(ClientConsentInput? consent) =>
            consent is null ? null : new(consent.GivenAt, consent.TextVersion, consent.WithdrawnAt);
    }

    /// <summary>Client counts by source and by processing method (schema <c>ClientSegments</c>).</summary>
    extension(ClientSegments)
    {
        public static ClientSegments From(ClientSegmentsDto dto) =>
            new(
                dto.Total,
                dto.BySource.Select(s => new ClientSourceSegment(s.Source, s.Count)).ToList(),
                dto.ByProcessingMethod.Select(s => new ClientProcessingMethodSegment(s.ProcessingMethod, s.Count))
                    .ToList()
            );
    }
}
