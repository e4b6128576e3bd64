using MakCrm.Application.Invitations;
using MakCrm.Contracts;
using MakCrm.WebApi.Wire;
using InvitationStatus = MakCrm.Domain.Invitations.InvitationStatus;

namespace MakCrm.WebApi.Endpoints;

internal sealed class InvitationEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/invitations/acceptance", Accept).WithName("acceptInvitation");

        var group = app.MapGroup("/api/v1/invitations");
        group.MapGet("/", List).WithName("listInvitations").SortedBy(InvitationSorts.Catalog);
        group.MapPost("/", Create).WithName("createInvitation");
        group.MapPost("/{id:guid}/resend", Resend).WithName("resendInvitation");
        group.MapPost("/{id:guid}/revoke", Revoke).WithName("revokeInvitation");
    }

    private static async Task<Results<JsonOk<InvitationPage>, ProblemHttpResult>> List(
        IQueryHandler<ListInvitationsQuery, Page<InvitationDto>> handler,
        [AsParameters] ListInvitationsParameters query,
        CancellationToken cancellationToken
    )
    {
        return Respond.Value(
            await handler.Handle(
                new ListInvitationsQuery(
                    query.OrganizationId,
                    query.Status?.Value,
                    query.Sort,
                    query.Cursor,
                    query.Limit
                ),
                cancellationToken
            ),
            InvitationPage.From
        );
    }

    private static async Task<Results<JsonCreated<Invitation>, JsonOk<Invitation>, ProblemHttpResult>> Create(
        ICommandHandler<CreateInvitationCommand, InvitationCreated> handler,
        Body<CreateInvitationRequest> body,
        CancellationToken cancellationToken
    )
    {
        var result = await handler.Handle(body.Value.ToCommand(), cancellationToken);
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }

        var invitation = Invitation.From(result.Value.Invitation);
        return result.Value.Created
            ? JsonAnswer.Created($"/api/v1/invitations/{invitation.Id}", invitation)
            : JsonAnswer.Ok(invitation);
    }

    private static async Task<Results<JsonOk<Invitation>, ProblemHttpResult>> Resend(
        Guid id,
        ICommandHandler<ResendInvitationCommand, InvitationDto> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new ResendInvitationCommand(id), cancellationToken), Invitation.From);

    private static async Task<Results<JsonOk<Invitation>, ProblemHttpResult>> Revoke(
        Guid id,
        ICommandHandler<RevokeInvitationCommand, InvitationDto> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new RevokeInvitationCommand(id), cancellationToken), Invitation.From);

    private static async Task<Results<JsonCreated<Contracts.AcceptedInvitation>, ProblemHttpResult>> Accept(
        ICommandHandler<AcceptInvitationCommand, Contracts.AcceptedInvitation> handler,
        Body<AcceptInvitationRequest> body,
        CancellationToken cancellationToken
    )
    {
        var accepted = await handler.Handle(body.Value.ToCommand(), cancellationToken);
        return accepted.IsSuccess
            ? JsonAnswer.Created((string?)null, accepted.Value) // the invitee has no token yet: no Location
            : Problems.From(accepted.Error!);
    }
}
