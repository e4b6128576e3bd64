using Microsoft.AspNetCore.Identity;

namespace MakCrm.Infrastructure.Identity;

public sealed class MakRole : IdentityRole<Guid>
{
    /// <summary>Users of this role must have two-factor authentication on.</summary>
    public bool RequiresTwoFactor { get; set; }
}
