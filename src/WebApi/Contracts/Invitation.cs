using MakCrm.Application.Common;
using MakCrm.Application.Invitations;
using MakCrm.Application.Passwords;
using MakCrm.Domain.Invitations;

namespace MakCrm.WebApi.Contracts;

/// <summary>An invitation into an organization (schema <c>Invitation</c>).</summary>
public sealed record Invitation(
    Guid Id,
    Guid OrganizationId,
    string Email,
    string FullName,
    string Role,
    InvitationStatus Status,
    DateTimeOffset ExpiresAt,
    Guid? InvitedByUserId,
    Guid? AcceptedUserId,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static Invitation From(InvitationDto i) =>
        new(i.Id, i.OrganizationId, i.Email, i.FullName, i.Role, i.Status, i.ExpiresAt, i.InvitedByUserId, i.AcceptedUserId, i.AcceptedAt, i.CreatedAt, i.UpdatedAt);
}

public sealed record InvitationPage(IReadOnlyList<Invitation> Items, string? NextCursor)
{
    public static InvitationPage From(Page<InvitationDto> page) => new(page.Items.Select(Invitation.From).ToList(), page.NextCursor);
}

public sealed record CreateInvitationRequest
{
    public required string Email { get; init; }

    public required string FullName { get; init; }

    public required string Role { get; init; }

    public Guid? OrganizationId { get; init; }

    public CreateInvitationCommand ToCommand() => new(Email, FullName, Role, OrganizationId);
}

public sealed record AcceptInvitationRequest
{
    public required string Token { get; init; }

    public required string Password { get; init; }

    public AcceptInvitationCommand ToCommand() => new(Token, Password);
}

public sealed record AcceptedInvitation(Guid UserId, string Email, Guid OrganizationId)
{
    public static AcceptedInvitation From(AcceptedInvitationDto a) => new(a.UserId, a.Email, a.OrganizationId);
}

public sealed record PasswordResetRequest
{
    public required string Email { get; init; }

    public RequestPasswordResetCommand ToCommand() => new(Email);
}

public sealed record CompletePasswordResetRequest
{
    public required string Token { get; init; }

    public required string NewPassword { get; init; }

    public CompletePasswordResetCommand ToCommand() => new(Token, NewPassword);
}

public sealed record ChangePasswordRequest
{
    public required string CurrentPassword { get; init; }

    public required string NewPassword { get; init; }

    public ChangePasswordCommand ToCommand() => new(CurrentPassword, NewPassword);
}
