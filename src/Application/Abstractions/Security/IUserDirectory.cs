namespace MakCrm.Application.Abstractions.Security;

/// <summary>Looks up users as other records refer to them (a task's assignee).</summary>
public interface IUserDirectory
{
    /// <summary>The user when they exist, are not disabled and belong to an active organization; otherwise <c>null</c>.</summary>
    Task<ActiveUser?> FindActiveAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>The active users of the head office whose role holds the permission (by default: admins and employees for <c>leads.read.all</c>).</summary>
    Task<IReadOnlyList<ActiveUser>> FindHeadOfficeUsersWithAsync(string permission, CancellationToken cancellationToken);

    /// <summary>The users of an organization who can sign in (not disabled), in a stable order.</summary>
    Task<IReadOnlyList<ActiveUser>> FindOrganizationUsersAsync(Guid organizationId, CancellationToken cancellationToken);
}

public sealed record ActiveUser(Guid Id, Guid OrganizationId);
