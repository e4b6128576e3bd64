using MakCrm.Application.Abstractions.Events;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Events;
using MakCrm.Domain.Invitations;

namespace MakCrm.Application.Invitations;

/// <summary>The invitee accepts with the token from the mail and chooses a password: the user is created.</summary>
public sealed record AcceptInvitationCommand(string Token, string Password) : ICommand<Contracts.AcceptedInvitation>;

internal sealed class AcceptInvitationValidator : AbstractValidator<AcceptInvitationCommand>
{
    public AcceptInvitationValidator()
    {
        RuleFor(c => c.Token).NotEmpty().WithMessage("Is required.").MaximumLength(200);
        RuleFor(c => c.Password).NotEmpty().WithMessage("Is required.");
    }
}

/// <summary>
/// Finds the invitation by the token's hash and update-locks it, so that of two acceptances with one token the second
/// waits and then finds it accepted: a token is used once. Any token that is not a pending, unexpired invitation's
/// current one — forged, used, revoked, replaced by a resend, expired — is the same 400 <c>invalid_token</c>, and
/// nothing changes. The user gets the invitation's e-mail, name, organization and role; the first user of an
/// organization without an owner becomes its owner.
/// </summary>
internal sealed class AcceptInvitationHandler(
    IInvitationRepository invitations,
    IOrganizationRepository organizations,
    IAccountRegistry accounts,
    IUserAdministration users,
    IEventOutbox events,
    TimeProvider clock
) : ICommandHandler<AcceptInvitationCommand, Contracts.AcceptedInvitation>
{
    public async Task<Result<Contracts.AcceptedInvitation>> Handle(
        AcceptInvitationCommand command,
        CancellationToken cancellationToken
    )
    {
        var now = clock.UtcNowMicroseconds();
        var invitation = await invitations.FindByTokenHashForUpdateAsync(
            SecretHash.Of(command.Token),
            cancellationToken
        );
        if (invitation is null || invitation.StatusAt(now) != InvitationStatus.Pending)
        {
            return InvitationTokens.Invalid;
        }

        if (await accounts.EmailTakenAsync(invitation.Email, cancellationToken))
        {
            return new Error(
                ErrorCodes.EmailTaken,
                "A user with this e-mail exists already; sign in instead.",
                ErrorKind.Conflict
            );
        }

        var organization = await organizations.FindAsync(invitation.OrganizationId, cancellationToken);
        if (organization is null)
        {
            return InvitationTokens.Invalid;
        }

        var user = await accounts.CreateAsync(
            invitation.Email,
            command.Password,
            invitation.FullName,
            organization.Id,
            invitation.Role,
            cancellationToken
        );
        if (!user.IsSuccess)
        {
            return user.Error!;
        }

        var accepted = invitation.Accept(user.Value, now);
        if (!accepted.IsSuccess)
        {
            return accepted.Error!;
        }

        organization.ClaimOwnership(user.Value, now);
        if (await users.FindAsync(user.Value, DataScope.All, cancellationToken) is { } created)
        {
            // An ownership claimed just now is not saved yet.
            events.Raise(
                EventPayloads.UserCreated,
                organization.Id,
                created.Id,
                created with
                {
                    IsOrganizationOwner = organization.OwnerUserId == created.Id,
                }
            );
        }

        return new Contracts.AcceptedInvitation(user.Value, invitation.Email, organization.Id);
    }
}
