using MakCrm.Domain.Access;
using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Reports;

/// <summary>Whom a dashboard is meant for.</summary>
public enum DashboardAudience
{
    /// <summary>Anyone of head office (a user or an API client).</summary>
    HeadOffice,

    /// <summary>A partner's users and API clients (the partner role is given only in partner organizations).</summary>
    Partner,

    /// <summary>A franchisee's users and API clients.</summary>
    Franchisee,

    /// <summary>A head-office user: the dashboard is about the user's own work, so an API client has none.</summary>
    Employee,
}

/// <summary>The caller as the dashboard rule sees it.</summary>
public sealed record DashboardViewer(Guid OrganizationId, IReadOnlyList<string> Roles, Guid? UserId);

/// <summary>
/// A dashboard opens only for its audience (beside <see cref="Permissions.DashboardsRead"/>, which the role matrix
/// gives): a partner cannot open head office's dashboard or a franchisee's, whatever rows it might see there.
/// </summary>
public sealed record DashboardMustBeMeantForCaller(string Name, DashboardAudience Audience, DashboardViewer Viewer)
    : IBusinessRule
{
    public bool IsBroken() =>
        !(
            Audience switch
            {
                DashboardAudience.HeadOffice => Viewer.OrganizationId == Organization.HeadOfficeId,
                DashboardAudience.Partner => Viewer.Roles.Contains(Roles.Partner),
                DashboardAudience.Franchisee => Viewer.Roles.Contains(Roles.Franchisee),
                _ => Viewer.OrganizationId == Organization.HeadOfficeId && Viewer.UserId is not null,
            }
        );

    public Error Error =>
        new(
            ErrorCodes.DashboardForbidden,
            $"The dashboard '{Name}' is not meant for the caller: {Audience switch
    {
        DashboardAudience.HeadOffice => "it is head office's",
        DashboardAudience.Partner => "it is a partner's",
        DashboardAudience.Franchisee => "it is a franchisee's",
        _ => "it is a head-office user's own",
    }}.",
            ErrorKind.Forbidden
        );
}
