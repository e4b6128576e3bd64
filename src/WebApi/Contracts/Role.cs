using MakCrm.Application.Access;

namespace MakCrm.WebApi.Contracts;

/// <summary>A role and its permissions (schema <c>Role</c>).</summary>
public sealed record Role(string Name, bool RequiresTwoFactor, IReadOnlyList<string> Permissions)
{
    public static Role From(RoleDto dto) => new(dto.Name, dto.RequiresTwoFactor, dto.Permissions);
}

/// <summary>The whole matrix: every role, and every permission there is (schema <c>RoleMatrix</c>).</summary>
public sealed record RoleMatrix(IReadOnlyList<Role> Roles, IReadOnlyList<string> Permissions);

public sealed record SetRolePermissionsRequest
{
    public required IReadOnlyList<string> Permissions { get; init; }

    /// <summary>Whether the role's users must use two-factor authentication; absent keeps the setting.</summary>
    public bool? RequiresTwoFactor { get; init; }
}
