using MakCrm.Application.Referrals;
using MakCrm.Contracts;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

/// <summary>The referral program: an organization's code and link, its referrals of two levels, head office's
/// correction.</summary>
internal sealed class ReferralEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/organizations");
        group.MapGet("/{id:guid}/referral", Get).WithName("getReferralProgram");
        group.MapGet("/{id:guid}/referrals", List).WithName("listReferrals");
        group.MapPut("/{id:guid}/referrer", Set).WithName("setOrganizationReferrer");
    }

    private static async Task<Results<JsonOk<Contracts.ReferralProgram>, ProblemHttpResult>> Get(
        Guid id,
        IQueryHandler<GetReferralProgramQuery, Contracts.ReferralProgram> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new GetReferralProgramQuery(id), cancellationToken));

    private static async Task<Results<JsonOk<ReferralPage>, ProblemHttpResult>> List(
        Guid id,
        IQueryHandler<ListReferralsQuery, Page<ReferralDto>> handler,
        [AsParameters] ListReferralsParameters query,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new ListReferralsQuery(id, query.Level, query.Cursor, query.Limit), cancellationToken),
            ReferralPage.From
        );

    private static async Task<Results<JsonOk<Contracts.ReferralProgram>, ProblemHttpResult>> Set(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        ICommandHandler<CorrectReferrerCommand, Contracts.ReferralProgram> handler,
        Body<SetReferrerRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(
                new CorrectReferrerCommand(
                    id,
                    ETag.IfMatch(ifMatch),
                    body.Value.ReferrerOrganizationId,
                    body.Value.Reason
                ),
                cancellationToken
            )
        );
}
