using MakCrm.Application.Common;
using MakCrm.Application.Invitations;
using MakCrm.Application.Passwords;
using MakCrm.Domain.Invitations;

namespace MakCrm.WebApi.Contracts;

/// <summary>An invitation into an organization (schema <c>Invitation</c>).</summary>
public sealed partial record Invitation
{
    public static Invitation From(InvitationDto i) =>
        new(i.Id, i.OrganizationId, i.Email, i.FullName, i.Role, i.Status, i.ExpiresAt, i.InvitedByUserId, i.AcceptedUserId, i.AcceptedAt, i.CreatedAt, i.UpdatedAt);
}

public sealed partial record InvitationPage
{
    public static InvitationPage From(Page<InvitationDto> page) => new(page.Items.Select(Invitation.From).ToList(), page.NextCursor);
}

public sealed partial record CreateInvitationRequest
{
    public CreateInvitationCommand ToCommand() => new(Email, FullName, Role, OrganizationId);
}

public sealed partial record AcceptInvitationRequest
{
    public AcceptInvitationCommand ToCommand() => new(Token, Password);
}

public sealed partial record PasswordResetRequest
{
    public RequestPasswordResetCommand ToCommand() => new(Email);
}

public sealed partial record CompletePasswordResetRequest
{
    public CompletePasswordResetCommand ToCommand() => new(Token, NewPassword);
}

public sealed partial record ChangePasswordRequest
{
    public ChangePasswordCommand ToCommand() => new(CurrentPassword, NewPassword);
}
