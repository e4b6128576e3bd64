using System.Security.Claims;

namespace MakCrm.WebApi.Auth;

/// <summary>
/// The identity <see cref="BearerAuthentication"/> establishes: the usual claims (subject, organization, client,
/// roles, how and when the user signed in) and the request's permissions as one set. The permissions are not claims:
/// as claims, a role's permissions (16 for a franchisee as seeded) were allocated for every request and scanned by
/// every policy check. The set is shared (the role matrix's set for those roles), so it is never changed.
/// </summary>
public sealed class CallerIdentity : ClaimsIdentity
{
    public CallerIdentity(IReadOnlySet<string> permissions)
        : base(BearerAuthentication.SchemeName, ClaimTypes.NameIdentifier, ClaimTypes.Role) =>
        Permissions = permissions;

    private CallerIdentity(CallerIdentity other)
        : base(other)
    {
        Permissions = other.Permissions;
        VisibleResponsibles = other.VisibleResponsibles;
    }

    public IReadOnlySet<string> Permissions { get; }

    /// <summary>The users whose rows a user whose visibility narrows them sees; <c>null</c> for every row.</summary>
    public IReadOnlyList<Guid>? VisibleResponsibles { get; init; }

    public override ClaimsIdentity Clone() => new CallerIdentity(this);

    /// <summary>Adds a claim made for this identity (a claim made without a subject is copied on the way in).</summary>
    public void Add(string type, string value, string valueType = ClaimValueTypes.String) =>
        AddClaim(new Claim(type, value, valueType, DefaultIssuer, DefaultIssuer, this));

    /// <summary>Whether the authenticated caller has the permission; false for anyone else.</summary>
    public static bool Has(ClaimsPrincipal user, string permission) =>
        user.Identity is CallerIdentity { IsAuthenticated: true } caller && caller.Permissions.Contains(permission);
}
