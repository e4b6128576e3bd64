namespace MakCrm.Application.ClientSources;

public sealed record ListClientSourcesQuery : IQuery<IReadOnlyList<ClientSourceDto>>;

internal sealed class ListClientSourcesHandler(IClientSourceRepository sources)
    : IQueryHandler<ListClientSourcesQuery, IReadOnlyList<ClientSourceDto>>
{
    public async Task<Result<IReadOnlyList<ClientSourceDto>>> Handle(
        ListClientSourcesQuery query,
        CancellationToken cancellationToken
    ) => Result<IReadOnlyList<ClientSourceDto>>.Success(await sources.ListAsync(cancellationToken));
}
