using MakCrm.Application.Access;

namespace MakCrm.WebApi.Contracts;

/// <summary>A role and its permissions (schema <c>Role</c>).</summary>
public sealed partial record Role
{
    public static Role From(RoleDto dto) => new(dto.Name, dto.RequiresTwoFactor, dto.Permissions);
}

