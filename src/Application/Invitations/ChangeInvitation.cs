using MakCrm.Application.Abstractions.Mail;
using MakCrm.Domain.Access;
using MakCrm.Domain.Invitations;

namespace MakCrm.Application.Invitations;

/// <summary>Sends the invitation again with a new token and a new expiry; the old link stops working.</summary>
public sealed record ResendInvitationCommand(Guid Id) : ICommand<InvitationDto>;

/// <summary>Revokes a pending invitation: its link stops working. Revoking a revoked one changes nothing.</summary>
public sealed record RevokeInvitationCommand(Guid Id) : ICommand<InvitationDto>;

internal sealed class ResendInvitationHandler(
    IInvitationRepository invitations,
    IOrganizationRepository organizations,
    IPasswords passwords,
    IMailOutbox outbox,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<ResendInvitationCommand, InvitationDto>
{
    public async Task<Result<InvitationDto>> Handle(
        ResendInvitationCommand command,
        CancellationToken cancellationToken
    )
    {
        var found = await InvitationAccess.FindManagedAsync(
            invitations,
            organizations,
            actor,
            command.Id,
            cancellationToken
        );
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var invitation = found.Value;
        var now = clock.UtcNowMicroseconds();
        var token = OneTimeToken.New();
        var resent = invitation.Resend(token.Hash, now);
        if (!resent.IsSuccess)
        {
            return resent.Error!;
        }

        var organization = (await organizations.FindAsync(invitation.OrganizationId, cancellationToken))!;
        await Inviters.MailAsync(outbox, passwords, invitation, organization, token, actor.UserId, cancellationToken);
        return InvitationDto.From(invitation, now);
    }
}

internal sealed class RevokeInvitationHandler(
    IInvitationRepository invitations,
    IOrganizationRepository organizations,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<RevokeInvitationCommand, InvitationDto>
{
    public async Task<Result<InvitationDto>> Handle(
        RevokeInvitationCommand command,
        CancellationToken cancellationToken
    )
    {
        var found = await InvitationAccess.FindManagedAsync(
            invitations,
            organizations,
            actor,
            command.Id,
            cancellationToken
        );
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var now = clock.UtcNowMicroseconds();
        var revoked = found.Value.Revoke(now);
        return revoked.IsSuccess ? InvitationDto.From(found.Value, now) : revoked.Error!;
    }
}

internal static class InvitationAccess
{
    /// <summary>
    /// The invitation, update-locked, when the caller sees it (else 404, as for any record of another organization) and
    /// manages its organization's users (else 403).
    /// </summary>
    public static async Task<Result<Invitation>> FindManagedAsync(
        IInvitationRepository invitations,
        IOrganizationRepository organizations,
        ICurrentActor actor,
        Guid id,
        CancellationToken cancellationToken
    )
    {
        var invitation = await invitations.FindAsync(id, RowLock.Update, cancellationToken);
        if (invitation is null || !Inviters.Sees(actor, invitation))
        {
            return Error.NotFound("Invitation", id);
        }

        var manager = await Inviters.ManagerAsync(actor, organizations, cancellationToken);
        var managed = new OnlyManagersManageUsers(manager, invitation.OrganizationId, null);
        return managed.IsBroken() ? managed.Error : invitation;
    }
}
