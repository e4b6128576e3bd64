using MakCrm.Domain.Access;
using Microsoft.AspNetCore.Authorization;

namespace MakCrm.WebApi.Auth;

/// <summary>
/// One authorization policy per operation kind, each satisfied by any of its permissions. Reading is allowed with
/// either the <c>.own</c> or the <c>.all</c> permission; which rows are visible is then decided by the handler's
/// data scope. Every endpoint must name one of these policies or be explicitly anonymous; a test fails for an
/// endpoint that does neither. (No fallback policy: it would also guard the framework's own 404/405/415 answers,
/// turning a token request with the wrong content type into a confusing 401.)
/// </summary>
public static class PermissionPolicies
{
    public const string ClientsRead = "clients.read";
    public const string ClientsWrite = Permissions.ClientsWrite;
    public const string ClientsDelete = Permissions.ClientsDelete;
    public const string ClientsExport = Permissions.ClientsExport;
    public const string ClientSourcesManage = Permissions.ClientSourcesManage;
    public const string LeadsRead = "leads.read";
    public const string LeadsWrite = Permissions.LeadsWrite;
    public const string LeadsDelete = Permissions.LeadsDelete;
    public const string DealsRead = "deals.read";
    public const string DealsWrite = Permissions.DealsWrite;
    public const string DealsDelete = Permissions.DealsDelete;
    public const string PipelinesManage = Permissions.PipelinesManage;
    public const string LeadsExport = Permissions.LeadsExport;
    public const string TasksRead = "tasks.read";
    public const string TasksWrite = Permissions.TasksWrite;
    public const string TasksDelete = Permissions.TasksDelete;
    public const string NotificationsRead = Permissions.NotificationsRead;
    public const string LeadStatusesManage = Permissions.LeadStatusesManage;
    public const string AuditRead = Permissions.AuditRead;
    public const string RolesManage = Permissions.RolesManage;
    public const string ApiClientsManage = Permissions.ApiClientsManage;
    public const string OrganizationsManage = Permissions.OrganizationsManage;
    public const string AuctionRead = Permissions.AuctionRead;
    public const string AuctionBid = Permissions.AuctionBid;
    public const string AuctionManage = Permissions.AuctionManage;
    public const string LedgerRead = "ledger.read";
    public const string LedgerManage = Permissions.LedgerManage;
    public const string LeadReturnsRead = "lead_returns.read";
    public const string LeadReturnsCreate = Permissions.LeadReturnsCreate;
    public const string LeadReturnsDecide = Permissions.LeadReturnsDecide;

    public static readonly IReadOnlyDictionary<string, string[]> AnyOf = new Dictionary<string, string[]>
    {
        [ClientsRead] = [Permissions.ClientsReadOwn, Permissions.ClientsReadAll],
        [ClientsWrite] = [Permissions.ClientsWrite],
        [ClientsDelete] = [Permissions.ClientsDelete],
        [ClientsExport] = [Permissions.ClientsExport],
        [ClientSourcesManage] = [Permissions.ClientSourcesManage],
        [LeadsRead] = [Permissions.LeadsReadOwn, Permissions.LeadsReadAll],
        [LeadsWrite] = [Permissions.LeadsWrite],
        [LeadsDelete] = [Permissions.LeadsDelete],
        [DealsRead] = [Permissions.DealsReadOwn, Permissions.DealsReadAll],
        [DealsWrite] = [Permissions.DealsWrite],
        [DealsDelete] = [Permissions.DealsDelete],
        [PipelinesManage] = [Permissions.PipelinesManage],
        [LeadsExport] = [Permissions.LeadsExport],
        [TasksRead] = [Permissions.TasksReadOwn, Permissions.TasksReadAll],
        [TasksWrite] = [Permissions.TasksWrite],
        [TasksDelete] = [Permissions.TasksDelete],
        [NotificationsRead] = [Permissions.NotificationsRead],
        [LeadStatusesManage] = [Permissions.LeadStatusesManage],
        [AuditRead] = [Permissions.AuditRead],
        [RolesManage] = [Permissions.RolesManage],
        [ApiClientsManage] = [Permissions.ApiClientsManage],
        [OrganizationsManage] = [Permissions.OrganizationsManage],
        [AuctionRead] = [Permissions.AuctionRead],
        [AuctionBid] = [Permissions.AuctionBid],
        [AuctionManage] = [Permissions.AuctionManage],
        [LedgerRead] = [Permissions.LedgerReadOwn, Permissions.LedgerReadAll],
        [LedgerManage] = [Permissions.LedgerManage],
        [LeadReturnsRead] = [Permissions.LeadReturnsCreate, Permissions.LeadReturnsDecide],
        [LeadReturnsCreate] = [Permissions.LeadReturnsCreate],
        [LeadReturnsDecide] = [Permissions.LeadReturnsDecide],
    };

    /// <summary>The signed-in user's own account (two-factor settings): any user, whatever the role; never an API client.</summary>
    public const string Account = "account";

    /// <summary>Policies that also need a user: an API client has no inbox, so it is refused (403) whatever its scopes.</summary>
    private static readonly HashSet<string> UsersOnly = new(StringComparer.Ordinal) { NotificationsRead };

    /// <summary>Every policy an endpoint may name.</summary>
    public static IReadOnlySet<string> Names { get; } = AnyOf.Keys.Append(Account).ToHashSet(StringComparer.Ordinal);

    public static void Add(AuthorizationOptions options)
    {
        // No authentication schemes on the policies: the default scheme (Bearer) has authenticated the request already, and
        // naming it here would authenticate it again and copy the caller's identity for every policy check.
        options.AddPolicy(Account, policy => policy
            .RequireAuthenticatedUser()
            .RequireAssertion(context => IsUser(context.User)));

        foreach (var (name, permissions) in AnyOf)
        {
            options.AddPolicy(name, policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => permissions.Any(p => CallerIdentity.Has(context.User, p))
                    && (!UsersOnly.Contains(name) || IsUser(context.User))));
        }
    }

    private static bool IsUser(System.Security.Claims.ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, out _);
}
