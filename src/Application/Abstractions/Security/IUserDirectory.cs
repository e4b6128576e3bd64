namespace MakCrm.Application.Abstractions.Security;

/// <summary>Looks up users as other records refer to them (a task's assignee).</summary>
public interface IUserDirectory
{
    /// <summary>The user when they exist, are not disabled and belong to an active organization; otherwise
    /// <c>null</c>.</summary>
    Task<ActiveUser?> FindActiveAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>The organization's owner when they are active (as <see cref="FindActiveAsync"/>); otherwise, and for
    /// an organization without an owner, <c>null</c>.</summary>
    Task<ActiveUser?> FindActiveOwnerAsync(Guid organizationId, CancellationToken cancellationToken);

    /// <summary>The active users of the head office whose role holds the permission (by default: admins and employees
    /// for <c>leads.read.all</c>).</summary>
    Task<IReadOnlyList<ActiveUser>> FindHeadOfficeUsersWithAsync(
        string permission,
        CancellationToken cancellationToken
    );

    /// <summary>The users of an organization who can sign in (not disabled), in a stable order.</summary>
    Task<IReadOnlyList<ActiveUser>> FindOrganizationUsersAsync(
        Guid organizationId,
        CancellationToken cancellationToken
    );

    /// <summary>The users of an organization who can sign in (not disabled) and whose role holds any of the
    /// permissions, in a stable order.</summary>
    Task<IReadOnlyList<ActiveUser>> FindOrganizationUsersWithAnyAsync(
        Guid organizationId,
        IReadOnlyCollection<string> permissions,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// The user when they are active (as <see cref="FindActiveAsync"/>), with whether their role holds the two
    /// permissions that let a user see a kind of record; otherwise <c>null</c>.
    /// </summary>
    Task<AssignableUser?> FindAssignableAsync(
        Guid userId,
        string readOwn,
        string readAll,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// A page, by display name and id, of exactly the active users whom a record of that kind belonging to the
    /// organization may be given to (<see cref="Common.AssignedRecord.MayBeGivenTo"/>, evaluated in the query).
    /// </summary>
    Task<IReadOnlyList<AssigneeCandidateDto>> ListAssignableAsync(
        AssigneeCandidateCriteria criteria,
        CancellationToken cancellationToken
    );
}

public sealed record ActiveUser(Guid Id, Guid OrganizationId);

/// <summary>An active user and whether their role lets them see their organization's (<paramref name="ReadsOwn"/>) or
/// every organization's (<paramref name="ReadsAll"/>) records of a kind.</summary>
public sealed record AssignableUser(Guid Id, Guid OrganizationId, bool ReadsOwn, bool ReadsAll);

/// <summary>A user a picker offers.</summary>
public sealed record AssigneeCandidateDto(Guid Id, string DisplayName, string Role, Guid OrganizationId);

/// <param name="Take">Rows to read: the page's limit plus one.</param>
public sealed record AssigneeCandidateCriteria(
    Common.AssignedRecord Record,
    Guid OrganizationId,
    Common.KeysetPosition? After,
    int Take
);
