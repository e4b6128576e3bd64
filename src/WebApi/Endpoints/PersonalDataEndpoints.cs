using MakCrm.Application.PersonalData;
using MakCrm.Contracts;
using MakCrm.WebApi.Wire;

namespace MakCrm.WebApi.Endpoints;

internal sealed class PersonalDataEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/personal-data");
        group.MapGet("/reads", ListReads).WithName("listPersonalDataReads").SortedBy(PersonalDataReadSorts.Catalog);
    }

    private static async Task<Results<JsonOk<PersonalDataReadPage>, ProblemHttpResult>> ListReads(
        IQueryHandler<ListPersonalDataReadsQuery, Page<PersonalDataReadDto>> handler,
        [AsParameters] ListPersonalDataReadsParameters query,
        CancellationToken cancellationToken
    )
    {
        var request = new ListPersonalDataReadsQuery(
            query.SubjectType,
            query.SubjectId,
            query.ActorUserId,
            query.ActorClientId,
            query.Access,
            query.From,
            query.To,
            query.Sort,
            query.Cursor,
            query.Limit
        );
        return Respond.Value(await handler.Handle(request, cancellationToken), PersonalDataReadPage.From);
    }
}
