using MakCrm.Domain.Access;
using MakCrm.Domain.Clients;

namespace MakCrm.Application.Clients;

/// <summary>How many of the clients a filter selects come from each source and are worked each way.</summary>
public sealed record GetClientSegmentsQuery(
    string? Q = null,
    IReadOnlyList<string>? Source = null,
    IReadOnlyList<ProcessingMethod>? ProcessingMethod = null,
    IReadOnlyList<string>? Tag = null,
    bool? HasConsent = null,
    string? City = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null
) : IQuery<ClientSegmentsDto>, IClientFilterQuery;

public sealed record ClientSegmentsDto(
    int Total,
    IReadOnlyList<SourceSegment> BySource,
    IReadOnlyList<ProcessingMethodSegment> ByProcessingMethod
);

public sealed record SourceSegment(string Source, int Count);

/// <summary>A <c>null</c> method counts the clients whose processing method is not set.</summary>
public sealed record ProcessingMethodSegment(ProcessingMethod? ProcessingMethod, int Count);

internal sealed class GetClientSegmentsValidator : AbstractValidator<GetClientSegmentsQuery>
{
    public GetClientSegmentsValidator() => Include(new ClientFilterValidator<GetClientSegmentsQuery>());
}

internal sealed class GetClientSegmentsHandler(IClientRepository clients, ICurrentActor actor)
    : IQueryHandler<GetClientSegmentsQuery, ClientSegmentsDto>
{
    public async Task<Result<ClientSegmentsDto>> Handle(
        GetClientSegmentsQuery query,
        CancellationToken cancellationToken
    ) =>
        await clients.SegmentAsync(
            DataScope.For(actor, Permissions.ClientsReadAll),
            ClientFilter.From(query),
            cancellationToken
        );
}
