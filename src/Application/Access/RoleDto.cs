namespace MakCrm.Application.Access;

public sealed record RoleDto(string Name, bool RequiresTwoFactor, IReadOnlyList<string> Permissions);
