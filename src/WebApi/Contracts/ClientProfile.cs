using MakCrm.Application.Clients;
using MakCrm.Application.ClientSources;
using MakCrm.Application.Common;
using MakCrm.Domain.Clients;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

/// <summary>Consent as a request gives it (schema <c>ClientConsentInput</c>).</summary>
public sealed partial record ClientConsentInput
{
    public static Application.Clients.ClientConsentInput? ToInput(ClientConsentInput? consent) =>
        consent is null ? null : new(consent.GivenAt, consent.TextVersion, consent.WithdrawnAt);
}

/// <summary>Where clients come from (schema <c>ClientSource</c>).</summary>
public sealed partial record ClientSource
{
    public static ClientSource From(ClientSourceDto dto) =>
        new(dto.Code, dto.Name, dto.Position, dto.Active, dto.DuplicatePolicy, dto.CreatedAt, dto.UpdatedAt, dto.Version);
}

public sealed partial record ClientSourceList
{
    public static ClientSourceList From(IReadOnlyList<ClientSourceDto> sources) => new(sources.Select(ClientSource.From).ToList());
}

public sealed partial record CreateClientSourceRequest
{
    public CreateClientSourceCommand ToCommand() => new(Code, Name, Position, Active, DuplicatePolicy);
}

/// <summary>A JSON merge patch of a client source.</summary>
public sealed partial record UpdateClientSourceRequest
{
    public static UpdateClientSourceCommand ToCommand(string code, VersionCheck ifMatch, JsonBody<UpdateClientSourceRequest> body)
    {
        var patch = body.Value;
        return new UpdateClientSourceCommand(
            code,
            ifMatch,
            body.Field("name", patch.Name),
            body.Field("position", patch.Position),
            body.Field("active", patch.Active),
            body.Field("duplicatePolicy", patch.DuplicatePolicy));
    }
}

/// <summary>Client counts by source and by processing method (schema <c>ClientSegments</c>).</summary>
public sealed partial record ClientSegments
{
    public static ClientSegments From(ClientSegmentsDto dto) => new(
        dto.Total,
        dto.BySource.Select(s => new ClientSourceSegment(s.Source, s.Count)).ToList(),
        dto.ByProcessingMethod.Select(s => new ClientProcessingMethodSegment(s.ProcessingMethod, s.Count)).ToList());
}

