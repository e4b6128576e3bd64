using MakCrm.Application.Clients;
using MakCrm.Application.PersonalData;
using MakCrm.Domain.Access;

namespace MakCrm.Application.Leads;

public sealed record GetLeadQuery(Guid Id) : IQuery<LeadDto>;

internal sealed class GetLeadHandler(ILeadRepository leads, ICurrentActor actor, IPersonalDataReads reads)
    : IQueryHandler<GetLeadQuery, LeadDto>
{
    public async Task<Result<LeadDto>> Handle(GetLeadQuery query, CancellationToken cancellationToken)
    {
        var lead = await leads.GetAsync(
            query.Id,
            DataScope.For(actor, Permissions.LeadsReadAll),
            ClientSummaryScope.For(actor),
            cancellationToken
        );
        if (lead is null)
        {
            return Error.NotFound("Lead", query.Id);
        }

        await reads.RecordAsync(PersonalDataSubjects.Lead, PersonalDataAccess.Card, [lead.Id], cancellationToken);
        return lead;
    }
}
