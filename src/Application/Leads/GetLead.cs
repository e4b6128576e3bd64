using MakCrm.Application.Clients;
using MakCrm.Domain.Access;

namespace MakCrm.Application.Leads;

public sealed record GetLeadQuery(Guid Id) : IQuery<LeadDto>;

internal sealed class GetLeadHandler(ILeadRepository leads, ICurrentActor actor) : IQueryHandler<GetLeadQuery, LeadDto>
{
    public async Task<Result<LeadDto>> Handle(GetLeadQuery query, CancellationToken cancellationToken) =>
        await leads.GetAsync(
            query.Id,
            DataScope.For(actor, Permissions.LeadsReadAll),
            ClientSummaryScope.For(actor),
            cancellationToken
        )
            is { } lead
            ? lead
            : Error.NotFound("Lead", query.Id);
}
