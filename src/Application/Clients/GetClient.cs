using MakCrm.Domain.Access;

namespace MakCrm.Application.Clients;

public sealed record GetClientQuery(Guid Id) : IQuery<ClientDto>;

internal sealed class GetClientHandler(IClientRepository clients, ICurrentActor actor)
    : IQueryHandler<GetClientQuery, ClientDto>
{
    public async Task<Result<ClientDto>> Handle(GetClientQuery query, CancellationToken cancellationToken) =>
        await clients.GetAsync(query.Id, DataScope.For(actor, Permissions.ClientsReadAll), cancellationToken)
            is { } client
            ? client
            : Error.NotFound("Client", query.Id);
}
