using System.Globalization;
using MakCrm.Domain.Access;
using MakCrm.Domain.Invitations;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Invitations;

public sealed record InvitationDto(
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
    DateTimeOffset UpdatedAt,
    int Version
) : Contracts.IVersioned
{
    public static InvitationDto From(Invitation i, DateTimeOffset now) =>
        new(
            i.Id,
            i.OrganizationId,
            i.Email,
            i.FullName,
            i.Role,
            i.StatusAt(now),
            i.ExpiresAt,
            i.InvitedByUserId,
            i.AcceptedUserId,
            i.AcceptedAt,
            i.CreatedAt,
            i.UpdatedAt,
            i.Version
        );
}

public enum InvitationSortField
{
    CreatedAt,
}

public sealed record InvitationListCriteria(
    Guid? OrganizationId,
    InvitationStatus? Status,
    DateTimeOffset Now,
    SortOption<InvitationSortField> Sort,
    KeysetPosition? After,
    int Take
);

public static class InvitationSorts
{
    public static SortCatalog<InvitationSortField, InvitationDto> Catalog { get; } =
        new(
            "invitations",
            "-createdAt",
            ("createdAt", InvitationSortField.CreatedAt, typeof(DateTimeOffset), i => i.CreatedAt)
        );
}

/// <summary>
/// Who manages invitations, as <see cref="OnlyManagersManageUsers"/> sees the caller: head office (<c>users.manage</c>)
/// any organization's, an organization's owner (<c>users.manage.own</c>) its own organization's.
/// </summary>
internal static class Inviters
{
    public static async Task<UserManager> ManagerAsync(
        ICurrentActor actor,
        IOrganizationRepository organizations,
        CancellationToken cancellationToken
    )
    {
        var own = await organizations.FindAsync(actor.OrganizationId, cancellationToken);
        var userId = actor.UserId ?? Guid.Empty;
        var owned = actor.UserId is not null && own?.OwnerUserId == actor.UserId ? own.Id : (Guid?)null;
        return new UserManager(
            userId,
            actor.OrganizationId,
            actor.Has(Permissions.UsersManage),
            actor.Has(Permissions.UsersManageOwn),
            owned
        );
    }

    /// <summary>An invitation the caller may see: head office's every one, anybody else's its own
    /// organization's.</summary>
    public static bool Sees(ICurrentActor actor, Invitation invitation) =>
        actor.Has(Permissions.UsersManage) || invitation.OrganizationId == actor.OrganizationId;

    /// <summary>Writes the invitation mail with the link of <paramref name="token"/>.</summary>
    public static async Task MailAsync(
        Abstractions.Mail.IMailOutbox outbox,
        IPasswords passwords,
        Invitation invitation,
        Organization organization,
        OneTimeToken token,
        Guid? inviterId,
        CancellationToken cancellationToken
    )
    {
        var inviter = inviterId is { } id ? await passwords.FindAsync(id, cancellationToken) : null;
        outbox.Add(
            new Abstractions.Mail.MailDraft(
                invitation.Email,
                "invitation",
                new Dictionary<string, object?>
                {
                    ["fullName"] = invitation.FullName,
                    ["organizationName"] = organization.Name,
                    ["roleName"] = RoleNames.Russian(invitation.Role),
                    ["invitedBy"] = inviter?.FullName,
                    ["token"] = token.Value,
                    ["expiresAt"] = MailTimes.Format(invitation.ExpiresAt),
                }
            )
        );
    }
}

/// <summary>The roles as a Russian reader knows them, for mails.</summary>
public static class RoleNames
{
    public static string Russian(string role) =>
        role switch
        {
            Roles.Admin => "администратор",
            Roles.Employee => "сотрудник",
            Roles.Partner => "партнёр",
            Roles.Franchisee => "франчайзи",
            Roles.Guest => "гость",
            _ => role,
        };
}

/// <summary>Times in mails: Moscow time, as the readers live by it.</summary>
public static class MailTimes
{
    private static readonly TimeSpan Moscow = TimeSpan.FromHours(3);

    public static string Format(DateTimeOffset time) =>
        time.ToOffset(Moscow).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture) + " (МСК)";
}
