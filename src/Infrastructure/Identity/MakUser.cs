using MakCrm.Domain.Access;
using MakCrm.Domain.Organizations;
using Microsoft.AspNetCore.Identity;

namespace MakCrm.Infrastructure.Identity;

/// <summary>A person who signs in: an employee of the head office, a partner's or a franchisee's user.</summary>
public sealed class MakUser : IdentityUser<Guid>, IOrganizationOwned
{
    public Guid OrganizationId { get; set; }

    public static PurgeRule Purge => PurgeRule.GoesWithOrganization;

    public string FullName { get; set; } = "";

    /// <summary>A disabled user cannot sign in, and the tokens already issued to them are refused.</summary>
    public bool IsDisabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Whose rows the user sees within its permissions; read with its standing on every request.</summary>
    public UserVisibility Visibility { get; set; }

    /// <summary>
    /// The RFC 6238 time step of the last authenticator code accepted from this user: only a code of a later step is
    /// accepted. Written only by the one conditional UPDATE that accepts a code
    /// (<see cref="Security.TwoFactorAuthentication"/>).
    /// </summary>
    public long? TotpLastStep { get; set; }

    /// <summary>
    /// When the user last signed in with a second factor (an authenticator or a recovery code). Written only by the
    /// sign-in's own UPDATE (<see cref="Security.TokenGrants"/>), never by a save of the whole user.
    /// </summary>
    public DateTimeOffset? LastTwoFactorSignInAt { get; set; }
}
