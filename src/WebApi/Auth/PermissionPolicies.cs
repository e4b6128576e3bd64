using System.Security.Claims;
using MakCrm.Domain.Access;
using Microsoft.AspNetCore.Authorization;

namespace MakCrm.WebApi.Auth;

/// <summary>
/// The authorization policies, made from the role matrix's permissions (<see cref="Permissions.All"/>): one policy per
/// permission, named by the permission itself, so an endpoint names the permission it needs
/// (<c>RequireAuthorization(Permissions.LeadsWrite)</c>). The rules that are more than one permission have names of
/// their own: reading is allowed with either the <c>.own</c> or the <c>.all</c> permission, under the name the pair
/// shares (<c>clients.read</c>; which rows are visible is then decided by the handler's data scope), returns are read
/// by whoever may request or decide them, and the account is any user's. Every endpoint must name one of these
/// policies or be explicitly anonymous; a test fails for an endpoint that does neither. (No fallback policy: it would
/// also guard the framework's own 404/405/415 answers, turning a token request with the wrong content type into a
/// confusing 401.)
/// </summary>
public static class PermissionPolicies
{
    /// <summary>Returns are read by whoever may request or decide them.</summary>
    public const string LeadReturnsRead = "lead_returns.read";

    /// <summary>
    /// Changing users and invitations needs <c>users.manage</c> (head office) or <c>users.manage.own</c> (an owner; the
    /// handler checks
    /// ownership), and a user: the rules name the manager.
    /// </summary>
    public const string UsersAdminister = "users.administer";

    /// <summary>The assignee pickers: whoever may give leads, deals or tasks to somebody (the handler checks the kind
    /// asked for).</summary>
    public const string AssigneesRead = "assignees.read";

    /// <summary>An organization: its own for a member, any for head office (the handler decides which).</summary>
    public const string OrganizationsRead = "organizations.read";

    /// <summary>An organization's profile and hosts: its owner's, or any for head office (the handler decides
    /// which).</summary>
    public const string OrganizationsEdit = "organizations.edit";

    /// <summary>
    /// The signed-in user's own account (two-factor settings): any user, whatever the role; never an API client, and a
    /// client acting for the user only reads.
    /// </summary>
    public const string Account = "account";

    /// <summary>
    /// The rules satisfied by any one of several permissions: each own/all pair (<c>clients.read.own</c> and
    /// <c>clients.read.all</c> make <c>clients.read</c>), and the rules named below.
    /// </summary>
    private static readonly Dictionary<string, string[]> AnyOf = new(OwnAllPairs(), StringComparer.Ordinal)
    {
        [LeadReturnsRead] = [Permissions.LeadReturnsCreate, Permissions.LeadReturnsDecide],
        [UsersAdminister] = [Permissions.UsersManage, Permissions.UsersManageOwn],
        [AssigneesRead] = [Permissions.LeadsWrite, Permissions.DealsWrite, Permissions.TasksWrite],
        [OrganizationsRead] = [Permissions.OrganizationsReadOwn, Permissions.OrganizationsManage],
        [OrganizationsEdit] = [Permissions.OrganizationsEditOwn, Permissions.OrganizationsManage],
    };

    /// <summary>Policies that also need a user: the rules name the manager, so an API client is refused (403) whatever
    /// its scopes.</summary>
    private static readonly HashSet<string> UsersOnly = new(StringComparer.Ordinal) { UsersAdminister };

    /// <summary>Every policy an endpoint may name.</summary>
    public static IReadOnlySet<string> Names { get; } =
        Permissions
            .All.Concat(Permissions.ClientOnly)
            .Concat(AnyOf.Keys)
            .Append(Account)
            .ToHashSet(StringComparer.Ordinal);

    public static void Add(AuthorizationOptions options)
    {
        // No authentication schemes on the policies: the default scheme (Bearer) has authenticated the request already,
        // and
        // naming it here would authenticate it again and copy the caller's identity for every policy check.
        // A client acting for the user (token exchange) reads the account but changes nothing of it: not the password,
        // two-factor authentication, sessions or links.
        options.AddPolicy(
            Account,
            policy =>
                policy
                    .RequireAuthenticatedUser()
                    .RequireAssertion(context =>
                        IsUser(context.User)
                        && (
                            !context.User.HasClaim(c => c.Type == BearerAuthentication.ActorClaim)
                            || (
                                context.Resource is HttpContext http
                                && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
                            )
                        )
                    )
        );

        foreach (
            var (name, permissions) in Permissions
                .All.Concat(Permissions.ClientOnly)
                .Select(p => (p, new[] { p }))
                .Concat(AnyOf.Select(r => (r.Key, r.Value)))
        )
        {
            var usersOnly = UsersOnly.Contains(name);
            options.AddPolicy(
                name,
                policy =>
                    policy
                        .RequireAuthenticatedUser()
                        .RequireAssertion(context =>
                            permissions.Any(p => CallerIdentity.Has(context.User, p))
                            && (!usersOnly || IsUser(context.User))
                        )
            );
        }
    }

    /// <summary>
    /// A policy for each permission <c>x.own</c> whose <c>x.all</c> exists, named <c>x</c>: reading is allowed with
    /// either, and the handler's data scope decides which rows are visible.
    /// </summary>
    private static Dictionary<string, string[]> OwnAllPairs()
    {
        const string own = ".own",
            all = ".all";
        var permissions = Permissions.All.Concat(Permissions.ClientOnly).ToHashSet(StringComparer.Ordinal);
        return permissions
            .Where(p => p.EndsWith(own, StringComparison.Ordinal))
            .Select(p => p[..^own.Length])
            .Where(stem => permissions.Contains(stem + all))
            .ToDictionary(stem => stem, stem => new[] { stem + own, stem + all }, StringComparer.Ordinal);
    }

    private static bool IsUser(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(ClaimTypes.NameIdentifier)?.Value, out _);
}
