using MakCrm.Application.Abstractions.Mail;
using MakCrm.Domain.Access;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Invitations;

namespace MakCrm.Application.Invitations;

/// <summary>Invites a person into an organization (the caller's own when none is named) with a role.</summary>
public sealed record CreateInvitationCommand(string Email, string FullName, string Role, Guid? OrganizationId)
    : ICommand<InvitationCreated>;

/// <summary>The invitation, and whether this request created it (<c>false</c>: the same invitation was pending
/// already).</summary>
public sealed record InvitationCreated(InvitationDto Invitation, bool Created);

internal sealed class CreateInvitationValidator : AbstractValidator<CreateInvitationCommand>
{
    public CreateInvitationValidator()
    {
        RuleFor(c => (string?)c.Email)
            .Must(e => EmailAddress.TryParse(e, out _))
            .WithMessage("Must be an e-mail address; it becomes the sign-in name.")
            .OverridePropertyName("email");
        RuleFor(c => c.FullName).RequiredText(200);
        RuleFor(c => c.Role).NotEmpty().WithMessage("Is required.").MaximumLength(64);
    }
}

/// <summary>
/// Creates the invitation and its mail in one unit of work. Invitations to one e-mail in one organization are
/// serialised
/// (an advisory lock), so that there is at most one pending invitation per e-mail and organization: a request that
/// repeats the pending one (same name and role) gets it back, unchanged and without a new mail — creation is
/// idempotent; a different one is <c>invitation_pending</c> (revoke the pending one, or resend it).
/// </summary>
internal sealed class CreateInvitationHandler(
    IInvitationRepository invitations,
    IOrganizationRepository organizations,
    IAccountRegistry accounts,
    IPasswords passwords,
    IMailOutbox outbox,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<CreateInvitationCommand, InvitationCreated>
{
    public async Task<Result<InvitationCreated>> Handle(
        CreateInvitationCommand command,
        CancellationToken cancellationToken
    )
    {
        var organizationId = command.OrganizationId ?? actor.OrganizationId;
        var manager = await Inviters.ManagerAsync(actor, organizations, cancellationToken);
        var managed = new OnlyManagersManageUsers(manager, organizationId, null);
        if (managed.IsBroken())
        {
            return managed.Error;
        }

        var organization = await organizations.FindAsync(organizationId, cancellationToken);
        if (organization is null)
        {
            return Error.Validation("organizationId", "No such organization.");
        }

        var role = command.Role.Trim();
        var fits = new RoleMustFitOrganization(role, organization.Kind);
        if (fits.IsBroken())
        {
            return fits.Error;
        }

        var email = EmailAddress.Parse(command.Email).Value;
        if (await accounts.EmailTakenAsync(email, cancellationToken))
        {
            return new Error(ErrorCodes.EmailTaken, "A user with this e-mail exists already.", ErrorKind.Conflict);
        }

        var now = clock.UtcNowMicroseconds();
        var fullName = TextNormalizer.Collapse(command.FullName);
        await invitations.LockEmailAsync(organizationId, email, cancellationToken);
        if (await invitations.FindPendingAsync(organizationId, email, now, cancellationToken) is { } pending)
        {
            return pending.Role == role && pending.FullName == fullName
                ? new InvitationCreated(InvitationDto.From(pending, now), false)
                : new Error(
                    ErrorCodes.InvitationPending,
                    $"A different invitation to this e-mail is pending ({pending.Id}); revoke it before inviting "
                        + $"again, or resend it.",
                    ErrorKind.Conflict
                );
        }

        var token = OneTimeToken.New();
        var invitation = Invitation.Create(
            clock.NewId(),
            organizationId,
            email,
            fullName,
            role,
            token.Hash,
            actor.UserId,
            now
        );
        invitations.Add(invitation);
        await Inviters.MailAsync(outbox, passwords, invitation, organization, token, actor.UserId, cancellationToken);
        return new InvitationCreated(InvitationDto.From(invitation, now), true);
    }
}
