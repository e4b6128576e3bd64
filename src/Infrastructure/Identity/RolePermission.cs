namespace MakCrm.Infrastructure.Identity;

/// <summary>One cell of the role-to-permission matrix.</summary>
public sealed class RolePermission
{
    public Guid RoleId { get; set; }

    public string Permission { get; set; } = "";
}
