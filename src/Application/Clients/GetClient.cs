using MakCrm.Application.PersonalData;
using MakCrm.Domain.Access;

namespace MakCrm.Application.Clients;

public sealed record GetClientQuery(Guid Id) : IQuery<ClientDto>;

internal sealed class GetClientHandler(IClientRepository clients, ICurrentActor actor, IPersonalDataReads reads)
    : IQueryHandler<GetClientQuery, ClientDto>
{
    public async Task<Result<ClientDto>> Handle(GetClientQuery query, CancellationToken cancellationToken)
    {
        if (
            await clients.GetAsync(query.Id, DataScope.For(actor, Permissions.ClientsReadAll), cancellationToken)
            is not { } client
        )
        {
            return Error.NotFound("Client", query.Id);
        }

        await reads.RecordAsync(PersonalDataSubjects.Client, PersonalDataAccess.Card, [client.Id], cancellationToken);
        return client;
    }
}
